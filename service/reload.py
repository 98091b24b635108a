"""Swapping in a new model without a restart: POST /v1/admin/reload, or SIGHUP.

The new artifact is loaded and checked in a worker thread while the old model keeps
answering; only then is ``app.state.model`` replaced, in one assignment, so a request sees
either the old model or the new one, never a half-loaded one. A bad artifact is refused
with the loader's message and the old model stays.
"""

import asyncio
import logging
import signal
from collections.abc import Callable

from fastapi import FastAPI

from model.errors import ArtifactError
from service.config import Settings
from service.errors import ServiceError
from service.schemas import ModelCard
from service.state import LoadedModel, load_model

log = logging.getLogger("unsent.service")


class ModelRefusedError(ServiceError):
    """The artifact on disk was refused; the old model is still serving."""

    status = 409
    default_code = "model_refused"


async def reload_model(app: FastAPI) -> ModelCard:
    """Load the configured artifact and swap it in; raises ``ModelRefusedError``."""
    settings: Settings = app.state.settings
    try:
        model: LoadedModel = await asyncio.to_thread(load_model, settings.model_path, settings.thresholds)
    except ArtifactError as error:
        log.warning("reload refused, still serving %s: %s", app.state.model.card.model_version, error)
        raise ModelRefusedError(f"The new model was refused and the old one keeps serving: {error}") from None
    old = app.state.model
    app.state.model = model
    log.info("reloaded: %s -> %s", old.card.model_version if old else None, model.card.model_version)
    return model.card


def listen_for_reload(app: FastAPI) -> Callable[[], None]:
    """Reload on SIGHUP where the event loop can take signals; returns how to stop listening."""
    loop = asyncio.get_running_loop()

    def on_hangup() -> None:
        task = loop.create_task(reload_model(app))
        task.add_done_callback(lambda done: done.exception())  # refusals are logged in reload_model

    try:
        loop.add_signal_handler(signal.SIGHUP, on_hangup)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread (tests), or Windows
        return lambda: None

    def stop() -> None:
        loop.remove_signal_handler(signal.SIGHUP)

    return stop
