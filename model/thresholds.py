"""Flag thresholds: how sure the model must be before it gives a flagged label.

By default a draft takes its most probable label. An operator who wants fewer (or more)
flags sets a threshold for ``pleading`` and/or ``harassing``: such a label is given only
when its probability reaches the threshold, the most severe one first; otherwise the draft
takes the most probable of the labels that have no threshold. Raising the harassing
threshold trades harassing recall for fewer flagged everyday messages (see data/DATA.md).

The trade-off, out of fold on the training split (12,839 drafts, the default training
settings: C = 8, everyday weight 2, harassing weight 1.5; as served):

    harassing  pleading  macro-F1  harassing recall  pleading recall  everyday flagged  plain everyday
    -          -         0.831     0.786             0.836            9.7%              5.3%
    -          0.6       0.823     0.793             0.771            9.0%              4.8%
    0.5        -         0.829     0.753             0.843            8.4%              4.2%
    0.6        -         0.822     0.696             0.851            6.9%              3.4%
    0.6        0.6       0.812     0.696             0.771            5.9%              2.7%
    0.7        -         0.813     0.642             0.859            5.8%              2.7%
    0.8        -         0.794     0.558             0.862            4.9%              2.3%
    0.9        -         0.767     0.456             0.865            4.2%              2.1%

Reaching 3% of plain everyday messages by threshold costs a third of harassing recall, so
no threshold is the default; weighing everyday messages in training
(``training.train.SampleWeights``) buys fewer flags more cheaply.
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
