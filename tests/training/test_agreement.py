"""Annotator agreement: metrics against the corpus and between annotators, and refused rows."""

import json
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT, write_jsonl
from tests.training.test_cli import unsent
from training.agreement import agreement
from training.dataset import load_examples
from training.errors import DataFileError

SMALL = [
    {"id": "a1", "text": "keys are under the mat", "label": "practical"},
    {"id": "a2", "text": "happy birthday, hope it's a good one", "label": "reaching_out"},
    {"id": "a3", "text": "one more chance, I'm begging", "label": "pleading"},
    {"id": "a4", "text": "answer me. now.", "label": "harassing"},
]


def _annotations(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "annotator": a, "label": lab}) + "\n" for i, a, lab in rows),
                    encoding="utf-8")
    return path


def test_agreement_scores_each_annotator_and_each_pair(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", SMALL)
    file = _annotations(tmp_path / "ann.jsonl", [
        ("a1", "A", "practical"), ("a2", "A", "reaching_out"), ("a3", "A", "pleading"), ("a4", "A", "harassing"),
        ("a1", "B", "practical"), ("a2", "B", "practical"), ("a3", "B", "pleading"),
    ])
    result = agreement(load_examples(corpus), file)
    a, b = result["against_corpus"]["A"], result["against_corpus"]["B"]
    assert (a["n"], a["accuracy"], a["kappa"]) == (4, 1.0, 1.0)
    assert b["n"] == 3 and b["accuracy"] == pytest.approx(2 / 3)
    assert b["recall"]["reaching_out"] == 0.0 and b["recall"]["pleading"] == 1.0
    pair = result["between_annotators"]["A vs B"]
    assert pair["n"] == 3, "pairs are compared on the drafts both labelled"
    assert pair["accuracy"] == pytest.approx(2 / 3)


@pytest.mark.parametrize(("row", "says"), [
    ('{"id": "zz", "annotator": "A", "label": "practical"}', "no draft with id 'zz'"),
    ('{"id": "a1", "annotator": "A", "label": "angry"}', "label 'angry' is not one of"),
    ('{"id": "a1", "label": "practical"}', "non-empty 'annotator'"),
    ('{"id": "a1", ', "not valid JSON"),
])
def test_bad_rows_are_refused_with_file_and_line(tmp_path: Path, row: str, says: str) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", SMALL)
    file = tmp_path / "ann.jsonl"
    file.write_text('{"id": "a1", "annotator": "A", "label": "practical"}\n' + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        agreement(load_examples(corpus), file)
    assert f"{file}:2:" in str(raised.value) and says in str(raised.value)


def test_cli_prints_json_and_refuses_a_bad_file_in_one_line(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", SMALL)
    good = _annotations(tmp_path / "ann.jsonl", [("a3", "A", "pleading"), ("a4", "A", "reaching_out")])
    result = unsent("data", "agreement", str(good), "--corpus", str(corpus), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["against_corpus"]["A"]["recall"]["harassing"] == 0.0
    bad = _annotations(tmp_path / "bad.jsonl", [("a9", "A", "pleading")])
    result = unsent("data", "agreement", str(bad), "--corpus", str(corpus))
    assert result.returncode == 1 and "no draft with id 'a9'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_stored_study_is_readable_and_annotators_agree_closely() -> None:
    """The blind relabelling in data/agreement (see data/DATA.md) against the bundled corpus."""
    result = agreement(load_examples(CORPUS), ROOT / "data" / "agreement" / "annotations.jsonl")
    assert set(result["against_corpus"]) == {"A", "B"}
    for row in result["against_corpus"].values():
        assert row["n"] == 480 and row["macro_f1"] > 0.9
