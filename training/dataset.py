"""Reading labeled drafts from JSONL or CSV, with errors that name the file and line.

Rows need ``text`` and ``label``; anything else (``split``, ``group``, ``source``, ``tags``,
``id``) is kept as metadata. A file with bad rows is refused whole, listing the first
problems, so a typo in a label cannot silently drop examples from training.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from model.artifact import sha256_file
from model.labels import LABELS, Label, is_label
from training.errors import DataFileError

MAX_REPORTED: Final = 10


@dataclass(frozen=True, slots=True)
class Example:
    """One labeled draft and where it came from."""

    text: str
    label: Label
    source_file: str
    line: int
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def split(self) -> str | None:
        value = self.meta.get("split")
        return value if isinstance(value, str) else None

    @property
    def origin(self) -> str:
        """``ex`` for drafts to an ex, ``everyday`` for ordinary messages, or ``unknown``."""
        value = self.meta.get("source")
        return value if isinstance(value, str) else "unknown"


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataFileError(f"Cannot read {path}: {error.strerror or error}.") from error
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFileError(
            f"{path}:{line}: not valid UTF-8 (byte {raw[error.start]:#04x} at offset "
            f"{error.start}); save the file as UTF-8."
        ) from error


def _check_row(row: dict[str, Any], where: str, problems: list[str]) -> tuple[str, str] | None:
    text, label = row.get("text"), row.get("label")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: 'text' is missing or empty.")
        return None
    if not isinstance(label, str) or not is_label(label):
        problems.append(f"{where}: unknown label {label!r}; use one of {', '.join(LABELS)}.")
        return None
    return text, label


def _rows_jsonl(content: str, path: Path, problems: list[str]) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{path}:{number}: not valid JSON ({error.msg}).")
            continue
        if not isinstance(row, dict):
            problems.append(f"{path}:{number}: each line must be a JSON object with text and label.")
            continue
        rows.append((number, row))
    return rows


def _rows_csv(content: str, path: Path, problems: list[str]) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in ("text", "label") if c not in columns]
    if missing:
        raise DataFileError(
            f"{path}:1: missing column(s) {', '.join(missing)}; the header has "
            f"{', '.join(columns) or 'nothing'}. A CSV needs at least 'text' and 'label'."
        )
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, {k: v for k, v in row.items() if k is not None}))
    except csv.Error as error:
        problems.append(f"{path}:{reader.line_num}: {error}.")
    return rows


def data_files(path: Path) -> list[Path]:
    """The labeled files a path stands for: itself, or a folder's ``.jsonl`` and ``.csv`` files in
    name order (the shipped corpus is a folder of shards, each small enough to keep the repository
    lean)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".jsonl", ".csv") and p.is_file())
        if not files:
            raise DataFileError(f"{path}: a folder with no .jsonl or .csv files.")
        return files
    return [path]


def sha256_data(path: Path) -> str:
    """SHA-256 of the bytes of ``data_files(path)`` one after another: a corpus split into shards
    at line boundaries hashes as the single file it was."""
    return sha256_file(*data_files(path))


def load_examples(path: Path) -> list[Example]:
    """All examples of a ``.jsonl`` or ``.csv`` file, or of a folder of them (``data_files``);
    raises ``DataFileError`` listing bad rows."""
    files = data_files(path)
    if len(files) > 1:
        return [example for file in files for example in load_examples(file)]
    path = files[0]
    if not path.is_file():
        raise DataFileError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise DataFileError(f"{path}: unsupported format {suffix or '(none)'}; use .jsonl or .csv.")
    content = _decode(path)
    problems: list[str] = []
    reader = _rows_jsonl if suffix == ".jsonl" else _rows_csv
    examples = []
    for number, row in reader(content, path, problems):
        checked = _check_row(row, f"{path}:{number}", problems)
        if checked is not None:
            meta = {k: v for k, v in row.items() if k not in ("text", "label")}
            examples.append(Example(checked[0], checked[1], str(path), number, meta))  # type: ignore[arg-type]
    if problems:
        shown = "\n  ".join(problems[:MAX_REPORTED])
        more = f"\n  ... and {len(problems) - MAX_REPORTED} more" if len(problems) > MAX_REPORTED else ""
        raise DataFileError(f"{path}: {len(problems)} bad row(s):\n  {shown}{more}")
    if not examples:
        raise DataFileError(f"{path}: no labeled rows found.")
    return examples
