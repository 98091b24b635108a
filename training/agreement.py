"""How far independent annotators agree with the corpus labels and with each other.

A model can hardly beat the agreement of careful people on the same drafts, so this is the
ceiling against which its macro-F1 is read. Annotations are JSONL rows
``{"id": <corpus draft id>, "annotator": <name>, "label": <label>}``, made blind: the
annotator sees the text and the labeling guide, never the corpus label.
"""

import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from model.labels import LABELS, is_label
from training.dataset import Example
from training.errors import DataFileError
from training.metrics import classification_metrics


def read_annotations(path: Path, known_ids: set[str]) -> dict[str, dict[str, str]]:
    """``annotator -> {draft id -> label}``; a bad row is refused with its file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(f"Cannot read {path} as UTF-8 text: {error}.") from error
    by_annotator: dict[str, dict[str, str]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataFileError(f"{path}:{number}: not valid JSON ({error.msg}).") from error
        if not isinstance(row, dict):
            raise DataFileError(f"{path}:{number}: expected an object with id, annotator and label.")
        draft, annotator, label = row.get("id"), row.get("annotator"), row.get("label")
        if not (isinstance(draft, str) and isinstance(annotator, str) and annotator):
            raise DataFileError(f"{path}:{number}: needs a string 'id' and a non-empty 'annotator'.")
        if not (isinstance(label, str) and is_label(label)):
            raise DataFileError(f"{path}:{number}: label {label!r} is not one of {', '.join(LABELS)}.")
        if draft not in known_ids:
            raise DataFileError(f"{path}:{number}: no draft with id {draft!r} in the corpus.")
        by_annotator.setdefault(annotator, {})[draft] = label
    if not by_annotator:
        raise DataFileError(f"{path}: no annotations.")
    return by_annotator


def _compare(first: Sequence[str], second: Sequence[str]) -> dict[str, Any]:
    metrics = classification_metrics(list(first), list(second))
    return {
        "n": metrics["n"],
        "accuracy": metrics["accuracy"],
        "macro_f1": metrics["macro_f1"],
        "kappa": float(cohen_kappa_score(first, second, labels=list(LABELS))),
        "recall": {label: values["recall"] for label, values in metrics["per_label"].items()},
    }


def agreement(examples: Sequence[Example], annotations: Path) -> dict[str, Any]:
    """Each annotator against the corpus labels (corpus label as the truth), and each pair of
    annotators on the drafts both labelled (the first of the pair as the truth)."""
    gold = {str(e.meta["id"]): e.label for e in examples if "id" in e.meta}
    by_annotator = read_annotations(annotations, set(gold))
    against_corpus = {}
    for name, labels in sorted(by_annotator.items()):
        ids = sorted(labels)
        against_corpus[name] = _compare([gold[i] for i in ids], [labels[i] for i in ids])
    pairs = {}
    for (a, first), (b, second) in itertools.combinations(sorted(by_annotator.items()), 2):
        shared = sorted(set(first) & set(second))
        if shared:
            pairs[f"{a} vs {b}"] = _compare([first[i] for i in shared], [second[i] for i in shared])
    return {"against_corpus": against_corpus, "between_annotators": pairs}
