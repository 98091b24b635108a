"""A new model goes live without a restart; a bad one is refused and the old one keeps serving."""

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from model.artifact import bundled_dir
from tests.service.conftest import MakeClient


@pytest.fixture
def artifact_copy(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(bundled_dir(), target)
    return target


def test_reload_swaps_in_the_new_artifact(make_client: MakeClient, artifact_copy: Path, small_model: Path) -> None:
    client: TestClient = make_client(model_path=artifact_copy)
    old = client.get("/v1/model").json()["model_version"]
    shutil.rmtree(artifact_copy)
    shutil.copytree(small_model, artifact_copy)
    reloaded = client.post("/v1/admin/reload")
    assert reloaded.status_code == 200, reloaded.text
    new = reloaded.json()["model_version"]
    assert new != old and client.get("/v1/model").json()["model_version"] == new
    assert client.post("/v1/check", json={"text": "answer me"}).json()["model_version"] == new


def test_a_tampered_artifact_is_refused_and_the_old_model_serves(make_client: MakeClient,
                                                                   artifact_copy: Path) -> None:
    client: TestClient = make_client(model_path=artifact_copy)
    old = client.get("/v1/model").json()["model_version"]
    with (artifact_copy / "model.joblib").open("r+b") as handle:
        handle.seek(1000)
        handle.write(b"\x00tampered\x00")
    refused = client.post("/v1/admin/reload")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "model_refused" and "old one keeps serving" in error["message"]
    assert "sha256" in error["message"]
    answer = client.post("/v1/check", json={"text": "answer me"})
    assert answer.status_code == 200 and answer.json()["model_version"] == old


def test_a_missing_artifact_is_refused_too(make_client: MakeClient, artifact_copy: Path) -> None:
    client: TestClient = make_client(model_path=artifact_copy)
    (artifact_copy / "manifest.json").unlink()
    assert client.post("/v1/admin/reload").json()["error"]["code"] == "model_refused"
    assert client.get("/readyz").json()["status"] == "ready"
