"""Shared fixtures: the bundled classifier, the corpus, and small trained models."""

import json
import random
from pathlib import Path

import pytest

from model import Classifier, load_classifier
from model.artifact import Artifact, load_artifact
from training.dataset import Example, load_examples
from training.train import train

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "drafts"


@pytest.fixture(scope="session")
def artifact() -> Artifact:
    return load_artifact()


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return load_classifier()


@pytest.fixture(scope="session")
def corpus() -> list[Example]:
    return load_examples(CORPUS)


@pytest.fixture(scope="session")
def test_split(corpus: list[Example]) -> list[Example]:
    return [e for e in corpus if e.split == "test"]


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory, corpus: list[Example]) -> Path:
    """A few hundred real drafts with their stored splits: enough to train in seconds."""
    rng = random.Random(7)
    rows = []
    for label in ("practical", "reaching_out", "pleading", "harassing"):
        pool = [e for e in corpus if e.label == label]
        for e in rng.sample(pool, 70):
            rows.append({"text": e.text, "label": e.label, **e.meta})
    return write_jsonl(tmp_path_factory.mktemp("small") / "small.jsonl", rows)


@pytest.fixture(scope="session")
def small_model(tmp_path_factory: pytest.TempPathFactory, small_corpus: Path) -> Path:
    out = tmp_path_factory.mktemp("model")
    train(small_corpus, out, seed=3, folds=2)
    return out
