"""Errors the service answers with, each knowing its HTTP status and stable code.

    ServiceError (model.errors.UnsentError)   base: status, code, field, message
    ├── InvalidFieldError          422  a field of the request is wrong; ``field`` names it
    │   ├── DraftTooLongError      422  text over UNSENT_MAX_DRAFT_CHARS
    │   ├── PeriodError            422  a no-contact period that cannot be (days out of range)
    │   └── TimezoneError          422  not an IANA time-zone name (service.timezones)
    ├── BodyTooLargeError          413  body over UNSENT_MAX_BODY_BYTES
    ├── UnsupportedMediaTypeError  415  a body that is not JSON
    ├── UnauthorizedError          401  no key, or a wrong or revoked one
    ├── ForbiddenError             403  a key without the right to do this (admin)
    ├── NotFoundError              404  no such hold (or another profile's)
    ├── RateLimitedError           429  too many requests for this key; Retry-After says when
    ├── NotReadyError              503  no model loaded yet
    └── (storage) StorageUnavailableError 503, (crypto) EncryptionKeyError 500

Every one becomes ``{"error": {"code", "message", "field"}}`` at the edge (``service.handlers``).
Messages say what to fix and never quote the draft.
"""

from typing import ClassVar

from model.errors import UnsentError


class ServiceError(UnsentError):
    """An answer other than success; subclasses fix ``status`` and a default ``code``."""

    status: ClassVar[int] = 400
    default_code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code
        self.headers = headers or {}


class InvalidFieldError(ServiceError):
    status = 422
    default_code = "invalid_field"


class DraftTooLongError(InvalidFieldError):
    default_code = "draft_too_long"


class PeriodError(InvalidFieldError):
    default_code = "invalid_no_contact"


class BodyTooLargeError(ServiceError):
    status = 413
    default_code = "body_too_large"


class UnsupportedMediaTypeError(ServiceError):
    status = 415
    default_code = "unsupported_media_type"


class NotReadyError(ServiceError):
    status = 503
    default_code = "not_ready"


class UnauthorizedError(ServiceError):
    status = 401
    default_code = "unauthorized"


class ForbiddenError(ServiceError):
    status = 403
    default_code = "forbidden"


class NotFoundError(ServiceError):
    status = 404
    default_code = "not_found"


class RateLimitedError(ServiceError):
    status = 429
    default_code = "rate_limited"
