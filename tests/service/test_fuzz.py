"""Property-based fuzzing of every operation in the app's own OpenAPI document.

Schemathesis generates valid and invalid requests (its positive and negative modes, both on
by default: wrong types, missing and extra fields, odd strings and dates). Whatever it
sends, the answer must not be a 500, must have a status the document declares, and must
match the declared schema. It runs three ways: local mode (no keys), keyed mode with a
valid key, and keyed mode with none (every /v1 answer must then be a documented 401).
"""

import tempfile
from datetime import datetime
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import attach_records, create_app
from service.config import Settings
from service.state import LoadedModel, open_records
from service.storage import repo


def _app() -> FastAPI:
    # Built at import without a model (cheap); the fixture below hands it the shared one.
    # (schemathesis.pytest.from_fixture would be neater but does not work with pytest 9.)
    folder = Path(tempfile.mkdtemp(prefix="unsent-fuzz-"))
    return create_app(Settings(max_draft_chars=5000, data_dir=folder, rate_limit_per_minute=0))


LOCAL, KEYED = _app(), _app()
local_schema = schemathesis.openapi.from_asgi("/openapi.json", LOCAL)
keyed_schema = schemathesis.openapi.from_asgi("/openapi.json", KEYED)
KEY: dict[str, str] = {}

LOCALHOST = "http://localhost"  # local mode answers only requests addressed to localhost
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def _models_and_storage(loaded_model: LoadedModel) -> None:
    for app in (LOCAL, KEYED):
        app.state.model = loaded_model
        attach_records(app, open_records(app.state.settings))
    with KEYED.state.records.db.session() as session:
        KEY["secret"] = repo.create_key(session, name="fuzz", admin=True, now=datetime(2026, 12, 1)).secret


@local_schema.parametrize()
@FUZZ
def test_no_input_breaks_the_api(case: schemathesis.Case) -> None:
    response = case.call_and_validate(checks=CHECKS, base_url=LOCALHOST)
    assert response.status_code != 401, "local mode should answer a request to localhost"


@keyed_schema.parametrize()
@FUZZ
def test_no_input_breaks_the_api_with_a_key(case: schemathesis.Case) -> None:
    response = case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {KEY['secret']}"})
    assert response.status_code != 401, "a valid key should be let in"


@keyed_schema.parametrize()
@FUZZ
def test_without_a_key_everything_is_a_documented_401(case: schemathesis.Case) -> None:
    response = case.call_and_validate(checks=CHECKS)
    public = case.path == "/v1/model"  # the model card is public: no drafts, no profile
    if case.path.startswith("/v1/") and not public and response.status_code not in (405, 413, 415):
        assert response.status_code in (401, 422), response.text
