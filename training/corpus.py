"""Growing ``data/drafts/``: merge new labeled files, drop duplicates, keep the split fixed.

New drafts join the side (train or test) of the near-duplicate group they fall into; a new
draft that would join groups on both sides is left out, because keeping it would put
near-twins on both sides of the split. Stored sides never change.
"""

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from training.dataset import Example, load_examples
from training.split import group_ids, near_duplicate_keys, split_of

FIELDS = ("id", "text", "label", "source", "tags", "batch", "split", "group")
SHARD_ROWS = 10_000
"""A corpus folder is written in shards of this many rows (about 3 MB), so no file is large."""


@dataclass(frozen=True)
class MergeCounts:
    """What a merge did."""

    read: int
    added: int
    duplicates: int
    bridging: int


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The corpus rows as dictionaries (validated through ``load_examples``)."""
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return []
    return [{"text": e.text, "label": e.label, **e.meta} for e in load_examples(path)]


def _new_row(example: Example, batch: str) -> dict[str, Any]:
    tags = example.meta.get("tags", [])
    return {"text": example.text, "label": example.label,
            "source": example.meta.get("source", "ex"),
            "tags": sorted({str(t) for t in tags}) if isinstance(tags, list) else [],
            "batch": str(example.meta.get("batch", batch))}


def merge(corpus: Path, sources: Sequence[Path]) -> MergeCounts:
    """Add the drafts of ``sources`` to ``corpus`` and rewrite it with groups and sides."""
    rows = read_rows(corpus)
    seen = {near_duplicate_keys(r["text"])[0] for r in rows}
    new_rows, read, duplicates = [], 0, 0
    for source in sources:
        for example in load_examples(source):
            read += 1
            key = near_duplicate_keys(example.text)[0]
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            new_rows.append(_new_row(example, Path(source).stem))
    everything = rows + new_rows
    groups = group_ids([r["text"] for r in everything])
    sides_of_group: dict[str, set[str]] = defaultdict(set)
    for row, group in zip(rows, groups, strict=False):
        sides_of_group[group].add(str(row.get("split")))
    kept, bridging = [], 0
    for row, group in zip(everything, groups, strict=True):
        existing = sides_of_group.get(group, set())
        if "split" not in row:
            if len(existing) > 1:
                bridging += 1
                continue
            row["split"] = next(iter(existing)) if existing else split_of(group)
        row["group"] = group
        kept.append(row)
    _write(corpus, kept)
    return MergeCounts(read=read, added=len(new_rows) - bridging, duplicates=duplicates,
                       bridging=bridging)


def _write(corpus: Path, rows: list[dict[str, Any]]) -> None:
    corpus.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    taken = [int(str(r["id"])[1:]) for r in rows if str(r.get("id", "")).startswith("d")]
    next_id = max(taken, default=0) + 1
    for row in rows:
        if not row.get("id"):
            row["id"], next_id = f"d{next_id:05d}", next_id + 1
        ordered = {k: row[k] for k in FIELDS if k in row}
        ordered.update({k: v for k, v in row.items() if k not in ordered})
        lines.append(json.dumps(ordered, ensure_ascii=False))
    if corpus.suffix:  # one file
        _replace(corpus, lines)
        return
    corpus.mkdir(exist_ok=True)
    shards = [lines[i : i + SHARD_ROWS] for i in range(0, len(lines), SHARD_ROWS)]
    names = [f"part-{n:02d}.jsonl" for n in range(1, len(shards) + 1)]
    for name, shard in zip(names, shards, strict=True):
        _replace(corpus / name, shard)
    for stale in corpus.glob("part-*.jsonl"):
        if stale.name not in names:
            stale.unlink()


def _replace(path: Path, lines: list[str]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(path)
