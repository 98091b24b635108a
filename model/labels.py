"""The four tone labels, their order and their severity.

The order of ``LABELS`` is the column order of every probability vector and confusion
matrix in the project; it runs from least to most severe, so a mixed draft takes the
label with the highest index among those it contains.
"""

from typing import Final, Literal

Label = Literal["practical", "reaching_out", "pleading", "harassing"]

LABELS: Final[tuple[Label, ...]] = ("practical", "reaching_out", "pleading", "harassing")
FLAGGED: Final[frozenset[str]] = frozenset({"pleading", "harassing"})
SEVERITY: Final[dict[str, int]] = {label: rank for rank, label in enumerate(LABELS)}


def is_label(value: str) -> bool:
    """True when ``value`` is one of the four labels, spelled exactly."""
    return value in SEVERITY
