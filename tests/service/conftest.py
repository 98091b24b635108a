"""An app per test on one model loaded once, with a clock the test sets."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

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
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()
