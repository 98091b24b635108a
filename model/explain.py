"""Which phrases drove the label: per-token shares of the logit, merged into spans.

A token's weight for a label is its share of that label's logit minus its share of the
average logit (so a word that pushes every label up equally explains nothing). Character
features are linear in counts, so a token's share is exact; a word unigram seen ``c`` times
splits its sublinear value evenly across its occurrences; a bigram splits half to each word.
Adjacent tokens that both pass the threshold merge into one phrase.
"""

from collections.abc import Sequence
from typing import Final

from model.compiled import CompiledModel, DraftScore, TokenEntry
from model.labels import LABELS
from model.prediction import Span
from model.text import Token

MAX_SPANS: Final = 5
MIN_WEIGHT: Final = 0.05
RELATIVE_THRESHOLD: Final = 0.2


def token_weights(
    model: CompiledModel, entries: Sequence[TokenEntry], score: DraftScore, label_index: int
) -> list[float]:
    """Each token's contribution to ``label_index``'s logit, relative to the mean logit."""
    if score.char_norm > 0:
        inverse = 1.0 / score.char_norm
        weights = [entry.char_explain[label_index] * inverse for entry in entries]
    else:
        weights = [0.0] * len(entries)
    explain, shares = model.explain_word, score.word_share
    for a, b, j in score.word_terms:
        share = shares[j] * explain[j][label_index]
        if a == b:
            weights[a] += share
        else:
            weights[a] += share / 2
            weights[b] += share / 2
    return weights


def phrase_spans(
    text: str, tokens: Sequence[Token], weights: Sequence[float], label_index: int
) -> tuple[Span, ...]:
    """The strongest phrases for the label, as spans into ``text``, strongest first."""
    if not weights:
        return ()
    threshold = max(MIN_WEIGHT, RELATIVE_THRESHOLD * max(weights))
    phrases: list[tuple[int, int, float]] = []
    run_start, run_weight = -1, 0.0
    for i, weight in enumerate([*weights, float("-inf")]):
        if weight >= threshold:
            if run_start < 0:
                run_start, run_weight = i, 0.0
            run_weight += weight
        elif run_start >= 0:
            phrases.append((tokens[run_start].start, tokens[i - 1].end, run_weight))
            run_start = -1
    phrases.sort(key=lambda p: p[2], reverse=True)
    label = LABELS[label_index]
    return tuple(
        Span(start, end, text[start:end], round(weight, 4), label)
        for start, end, weight in phrases[:MAX_SPANS]
    )
