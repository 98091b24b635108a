"""The FastAPI application: ``create_app`` builds it; the model loads in the lifespan.

Nothing is loaded at import, so importing the app is cheap and a bad artifact fails the
worker's start-up with the loader's message instead of breaking every import.
"""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.auth import Authenticator
from service.config import Settings, get_settings
from service.deps import Clock
from service.handlers import install_handlers
from service.middleware import AccessLog, BodyLimit, UnexpectedErrors
from service.ratelimit import RateLimiter
from service.records import Records
from service.reload import listen_for_reload
from service.routes import STATIC_DIR, api, bench, health, page
from service.state import LoadedModel, load_model, open_records

log = logging.getLogger("unsent.service")

DESCRIPTION = """Reads a draft message to an ex and says whether to send it or hold it.

A check stores no text and drafts never appear in logs; held drafts and feedback are
encrypted at rest. With API keys configured, send `Authorization: Bearer <key>`.
Every error answers `{"error": {"code", "message", "field"}}`."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings | None = None, *, clock: Clock = utc_now, model: LoadedModel | None = None,
    records: Records | None = None,
) -> FastAPI:
    """The app; tests pass their own ``settings``, ``clock``, loaded ``model`` or ``records``."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.records is None:
            attach_records(app, open_records(settings))
        if app.state.model is None:
            app.state.model = load_model(settings.model_path, settings.thresholds)
            # The model's arrays and caches live as long as the process: moving them out of
            # the collector's sight makes each full collection (frequent, with batches of
            # answers) a quarter of the work.
            gc.freeze()
        stop_listening = listen_for_reload(app)
        app.state.records.counter.start()
        log.info("serving model %s", app.state.model.card.model_version)
        try:
            yield
        finally:
            stop_listening()
            app.state.records.counter.stop()
            if records is None:
                app.state.records.db.close()

    app = FastAPI(title="Unsent", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.clock = clock
    app.state.model = model
    app.state.records = app.state.auth = None
    if records is not None:
        attach_records(app, records)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    install_handlers(app)
    app.include_router(api)
    app.include_router(health)
    app.include_router(page)
    if settings.bench_routes:
        app.include_router(bench)
    app.mount("/static", StaticFiles(directory=Path(str(STATIC_DIR))), name="static")
    app.add_middleware(UnexpectedErrors)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    return app



def attach_records(app: FastAPI, records: Records) -> None:
    """Give the app its storage and the authenticator that reads keys from it."""
    app.state.records = records
    app.state.auth = Authenticator(records.db, local_allowed=app.state.settings.local_only)
