"""Pure ASGI middleware: a body-size limit and an access log that never sees a body.

Pure ASGI rather than ``BaseHTTPMiddleware`` because the latter costs a task and a queue per
request, which shows at thousands of requests per second.
"""

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from service.errors import BodyTooLargeError
from service.handlers import error_response, internal_error_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("unsent.access")
error_log = logging.getLogger("unsent.errors")


class BodyLimit:
    """Answer 413 to a body over ``max_bytes`` before the app parses any of it.

    A declared Content-Length over the limit is refused without reading; a chunked body is
    read up to the limit and then refused. A body within the limit is handed on unchanged.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        await self.app(scope, _replay(b"".join(chunks)), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = BodyTooLargeError(
            f"The request body is over {self.max_bytes:,} bytes (UNSENT_MAX_BODY_BYTES); "
            "send fewer or shorter drafts per request."
        )
        await error_response(error)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class AccessLog:
    """One line per request: method, route template, status, milliseconds.

    Replaces uvicorn's access log, which prints the path and query string: a draft pasted
    into a URL would land in the log. Bodies are never read here.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        noted = _NotedSend(send)
        try:
            await self.app(scope, receive, noted)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                elapsed = (time.perf_counter() - started) * 1000
                access_log.info('"%s %s" %d %.1fms', scope["method"], _route_of(scope), noted.status or 500,
                                elapsed)


class _NotedSend:
    """``send``, noting the status once the response has started."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status: int | None = None

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        await self.send(message)


def _route_of(scope: Scope) -> str:
    """The matched route's template ("/v1/holds/{id}"), never the raw path or query.

    A raw path can carry anything a client put there, a draft included.
    """
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "(unmatched)"


class UnexpectedErrors:
    """A bug becomes a JSON 500 and one log line with the exception's type, nothing more.

    Starlette's own last-resort handler re-raises, and uvicorn then logs the traceback with
    the exception's message, which could hold part of a draft. This middleware catches the
    exception first and does not re-raise it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        noted = _NotedSend(send)
        try:
            await self.app(scope, receive, noted)
        except Exception as error:
            where = error.__traceback__
            while where is not None and where.tb_next is not None:
                where = where.tb_next
            line = "" if where is None else f" at {where.tb_frame.f_code.co_filename}:{where.tb_lineno}"
            error_log.error("unexpected %s on %s %s%s", type(error).__name__, scope["method"],
                            _route_of(scope), line)
            if noted.status is None:
                await internal_error_response()(scope, receive, send)
