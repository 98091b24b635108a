"""Training end to end on a small corpus: artifact, report, reproducibility, --extra."""

import json
from pathlib import Path

import pytest

from model import load_classifier
from model.artifact import MANIFEST_FILE, MODEL_FILE, sha256_file
from tests.conftest import write_jsonl
from training.dataset import Example
from training.train import SampleWeights, train


def test_small_model_is_a_loadable_artifact_with_a_report(small_model: Path) -> None:
    manifest = json.loads((small_model / MANIFEST_FILE).read_text())
    assert manifest["seed"] == 3 and manifest["artifact"]["sha256"] == sha256_file(small_model / MODEL_FILE)
    report = json.loads((small_model / "report.json").read_text())
    assert set(report["test"]["per_label"]) == {"practical", "reaching_out", "pleading", "harassing"}
    assert len(report["cross_validation"]["macro_f1_per_fold"]) == 2
    assert report["strongest_features"]["harassing"]
    markdown = (small_model / "report.md").read_text()
    assert "## Misclassified test drafts" in markdown and "true \\ predicted" in markdown
    prediction = load_classifier(small_model).classify("answer me right now")
    assert prediction.model_version == manifest["model_version"]


def test_same_data_and_seed_give_the_same_artifact(
    tmp_path: Path, small_corpus: Path, small_model: Path
) -> None:
    again = tmp_path / "again"
    train(small_corpus, again, seed=3, folds=2)
    assert sha256_file(again / MODEL_FILE) == sha256_file(small_model / MODEL_FILE)


def test_extra_examples_are_merged_deduplicated_and_compared(tmp_path: Path, small_corpus: Path) -> None:
    rows = [json.loads(line) for line in small_corpus.read_text().splitlines()]
    first = next(r for r in rows if r["split"] == "train")
    extra = write_jsonl(tmp_path / "extra.jsonl", [
        {"text": first["text"], "label": first["label"]},  # already in the corpus
        {"text": "You'd better be at the window when I drive past at nine.", "label": "harassing"},
        {"text": "Thanks for feeding the cat while I was in Leeds, here's the spare fob back.",
         "label": "practical"},
    ])
    report = train(small_corpus, tmp_path / "out", extra=[extra], seed=3, folds=2)
    assert report.data["duplicates_dropped"] == 1
    assert report.data["added"] == 2
    assert report.before_extra is not None
    assert report.before_extra["n"] == report.test["n"], "before and after share the test split"


def test_sample_weights_weigh_everyday_messages_and_harassing_drafts() -> None:
    def example(label: str, source: str | None) -> Example:
        return Example("text", label, "x.jsonl", 1, {} if source is None else {"source": source})  # type: ignore[arg-type]

    examples = [example("practical", "everyday"), example("harassing", "ex"), example("pleading", "ex"),
                example("harassing", None), example("reaching_out", None)]
    assert SampleWeights(everyday=2.0, harassing=1.5).of(examples).tolist() == [2.0, 1.5, 1.0, 1.5, 1.0]
    assert SampleWeights(everyday=1.0, harassing=1.0).of(examples).tolist() == [1.0] * 5
    with pytest.raises(ValueError, match="must be > 0"):
        SampleWeights(everyday=0.0)
