"""Flag thresholds: how sure the model must be before it gives a flagged label.

By default a draft takes its most probable label. An operator who wants fewer (or more)
flags sets a threshold for ``pleading`` and/or ``harassing``: such a label is given only
when its probability reaches the threshold, the most severe one first; otherwise the draft
takes the most probable of the labels that have no threshold. Raising the harassing
threshold trades harassing recall for fewer flagged everyday messages (see data/DATA.md).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from model.labels import LABELS


@dataclass(frozen=True, slots=True)
class FlagThresholds:
    """Minimum probabilities for the flagged labels; ``None`` keeps the plain argmax."""

    pleading: float | None = None
    harassing: float | None = None

    def __post_init__(self) -> None:
        for name in ("pleading", "harassing"):
            value = getattr(self, name)
            if value is not None and not 0.0 < value < 1.0:
                raise ValueError(f"The {name} threshold must be between 0 and 1 (exclusive); got {value}.")

    def of(self, label: str) -> float | None:
        """The threshold of ``label``, or ``None`` when it has none."""
        return getattr(self, label, None) if label in ("pleading", "harassing") else None


def choose_label(
    probabilities: Sequence[float] | NDArray[np.float64], thresholds: FlagThresholds | None = None
) -> int:
    """The index into ``LABELS`` of the label a draft with these probabilities takes."""
    if thresholds is None or (thresholds.pleading is None and thresholds.harassing is None):
        return max(range(len(LABELS)), key=lambda i: probabilities[i])
    for index in reversed(range(len(LABELS))):
        threshold = thresholds.of(LABELS[index])
        if threshold is not None and probabilities[index] >= threshold:
            return index
    free = [i for i, label in enumerate(LABELS) if thresholds.of(label) is None]
    return max(free, key=lambda i: probabilities[i])
