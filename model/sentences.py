"""Sentence boundaries of a draft, as ranges of its tokens.

Texting has little punctuation, so a line break ends a sentence as well as ``. ! ? …``.
Working on tokens rather than characters keeps every sentence made of whole tokens, so a
sentence's features are exactly those of its text scored on its own.
"""

from collections.abc import Sequence
from typing import Final

from model.text import Token

_FINAL: Final = frozenset({".", "!", "?", "…"})


def ends_sentence(raw: str) -> bool:
    """True for a token of sentence-final punctuation (and spaces), such as ``.``, ``?!`` or ``. . .``."""
    return raw[-1] in _FINAL and all(ch in _FINAL or ch.isspace() for ch in raw)


def sentence_ranges(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Half-open token index ranges ``[i, j)``, one per sentence, covering every token."""
    ranges: list[tuple[int, int]] = []
    begin = 0
    for i in range(len(tokens) - 1):
        here, after = tokens[i], tokens[i + 1]
        punctuation_ends = ends_sentence(here.raw) and not ends_sentence(after.raw)
        if punctuation_ends or "\n" in text[here.end : after.start]:
            ranges.append((begin, i + 1))
            begin = i + 1
    if tokens:
        ranges.append((begin, len(tokens)))
    return ranges
