"""Starting uvicorn: settings checked first, the artifact checked before any worker starts.

Workers are separate processes that build the app from the environment (``create_app`` as a
factory), so command-line overrides travel as ``UNSENT_*`` variables.
"""

import logging
import os
from collections.abc import Mapping
from typing import Any

import uvicorn
from pydantic import ValidationError

from model.artifact import check_artifact
from service.config import ENV_PREFIX, Settings, describe_settings_error, get_settings
from service.errors import ServiceError
from service.state import open_records
from service.storage import repo


class StartupError(ServiceError):
    """The service cannot start as configured; the message says what to change."""


def settings_with(overrides: Mapping[str, object]) -> Settings:
    """Settings from the environment with ``overrides`` applied, exported for the workers."""
    for name, value in overrides.items():
        if value is not None:
            os.environ[ENV_PREFIX + name.upper()] = str(value)
    get_settings.cache_clear()
    try:
        return get_settings()
    except ValidationError as error:
        raise StartupError(describe_settings_error(error)) from None


def log_config(level: str) -> dict[str, Any]:
    """Plain single-line logs on stderr; uvicorn's access log off (see ``service.middleware``)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                                "stream": "ext://sys.stderr"}},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "unsent": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
        },
    }


def prepare(settings: Settings) -> None:
    """Everything that can stop start-up, done once before any worker starts.

    The artifact is checked, the database migrated and the encryption key file made (so
    workers never race to do either), and a server reachable from other machines is
    refused while no API key exists.
    """
    check_artifact(settings.model_path)
    if settings.database_url and not settings.database_url.startswith("sqlite") and not settings.encryption_keys:
        raise StartupError(
            "With UNSENT_DATABASE_URL, set UNSENT_ENCRYPTION_KEYS to the same keys on every replica "
            "(make one with 'unsent secrets new-key'): a key file per machine would make one replica's "
            "holds unreadable on the others."
        )
    records = open_records(settings)  # migrates, makes the key file once, checks the keys parse
    try:
        with records.db.session() as session:
            keyed = repo.any_active_key(session)
    finally:
        records.db.close()
    if not settings.local_only and not keyed:
        raise StartupError(
            f"Refusing to listen on {settings.host} with no API keys: anyone who can reach it could read "
            "held drafts. Create a key first with 'unsent keys create --name NAME', or listen on 127.0.0.1."
        )


def run(settings: Settings) -> None:
    """Run the service until interrupted (after ``prepare``)."""
    logging.getLogger("unsent.service").info("starting on http://%s:%d", settings.host, settings.port)
    uvicorn.run(
        "service.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=log_config(settings.log_level),
        log_level=settings.log_level,
        access_log=False,
        server_header=False,
    )
