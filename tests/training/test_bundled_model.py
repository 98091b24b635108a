"""The bundled model is the one ``data/`` and the seed produce, and it has not collapsed."""

import json
from pathlib import Path

from model.artifact import MANIFEST_FILE, MODEL_FILE, bundled_dir, sha256_file
from tests.conftest import CORPUS
from training.train import DEFAULT_SEED, evaluate_classifier, train


def test_bundled_model_was_trained_on_the_current_corpus() -> None:
    manifest = json.loads((bundled_dir() / MANIFEST_FILE).read_text())
    assert manifest["training_data"]["sha256"] == train_data_hash(), (
        "data/drafts.jsonl changed since the bundled model was trained; "
        "run: unsent train --out model/bundled"
    )


def train_data_hash() -> str:
    import hashlib

    return hashlib.sha256(sha256_file(CORPUS).encode()).hexdigest()


def test_bundled_model_is_reproducible_from_data_and_seed(tmp_path: Path) -> None:
    """Retrains on the full corpus (about two minutes) and compares the bytes."""
    report = train(CORPUS, tmp_path, seed=DEFAULT_SEED)
    assert sha256_file(tmp_path / MODEL_FILE) == sha256_file(bundled_dir() / MODEL_FILE)
    manifest = json.loads((bundled_dir() / MANIFEST_FILE).read_text())
    assert report.model_version == manifest["model_version"]


def test_bundled_model_quality_has_not_collapsed(classifier, test_split) -> None:  # type: ignore[no-untyped-def]
    metrics = evaluate_classifier(classifier, test_split)
    assert metrics["macro_f1"] >= 0.80
    assert metrics["per_label"]["harassing"]["recall"] >= 0.78
    assert metrics["by_origin"]["everyday (plain)"]["flag_rate"] <= 0.10
    manifest = json.loads((bundled_dir() / MANIFEST_FILE).read_text())
    assert abs(manifest["metrics"]["test_macro_f1"] - metrics["macro_f1"]) < 1e-9
