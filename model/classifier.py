"""The classifier the service uses: a compiled model, its version, and the explanation logic.

Flow for one draft: tokens -> token entries (cached) -> logits of the whole draft and of
each sentence -> calibrated probabilities -> combined (``model.combine``) -> label, phrase
spans for that label, safety signals.
"""

from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from model.combine import combine
from model.compiled import CompiledModel, RowScore, TokenEntry
from model.errors import EmptyDraftError
from model.explain import phrase_spans, token_weights
from model.labels import FLAGGED, LABELS
from model.prediction import Prediction, SentenceScore
from model.safety import safety_signals
from model.sentences import sentence_ranges
from model.text import Token, tokenize


def _probability_map(probabilities: NDArray[np.float64]) -> dict[str, float]:
    return {label: float(p) for label, p in zip(LABELS, probabilities, strict=True)}


def check_draft(text: object, *, index: int | None = None) -> str:
    """Return ``text`` if it is a non-blank string, else raise a typed error saying so."""
    where = "" if index is None else f" at position {index}"
    if not isinstance(text, str):
        raise TypeError(f"A draft must be a string; got {type(text).__name__}{where}.")
    if not text.strip():
        raise EmptyDraftError(f"The draft{where} is empty or only whitespace; type a message first.")
    return text


class _Draft:
    """One draft broken into what scoring and explaining need."""

    __slots__ = ("entries", "ranges", "text", "tokens")

    def __init__(self, model: CompiledModel, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = tokenize(text)
        self.entries: list[TokenEntry] = [model.entry(t.raw) for t in self.tokens]
        ranges = sentence_ranges(text, self.tokens)
        self.ranges = ranges if len(ranges) >= 2 else []

    def rows(self) -> list[tuple[Sequence[Token], Sequence[TokenEntry]]]:
        """The whole draft, then each sentence when there is more than one."""
        whole: list[tuple[Sequence[Token], Sequence[TokenEntry]]] = [(self.tokens, self.entries)]
        return whole + [(self.tokens[i:j], self.entries[i:j]) for i, j in self.ranges]


class Classifier:
    """Labels drafts; ``classify`` for one, ``classify_batch`` for many (same answers)."""

    def __init__(self, compiled: CompiledModel, *, model_version: str) -> None:
        self.compiled = compiled
        self.model_version = model_version
        self.labels = LABELS

    def classify(self, text: str) -> Prediction:
        """Label one draft. Raises ``EmptyDraftError`` for a blank draft."""
        draft = _Draft(self.compiled, check_draft(text))
        scores = [self.compiled.score_row(tokens, entries) for tokens, entries in draft.rows()]
        probabilities = self.compiled.probabilities(np.vstack([s.logits for s in scores]))
        return self._predict(draft, scores[0], probabilities)

    def classify_batch(self, texts: Sequence[str]) -> list[Prediction]:
        """Label many drafts with one sparse product per feature block."""
        drafts = [_Draft(self.compiled, check_draft(t, index=i)) for i, t in enumerate(texts)]
        rows = [row for draft in drafts for row in draft.rows()]
        if not rows:
            return []
        logits, word_norms, char_norms = self.compiled.score_rows(rows)
        probabilities = self.compiled.probabilities(logits)
        predictions, at = [], 0
        for draft in drafts:
            n = 1 + len(draft.ranges)
            counts = Counter(self.compiled.word_indices(draft.entries))
            doc = RowScore(logits[at], dict(counts), float(word_norms[at]), float(char_norms[at]))
            predictions.append(self._predict(draft, doc, probabilities[at : at + n]))
            at += n
        return predictions

    def _predict(
        self, draft: _Draft, doc: RowScore, probabilities: NDArray[np.float64]
    ) -> Prediction:
        combined, raiser = combine(probabilities[0], probabilities[1:])
        label_index = int(np.argmax(combined))
        label = LABELS[label_index]
        weights = token_weights(self.compiled, draft.entries, doc, label_index)
        sentences = tuple(
            SentenceScore(
                start=draft.tokens[i].start,
                end=draft.tokens[j - 1].end,
                label=LABELS[int(np.argmax(p))],
                probabilities=_probability_map(p),
            )
            for (i, j), p in zip(draft.ranges, probabilities[1:], strict=True)
        )
        return Prediction(
            label=label,
            probabilities=_probability_map(combined),
            flagged=label in FLAGGED,
            spans=phrase_spans(draft.text, draft.tokens, weights, label_index),
            safety=safety_signals(draft.text),
            model_version=self.model_version,
            sentences=sentences,
            decided_by=None if raiser is None else sentences[raiser],
        )
