"""The ``unsent`` command line, run as a real process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_jsonl


def unsent(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "training", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=300, check=False)


def test_check_prints_label_probabilities_and_phrases() -> None:
    result = unsent("check", "Pick up your phone. I know you're home.")
    assert result.returncode == 0, result.stderr
    assert "label: harassing" in result.stdout
    assert "pleading" in result.stdout and "practical" in result.stdout
    assert "weight" in result.stdout


def test_check_json_and_stdin() -> None:
    result = unsent("check", "-", "--json", stdin="I don't want to live without you")
    payload = json.loads(result.stdout)
    assert payload["label"] == "pleading" and payload["safety"]["self_harm"] is True
    assert abs(sum(payload["probabilities"].values()) - 1) < 1e-9


def test_check_refuses_an_empty_draft_in_one_line() -> None:
    result = unsent("check", "   ")
    assert result.returncode == 1
    assert "empty" in result.stderr and "Traceback" not in result.stderr


def test_evaluate_json_has_the_documented_keys(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "few.jsonl", [
        {"text": "can you sign the lease renewal by friday", "label": "practical"},
        {"text": "Answer me. Now.", "label": "harassing"},
        {"text": "please, one more chance, I'm begging you", "label": "pleading"},
        {"text": "happy birthday, hope it's a great one", "label": "reaching_out"},
    ])
    result = unsent("evaluate", "--data", str(data), "--format", "json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert {"n", "accuracy", "macro_f1", "per_label", "labels", "confusion"} <= set(metrics)
    assert metrics["n"] == 4 and metrics["labels"] == ["practical", "reaching_out", "pleading", "harassing"]
    assert sum(map(sum, metrics["confusion"])) == 4
    assert set(metrics["per_label"]["harassing"]) == {"precision", "recall", "f1", "support"}


@pytest.mark.parametrize(("content", "message"), [
    ('{"text": "hi", "label": "sad"}\n', "bad.jsonl:1: unknown label 'sad'"),
    ('{"text": "", "label": "practical"}\n', "bad.jsonl:1: 'text' is missing or empty"),
    ("not json\n", "bad.jsonl:1: not valid JSON"),
])
def test_evaluate_reports_bad_files_without_a_traceback(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    result = unsent("evaluate", "--data", str(path))
    assert result.returncode == 1
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_evaluate_text_format(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "two.jsonl", [
        {"text": "Answer me. Now.", "label": "harassing"},
        {"text": "ok see u at 7", "label": "practical", "source": "everyday"},
    ])
    result = unsent("evaluate", "--data", str(data))
    assert result.returncode == 0 and "macro-F1" in result.stdout
    assert "flag rate, everyday" in result.stdout


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "x.jsonl", [{"text": "hi", "label": "practical"}])
    result = unsent("evaluate", "--data", str(data), "--format", "xml")
    assert result.returncode == 2


def test_train_from_the_command_line(tmp_path: Path, small_corpus: Path) -> None:
    result = unsent("train", "--data", str(small_corpus), "--out", str(tmp_path / "m"), "--seed", "5")
    assert result.returncode == 0, result.stderr
    assert "test split" in result.stdout and (tmp_path / "m" / "manifest.json").is_file()


def test_model_refused_by_the_cli(tmp_path: Path) -> None:
    result = unsent("check", "hello", "--model", str(tmp_path))
    assert result.returncode == 1 and "No model manifest" in result.stderr


def test_data_add_grows_the_corpus_and_keeps_splits(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": "d00001", "text": "I will be outside your work at five today", "label": "harassing",
         "source": "ex", "split": "test", "group": "g1"},
    ])
    new = write_jsonl(tmp_path / "new.jsonl", [
        {"text": "I will be outside your work at six tomorrow then", "label": "harassing"},
        {"text": "i will be outside your work at five today", "label": "harassing"},
        {"text": "the vet bill came, it's 80 each", "label": "practical"},
    ])
    result = unsent("data", "add", str(new), "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr
    assert "added 2, duplicates 1" in result.stdout
    rows = [json.loads(line) for line in corpus.read_text().splitlines()]
    assert rows[0]["split"] == "test" and rows[1]["split"] == "test", "a near-twin joins its group's side"
    assert len({r["id"] for r in rows}) == 3
