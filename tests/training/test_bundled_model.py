"""The bundled model is the one ``data/`` and the seed produce, and it has not collapsed."""

import json
from pathlib import Path

import numpy as np

from model.artifact import MANIFEST_FILE, bundled_dir, load_artifact
from tests.conftest import CORPUS
from training.train import DEFAULT_SEED, data_hash, evaluate_classifier, train


def test_bundled_model_was_trained_on_the_current_corpus() -> None:
    manifest = json.loads((bundled_dir() / MANIFEST_FILE).read_text())
    assert manifest["training_data"]["sha256"] == data_hash([CORPUS]), (
        "data/drafts/ changed since the bundled model was trained; "
        "run: unsent train --out model/bundled"
    )


def test_bundled_model_is_reproducible_from_data_and_seed(tmp_path: Path) -> None:
    """Retrains on the full corpus (about a minute) and compares the model with the bundled one.

    Arrays and vocabularies must be identical. The file's bytes are identical too when it is
    built in a fresh process (``unsent train``); inside a long test session, pickle's sharing
    of equal strings can differ, so bytes are not compared here.
    """
    report = train(CORPUS, tmp_path, seed=DEFAULT_SEED)
    fresh, bundled = load_artifact(tmp_path).compiled, load_artifact(bundled_dir()).compiled
    assert fresh.word_vocab == bundled.word_vocab and fresh.char_vocab == bundled.char_vocab
    for name in ("word_idf", "char_idf", "coef", "intercept"):
        np.testing.assert_array_equal(getattr(fresh, name), getattr(bundled, name), err_msg=name)
    assert fresh.temperature == bundled.temperature
    manifest = json.loads((bundled_dir() / MANIFEST_FILE).read_text())
    assert report.model_version == manifest["model_version"]


def test_bundled_model_quality_has_not_collapsed(classifier, test_split) -> None:  # type: ignore[no-untyped-def]
    metrics = evaluate_classifier(classifier, test_split)
    assert metrics["macro_f1"] >= 0.80
    assert metrics["per_label"]["harassing"]["recall"] >= 0.78
    assert metrics["by_origin"]["everyday (plain)"]["flag_rate"] <= 0.10
    manifest = json.loads((bundled_dir() / MANIFEST_FILE).read_text())
    assert abs(manifest["metrics"]["test_macro_f1"] - metrics["macro_f1"]) < 1e-9
