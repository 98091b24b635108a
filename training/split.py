"""Near-duplicate groups and the fixed train/test split.

Two drafts are near-duplicates when they share their opening or their closing (the first
or last four word forms, after normalisation) or are equal once normalised. Groups are the
connected components of that relation, and a whole group goes to one side of the split,
so the test split never holds a draft whose twin was trained on. A group's side comes from
a hash of its key. The split is stored in ``data/drafts/``; drafts added later join
the side of any group they fall into (``training.corpus``), so a stored side never moves.
"""

import hashlib
from collections.abc import Sequence
from typing import Final

from model.text import tokenize, word_form

OPENING_WORDS: Final = 4
TEST_FRACTION: Final = 0.18


def word_forms(text: str) -> list[str]:
    """Normalised, stemmed word forms of ``text``, punctuation-only tokens dropped."""
    return [word_form(t.raw) for t in tokenize(text) if any(ch.isalnum() for ch in t.raw)]


def near_duplicate_keys(text: str) -> list[str]:
    """Keys shared by near-duplicates: the normalised text, its opening and its closing."""
    forms = word_forms(text) or [text.strip().casefold()]
    keys = ["all:" + " ".join(forms)]
    if len(forms) > OPENING_WORDS:
        keys.append("open:" + " ".join(forms[:OPENING_WORDS]))
        keys.append("close:" + " ".join(forms[-OPENING_WORDS:]))
    return keys


def group_ids(texts: Sequence[str]) -> list[str]:
    """A group id per text; near-duplicates share one. Ids are stable hashes of a member key."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_holder: dict[str, int] = {}
    for i, text in enumerate(texts):
        for key in near_duplicate_keys(text):
            j = first_holder.setdefault(key, i)
            parent[find(i)] = find(j)
    root_key: dict[int, str] = {}
    for i, text in enumerate(texts):
        key = near_duplicate_keys(text)[0]
        root = find(i)
        root_key[root] = min(root_key.get(root, key), key)
    return [hashlib.sha1(root_key[find(i)].encode()).hexdigest()[:12] for i in range(len(texts))]


def split_of(group_id: str, *, test_fraction: float = TEST_FRACTION) -> str:
    """``test`` or ``train`` for a group, fixed by its id."""
    bucket = int(hashlib.sha256(f"unsent-split:{group_id}".encode()).hexdigest()[:8], 16)
    return "test" if bucket / 0xFFFFFFFF < test_fraction else "train"
