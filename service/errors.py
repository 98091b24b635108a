"""Errors the service answers with, each knowing its HTTP status and stable code.

    ServiceError (model.errors.UnsentError)   base: status, code, field, message
    ├── InvalidFieldError          422  a field of the request is wrong; ``field`` names it
    │   ├── DraftTooLongError      422  text over UNSENT_MAX_DRAFT_CHARS
    │   ├── PeriodError            422  a no-contact period that cannot be (days out of range)
    │   └── TimezoneError          422  not an IANA time-zone name (service.timezones)
    ├── BodyTooLargeError          413  body over UNSENT_MAX_BODY_BYTES
    ├── UnsupportedMediaTypeError  415  a body that is not JSON
    └── NotReadyError              503  no model loaded yet

Every one becomes ``{"error": {"code", "message", "field"}}`` at the edge (``service.handlers``).
Messages say what to fix and never quote the draft.
"""

from typing import ClassVar

from model.errors import UnsentError


class ServiceError(UnsentError):
    """An answer other than success; subclasses fix ``status`` and a default ``code``."""

    status: ClassVar[int] = 400
    default_code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code


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
