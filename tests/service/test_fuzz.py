"""Property-based fuzzing of every operation in the app's own OpenAPI document.

Schemathesis generates valid and invalid requests (its positive and negative modes, both on
by default: wrong types, missing and extra fields, odd strings and dates). Whatever it
sends, the answer must not be a 500, must have a status the document declares, and must
match the declared schema.
"""

import tempfile
from pathlib import Path

import pytest
import schemathesis
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

# Built at import without a model (cheap); the fixture below hands it the shared one.
# (schemathesis.pytest.from_fixture would be neater but does not work with pytest 9.)
APP = create_app(Settings(max_draft_chars=5000, data_dir=Path(tempfile.mkdtemp(prefix="unsent-fuzz-"))))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _model_and_storage(loaded_model: LoadedModel, tmp_path_factory: pytest.TempPathFactory) -> None:
    APP.state.model = loaded_model
    attach_records(APP, open_records(Settings(data_dir=tmp_path_factory.mktemp("fuzz"))))

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_breaks_the_api(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
