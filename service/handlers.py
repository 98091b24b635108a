"""One JSON error shape for every answer that is not a success.

    {"error": {"code": "invalid_field", "message": "...", "field": "no_contact.start"}}

Pydantic's own messages are rewritten from the error's type and location only: its
``input`` (which may be the draft) is never read, so no message can quote the draft.
"""

import email.message
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from model.errors import EmptyDraftError
from service.errors import InvalidFieldError, ServiceError, UnsupportedMediaTypeError

HTTP_CODES: Final = {404: "not_found", 405: "method_not_allowed"}
HTTP_MESSAGES: Final = {
    404: "There is nothing at this path. The API lives under /v1; see /docs.",
    405: "This path does not take that method; see /docs for the methods it takes.",
}


def error_response(error: ServiceError) -> JSONResponse:
    body = {"error": {"code": error.code, "message": error.message, "field": error.field}}
    return JSONResponse(body, status_code=error.status, headers=error.headers or None)


def install_handlers(app: FastAPI) -> None:
    """Map every error the app can meet to the JSON shape above."""
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(EmptyDraftError, _empty_draft)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


async def _service_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceError)
    return error_response(error)


async def _empty_draft(request: Request, error: Exception) -> JSONResponse:
    return error_response(InvalidFieldError(str(error), field="text"))


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 400:  # FastAPI's only 400: a body it could not decode (e.g. not UTF-8)
        return error_response(InvalidFieldError(
            "The body could not be read as JSON; send UTF-8 encoded JSON.", code="invalid_json"
        ))
    code = HTTP_CODES.get(error.status_code, "http_error")
    message = HTTP_MESSAGES.get(error.status_code, str(error.detail))
    body = {"error": {"code": code, "message": message, "field": None}}
    return JSONResponse(body, status_code=error.status_code, headers=error.headers)


def internal_error_response() -> JSONResponse:
    """The answer to a bug (``service.middleware.UnexpectedErrors`` logs it)."""
    body = {"error": {"code": "internal_error", "message": "Something went wrong on our side; "
                      "try again, and report it if it keeps happening.", "field": None}}
    return JSONResponse(body, status_code=500)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    if not _is_json(request.headers.get("content-type")):
        return error_response(UnsupportedMediaTypeError(
            "Send the body as JSON with the header 'Content-Type: application/json'."
        ))
    problems = error.errors()
    return error_response(_first_problem(problems[0] if problems else {}))


def _is_json(content_type: str | None) -> bool:
    if content_type is None:
        return True  # FastAPI parses a body without a Content-Type as JSON
    parsed = email.message.Message()
    parsed["content-type"] = content_type
    subtype = parsed.get_content_subtype()
    return parsed.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


def _first_problem(problem: dict[str, Any]) -> InvalidFieldError:
    kind = str(problem.get("type", ""))
    loc = [str(part) for part in problem.get("loc", ()) if part != "body"]
    field = ".".join(loc) or None
    name = field or "the body"
    if kind == "json_invalid":
        detail = problem.get("ctx", {}).get("error", "it could not be parsed")
        return _invalid("invalid_json", f"The body is not valid JSON ({detail}); send a JSON object.", None)
    if kind == "missing":
        return _invalid("missing_field", f"{name} is required.", field)
    if kind == "extra_forbidden":
        return _invalid("unknown_field", f"{name} is not a field of this request; remove it or check "
                        "its spelling (see /docs).", field)
    return _invalid("invalid_field", f"{name} {_expectation(kind, problem, loc)}", field)


def _invalid(code: str, message: str, field: str | None) -> InvalidFieldError:
    return InvalidFieldError(message, field=field, code=code)


def _expectation(kind: str, problem: dict[str, Any], loc: list[str]) -> str:
    last = loc[-1] if loc else ""
    if last == "start" or kind.startswith("date"):
        bounds = problem.get("ctx", {}).get("error")
        tail = f" ({bounds})" if bounds and kind == "value_error" else ""
        return f"must be a real date written YYYY-MM-DD, e.g. 2026-12-01{tail}."
    if last == "days":
        return "must be a whole number of days from 1 to 365."
    if last == "items" and kind == "too_long":
        return "can hold at most 100 drafts; send the rest in another request."
    if last == "items" and kind == "too_short":
        return "must hold at least one draft."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a JSON object; see /docs for its fields."
    if kind in ("list_type",):
        return "must be a JSON list."
    if kind in ("string_type", "string_sub_type"):
        return "must be a string."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number."
    return "is not valid; see /docs for what it takes."
