"""Classification metrics in the project's label order, as plain JSON-ready values."""

import itertools
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from model.labels import FLAGGED, LABELS

CALIBRATION_BINS: Final = 10


def classification_metrics(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, Any]:
    """``n``, ``accuracy``, ``macro_f1``, ``per_label``, ``labels`` and ``confusion`` (true by row)."""
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    return {
        "n": len(y_true),
        "accuracy": float(np.mean(np.asarray(y_true) == np.asarray(y_pred))) if y_true else 0.0,
        "macro_f1": float(np.mean(f1)),
        "per_label": {
            label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
        },
        "labels": labels,
        "confusion": matrix.astype(int).tolist(),
    }


def flag_rate(y_pred: Sequence[str]) -> float:
    """Share of predictions that are flagged (pleading or harassing)."""
    return float(np.mean([label in FLAGGED for label in y_pred])) if y_pred else 0.0


def calibration(probabilities: NDArray[np.float64], y_true: Sequence[str]) -> dict[str, Any]:
    """Expected calibration error of the top label, with the reliability table behind it."""
    truth = np.array([LABELS.index(y) for y in y_true])
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == truth
    edges = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
    bins, ece = [], 0.0
    for low, high in itertools.pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if not inside.any():
            continue
        mean_confidence = float(confidence[inside].mean())
        accuracy = float(correct[inside].mean())
        ece += inside.mean() * abs(mean_confidence - accuracy)
        bins.append({"low": float(low), "high": float(high), "n": int(inside.sum()),
                     "confidence": mean_confidence, "accuracy": accuracy})
    log_loss = float(-np.mean(np.log(np.clip(probabilities[np.arange(len(truth)), truth], 1e-12, 1))))
    return {"ece": float(ece), "log_loss": log_loss, "bins": bins}
