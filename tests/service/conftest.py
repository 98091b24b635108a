"""An app per test on one model loaded once, with a clock the test sets; both databases.

Storage tests run on SQLite always and on PostgreSQL when ``UNSENT_TEST_DATABASE_URL`` is
set (``bash scripts/postgres.sh`` starts one and prints the URL; ``.ci/run`` does both).
Each PostgreSQL test gets a schema of its own, dropped afterwards.
"""

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from model.classifier import Classifier
from model.thresholds import FlagThresholds
from service.app import create_app
from service.config import Settings
from service.state import LoadedModel, load_model

# 2026-12-01 12:00 UTC: inside a period that started 2026-11-20.
NOON: datetime = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

MakeClient = Callable[..., TestClient]


@pytest.fixture(scope="session")
def loaded_model() -> LoadedModel:
    return load_model(None, FlagThresholds())


@pytest.fixture
def make_client(loaded_model: LoadedModel, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MakeClient]:
    """``make_client(now=..., **settings)``: a client whose app runs its lifespan.

    Each app gets its own data directory (a fresh SQLite database and key file) unless the
    test names one.
    """
    opened: list[TestClient] = []

    def make(now: datetime = NOON, **values: object) -> TestClient:
        values.setdefault("data_dir", tmp_path_factory.mktemp("data"))
        settings = Settings(**values)  # type: ignore[arg-type]
        base = loaded_model.classifier
        model = LoadedModel(  # the shared model, with this app's thresholds
            classifier=Classifier(base.compiled, model_version=base.model_version,
                                  thresholds=settings.thresholds),
            card=loaded_model.card,
        )
        app = create_app(settings, clock=lambda: now, model=model)
        client = TestClient(app, raise_server_exceptions=False, base_url="http://localhost")
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()


POSTGRES_URL = os.environ.get("UNSENT_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'unsent.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL: set UNSENT_TEST_DATABASE_URL (bash scripts/postgres.sh starts one and prints it)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def stored_client(make_client: MakeClient, database_url: str) -> TestClient:
    """A client in local mode on each database in turn."""
    return make_client(database_url=database_url)
