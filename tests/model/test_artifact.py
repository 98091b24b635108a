"""A bad model file is refused with a clear, typed error, before anything is unpickled."""

import json
import shutil
from pathlib import Path

import joblib
import pytest

from model import load_classifier
from model.artifact import MANIFEST_FILE, MODEL_FILE, bundled_dir, load_artifact, sha256_file
from model.errors import ArtifactCorruptError, ArtifactIncompatibleError, ArtifactNotFoundError


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "artifact"
    shutil.copytree(bundled_dir(), target)
    return target


def edit_manifest(directory: Path, **changes: object) -> None:
    path = directory / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


def test_bundled_artifact_loads_and_matches_its_manifest(copy: Path) -> None:
    classifier = load_classifier(copy)
    manifest = json.loads((copy / MANIFEST_FILE).read_text())
    assert classifier.model_version == manifest["model_version"]
    assert manifest["artifact"]["sha256"] == sha256_file(copy / MODEL_FILE)
    assert {"scikit-learn", "numpy", "nltk"} <= set(manifest["libraries"])
    assert manifest["training_data"]["sha256"]
    assert manifest["metrics"]["test_macro_f1"] > 0.5


def test_missing_manifest_is_refused(copy: Path) -> None:
    (copy / MANIFEST_FILE).unlink()
    with pytest.raises(ArtifactNotFoundError, match="No model manifest"):
        load_classifier(copy)


def test_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArtifactNotFoundError):
        load_classifier(tmp_path / "nowhere")


def test_tampered_model_file_is_refused(copy: Path) -> None:
    data = bytearray((copy / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ArtifactCorruptError, match="sha256"):
        load_classifier(copy)


def test_truncated_model_file_is_refused(copy: Path) -> None:
    (copy / MODEL_FILE).write_bytes((copy / MODEL_FILE).read_bytes()[:1000])
    with pytest.raises(ArtifactCorruptError):
        load_classifier(copy)


def test_manifest_that_is_not_json_is_refused(copy: Path) -> None:
    (copy / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(ArtifactCorruptError, match="not valid JSON"):
        load_classifier(copy)


def test_other_library_version_is_refused(copy: Path) -> None:
    manifest = json.loads((copy / MANIFEST_FILE).read_text())
    edit_manifest(copy, libraries={**manifest["libraries"], "scikit-learn": "0.24.2"})
    with pytest.raises(ArtifactIncompatibleError, match=r"scikit-learn 0\.24\.2"):
        load_classifier(copy)


def test_other_labels_are_refused(copy: Path) -> None:
    edit_manifest(copy, labels=["ok", "not_ok"])
    with pytest.raises(ArtifactIncompatibleError, match="labels"):
        load_classifier(copy)


def test_other_format_is_refused(copy: Path) -> None:
    edit_manifest(copy, format_version=99)
    with pytest.raises(ArtifactIncompatibleError, match="format"):
        load_classifier(copy)


def test_a_correctly_hashed_foreign_payload_is_refused(copy: Path) -> None:
    joblib.dump({"format_version": 1, "pipeline": "not a pipeline"}, copy / MODEL_FILE)
    edit_manifest(copy, artifact={"file": MODEL_FILE, "sha256": sha256_file(copy / MODEL_FILE)})
    with pytest.raises(ArtifactCorruptError, match="does not hold"):
        load_artifact(copy)


def test_model_file_outside_the_directory_is_refused(copy: Path) -> None:
    edit_manifest(copy, artifact={"file": "../elsewhere.joblib", "sha256": "0"})
    with pytest.raises(ArtifactNotFoundError):
        load_artifact(copy)
