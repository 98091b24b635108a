"""What routes receive, as named dependency types declared once.

The providers are ``async def`` although they never await: FastAPI runs a plain ``def``
dependency in its thread pool, a hop that cost more than the whole check. And the check
routes take one dependency, not a chain: each level of FastAPI's dependency solving costs
tens of microseconds, which at thousands of requests per second is a large share.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from model.classifier import Classifier
from service import records
from service.auth import Authenticator, Caller, is_local_host
from service.batcher import MicroBatcher
from service.checking import CheckOptions, Writer
from service.config import Settings
from service.errors import NotReadyError, RateLimitedError
from service.ratelimit import RateLimiter, retry_after
from service.records import Records
from service.state import LoadedModel

Clock = Callable[[], datetime]
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


@dataclass(frozen=True, slots=True)
class Checker:
    """What a check needs: the classifier, and the options fixed by settings and the clock."""

    classifier: Classifier
    batcher: MicroBatcher
    options: CheckOptions
    writer: Writer


async def get_model(request: Request) -> LoadedModel:
    model: LoadedModel | None = getattr(request.app.state, "model", None)
    if model is None:
        raise NotReadyError("The model is still loading; try again in a moment.")
    return model


def _options(request: Request) -> CheckOptions:
    settings: Settings = request.app.state.settings
    clock: Clock = request.app.state.clock
    return CheckOptions(
        max_draft_chars=settings.max_draft_chars,
        default_days=settings.default_no_contact_days,
        default_timezone=settings.default_timezone,
        now=clock(),
        frequency_threshold=settings.frequency_threshold,
    )


def _records(request: Request) -> Records:
    records: Records | None = request.app.state.records
    if records is None:
        raise NotReadyError("Storage is still opening; try again in a moment.")
    return records


def _foreign_origin(origin: str | None) -> bool:
    """True when a browser says the request comes from a page on another host.

    Browsers send ``Origin`` with cross-site POSTs, including plain HTML forms, which need no
    CORS preflight: without this, any web site could make a visitor's browser hold a draft or
    reload the model on their local Unsent.
    """
    if origin is None or origin == "null":
        return origin == "null"
    host = origin.split("://", 1)[-1]
    return not is_local_host(host)


async def get_caller(request: Request) -> Caller:
    """Who is asking (401 without a valid key in keyed mode), within their rate limit (429)."""
    auth: Authenticator | None = request.app.state.auth
    if auth is None:
        raise NotReadyError("Storage is still opening; try again in a moment.")
    headers = request.headers
    authorization = headers.get("authorization")
    forwarded = any(name in headers for name in FORWARDING_HEADERS) or _foreign_origin(headers.get("origin"))
    if authorization is None:  # local mode: at most one database read a second
        caller = auth.caller(None, host=headers.get("host"), forwarded=forwarded)
    else:  # a key lookup reads the database: off the event loop, so a slow database stalls only this request
        caller = await run_in_threadpool(auth.caller, authorization, host=headers.get("host"), forwarded=forwarded)
    if caller.key_id is not None:
        limiter: RateLimiter = request.app.state.limiter
        wait = limiter.try_acquire(caller.key_id)
        if wait > 0:
            raise RateLimitedError(f"Too many requests for this key; try again in {retry_after(wait)} s.",
                                   headers={"Retry-After": retry_after(wait)})
    return caller


async def get_checker(request: Request) -> Checker:
    model = await get_model(request)
    caller = await get_caller(request)
    options = _options(request)
    return Checker(classifier=model.classifier, batcher=model.batcher, options=options,
                   writer=records.writer(_records(request), caller, options))


@dataclass(frozen=True, slots=True)
class Keeper:
    """What the storage routes need: the caller, the records and the options."""

    caller: Caller
    records: Records
    options: CheckOptions


async def get_keeper(request: Request) -> Keeper:
    caller = await get_caller(request)
    return Keeper(caller=caller, records=_records(request), options=_options(request))


ModelDep = Annotated[LoadedModel, Depends(get_model)]
CheckerDep = Annotated[Checker, Depends(get_checker)]
CallerDep = Annotated[Caller, Depends(get_caller)]
KeeperDep = Annotated[Keeper, Depends(get_keeper)]
