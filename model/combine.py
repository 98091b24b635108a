"""How the whole draft and its sentences combine into one set of probabilities.

A long, friendly draft with one hostile sentence must not be diluted by the friendly rest,
and a mixed draft takes its most severe label. So each sentence of a multi-sentence draft is
scored on its own, and for each flagged label (pleading, harassing) whose sentence arg-max
is that label, the draft's probability of that label is raised to the sentence's if the
sentence is more sure. The unflagged labels give up the difference in proportion to what they
had, so the result still sums to one. Sentences never lower a flagged label: a calm sentence
cannot excuse a hostile one.
"""

import numpy as np
from numpy.typing import NDArray

from model.labels import LABELS

_FLAGGED_INDEX = (LABELS.index("harassing"), LABELS.index("pleading"))
_CALM_INDEX = (LABELS.index("practical"), LABELS.index("reaching_out"))


def combine(
    document: NDArray[np.float64], sentences: NDArray[np.float64]
) -> tuple[NDArray[np.float64], int | None]:
    """Combined probabilities, and the index of the sentence that raised the label, if any."""
    combined = document.astype(np.float64, copy=True)
    if sentences.shape[0] < 2:
        return combined, None
    winners = sentences.argmax(axis=1)
    raiser: int | None = None
    for label_index in _FLAGGED_INDEX:
        firing = np.flatnonzero(winners == label_index)
        if firing.size == 0:
            continue
        best = int(firing[np.argmax(sentences[firing, label_index])])
        if sentences[best, label_index] > combined[label_index]:
            combined[label_index] = sentences[best, label_index]
            raiser = best if raiser is None else raiser
    flagged_mass = combined[list(_FLAGGED_INDEX)].sum()
    if flagged_mass > 1.0:
        combined[list(_FLAGGED_INDEX)] /= flagged_mass
        combined[list(_CALM_INDEX)] = 0.0
    else:
        calm = document[list(_CALM_INDEX)]
        room = 1.0 - flagged_mass
        share = calm / calm.sum() if calm.sum() > 0 else np.full(len(calm), 1.0 / len(calm))
        combined[list(_CALM_INDEX)] = share * room
    if raiser is not None and int(np.argmax(combined)) == int(np.argmax(document)):
        raiser = None
    return combined, raiser
