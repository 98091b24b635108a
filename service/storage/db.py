"""Connecting to the database, migrating it, and turning its failures into a 503.

SQLite (the default) runs in WAL mode with ``synchronous=FULL``: a committed transaction
survives the process being killed or the machine losing power, and readers do not block the
writer. Writes are few (holds, feedback, the day counts in batches), so the fsync is cheap. PostgreSQL is used
as it comes; ``pool_pre_ping`` notices a server that went away.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from service.errors import ServiceError

SQLITE_BUSY_MS = 5000
CONNECT_TIMEOUT_S = 3


class StorageUnavailableError(ServiceError):
    """The database cannot be reached or written (down, locked too long, disk full)."""

    status = 503
    default_code = "storage_unavailable"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite the folder is created and WAL switched on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # Up to 40 connections: as many as the thread pool that runs the storage routes.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=35, pool_timeout=10,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_S})


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a commit is on disk before a hold is acknowledged
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest revision (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("service.storage") / "migrations"))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # replicas starting together take turns
                connection.execute(text("SELECT pg_advisory_xact_lock(7270001)"))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as error:
        raise unavailable(error) from None


def unavailable(error: SQLAlchemyError) -> StorageUnavailableError:
    """The 503 for a database failure; the message names the kind, never the statement."""
    kind = "could not be reached" if isinstance(error, OperationalError) else "failed"
    if "disk" in str(getattr(error, "orig", "")).lower() and "full" in str(getattr(error, "orig", "")).lower():
        kind = "is full"
    return StorageUnavailableError(f"The database {kind}; nothing was saved. Try again in a moment.",
                                   headers={"Retry-After": "5"})


class Database:
    """Sessions over one engine; every database error leaves as ``StorageUnavailableError``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def connect(cls, url: str) -> "Database":
        return cls(make_engine(url))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        try:
            with self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as error:  # includes a pool timeout, which is no DBAPIError
            raise unavailable(error) from None

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection in a transaction: for the hot paths of a check, where the ORM's
        bookkeeping costs more than the query."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise unavailable(error) from None

    def close(self) -> None:
        self.engine.dispose()
