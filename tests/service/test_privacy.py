"""Drafts never reach logs, and a bug answers a JSON 500 without quoting anything."""

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from model.classifier import Classifier
from service.app import create_app
from service.config import Settings
from service.state import LoadedModel

SECRET = "zqxsecret-4471"


class ExplodingClassifier:
    """Stands in for a classifier with a bug whose message quotes the draft."""

    model_version = "exploding"

    def classify(self, text: str) -> None:
        raise RuntimeError(f"could not read {text!r}")


@pytest.fixture
def exploding_client(loaded_model: LoadedModel, tmp_path: Path) -> TestClient:
    model = LoadedModel(classifier=ExplodingClassifier(), card=loaded_model.card)  # type: ignore[arg-type]
    return TestClient(create_app(Settings(data_dir=tmp_path), model=model), raise_server_exceptions=False,
                      base_url="http://localhost")


def test_a_bug_is_a_json_500_that_quotes_nothing(exploding_client: TestClient,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with exploding_client as client:
        response = client.post("/v1/check", json={"text": f"I miss you {SECRET}"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert SECRET not in response.text
    assert any("unexpected RuntimeError" in r.getMessage() for r in caplog.records)
    assert all(SECRET not in r.getMessage() and SECRET not in (r.exc_text or "") for r in caplog.records)


def test_checks_and_refusals_log_no_draft(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.post("/v1/check", json={"text": f"please come back {SECRET}"})
    client.post("/v1/check", json={"text": f"hi {SECRET}", "extra": SECRET})
    client.post("/v1/check", json={"text": f"hi {SECRET}", "no_contact": {"start": SECRET}})
    client.post("/v1/check/batch", json={"items": [{"text": SECRET}, {"text": " "}]})
    client.post("/v1/check", content=f"text={SECRET}".encode(), headers={"content-type": "text/plain"})
    client.get(f"/v1/check?text={SECRET}")
    server_side = [r for r in caplog.records if not r.name.startswith("httpx")]  # not the test's client
    assert any("POST /v1/check" in r.getMessage() for r in server_side)
    assert all(SECRET not in r.getMessage() for r in server_side)


def test_the_model_loads_in_the_lifespan_not_at_import(loaded_model: LoadedModel, tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path))
    assert app.state.model is None
    not_started = TestClient(app, base_url="http://localhost")  # no "with": the lifespan has not run
    response = not_started.get("/readyz")
    assert response.status_code == 503 and response.json()["error"]["code"] == "not_ready"
    assert not_started.post("/v1/check", json={"text": "hi"}).status_code == 503
    with TestClient(app, base_url="http://localhost") as started:
        assert started.get("/readyz").json()["status"] == "ready"
        assert isinstance(app.state.model.classifier, Classifier)
