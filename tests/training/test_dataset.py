"""Bad data files are refused with the file and line, never a traceback."""

from pathlib import Path

import pytest

from tests.conftest import write_jsonl
from training.dataset import load_examples
from training.errors import DataFileError


def test_jsonl_rows_keep_their_metadata(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "ok.jsonl", [
        {"text": "keys are under the mat", "label": "practical", "split": "test", "tags": ["hard"]},
        {"text": "answer me", "label": "harassing"},
    ])
    examples = load_examples(path)
    assert [e.label for e in examples] == ["practical", "harassing"]
    assert examples[0].split == "test" and examples[0].meta["tags"] == ["hard"]
    assert examples[1].line == 2 and examples[1].split is None


def test_csv_with_quotes_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "drafts.csv"
    content = 'text,label\n"line one\nline two, with comma",reaching_out\nok,practical\n'
    path.write_text(content, encoding="utf-8")
    examples = load_examples(path)
    assert examples[0].text == "line one\nline two, with comma"
    assert examples[1].line == 4


def test_unknown_label_names_file_and_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [
        {"text": "fine", "label": "practical"},
        {"text": "hmm", "label": "angry"},
    ])
    with pytest.raises(DataFileError, match=r"bad\.jsonl:2: unknown label 'angry'"):
        load_examples(path)


def test_empty_text_names_the_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "  ", "label": "practical"}])
    with pytest.raises(DataFileError, match=r":1: 'text' is missing or empty"):
        load_examples(path)


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a", "label": "practical"}\n{"text": oops}\n', encoding="utf-8")
    with pytest.raises(DataFileError, match=r":2: not valid JSON"):
        load_examples(path)


def test_bad_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "ok", "label": "practical"}\n{"text": "caf\xe9", "label": "practical"}\n')
    with pytest.raises(DataFileError, match=r"latin1\.jsonl:2: not valid UTF-8"):
        load_examples(path)


def test_csv_without_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("message,tone\nhi,practical\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"wrong\.csv:1: missing column\(s\) text, label"):
        load_examples(path)


def test_unsupported_format_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("x")
    with pytest.raises(DataFileError, match="unsupported format"):
        load_examples(tmp_path / "data.txt")
    with pytest.raises(DataFileError, match="no such file"):
        load_examples(tmp_path / "missing.jsonl")


def test_many_problems_are_summarised(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "x", "label": "nope"}] * 25)
    with pytest.raises(DataFileError, match="25 bad row") as caught:
        load_examples(path)
    assert "and 15 more" in str(caught.value)


def test_a_folder_of_shards_reads_and_hashes_as_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from model.artifact import sha256_file
    from training import corpus
    from training.dataset import sha256_data

    texts = ["the vet bill came", "keys are under the mat", "rent is due friday", "can you sign the form",
             "the boiler man comes at ten"]
    rows: list[dict[str, object]] = [{"text": t, "label": "practical", "source": "ex"} for t in texts]
    single = write_jsonl(tmp_path / "new.jsonl", rows)
    monkeypatch.setattr(corpus, "SHARD_ROWS", 2)
    folder = tmp_path / "drafts"
    corpus.merge(folder, [single])
    assert sorted(p.name for p in folder.iterdir()) == ["part-01.jsonl", "part-02.jsonl", "part-03.jsonl"]
    whole = tmp_path / "whole.jsonl"
    whole.write_bytes(b"".join(p.read_bytes() for p in sorted(folder.iterdir())))
    assert sha256_data(folder) == sha256_file(whole)
    assert [e.text for e in load_examples(folder)] == [e.text for e in load_examples(whole)]
    assert [e.text for e in load_examples(folder)] == [r["text"] for r in rows]

    monkeypatch.setattr(corpus, "SHARD_ROWS", 10)
    corpus.merge(folder, [])
    assert [p.name for p in folder.iterdir()] == ["part-01.jsonl"], "stale shards are removed"
    assert len(load_examples(folder)) == 5


def test_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    with pytest.raises(DataFileError, match=r"no \.jsonl or \.csv files"):
        load_examples(tmp_path / "drafts")
