"""The fast path: the fitted pipeline compiled to dictionaries and arrays.

Scikit-learn spends hundreds of microseconds of per-call overhead on one short document
(input validation, sparse matrix construction, a FeatureUnion of three transformers).
``CompiledModel`` computes the same numbers directly:

* each distinct token is looked up once and cached: its word form, its unigram index and
  its character n-gram indices (character TF is linear, so a token's share of each logit
  is a fixed vector, which is also its explanation);
* a draft then costs one regex pass, a few dictionary look-ups per token and a handful of
  small NumPy operations; a batch is scored with one sparse matrix product per feature block.

``tests/model/test_compiled.py`` asserts the probabilities equal the pipeline's.
"""

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.special import softmax
from sklearn.pipeline import Pipeline

from model.features import carries_tone, char_terms, signal_vector
from model.labels import LABELS
from model.text import Token, normalize_token, word_form

_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class TokenEntry:
    """What the model knows about one distinct token string."""

    form: str
    tone: bool
    unigram: int
    chars: tuple[int, ...]
    char_logits: NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RowScore:
    """Logits of one text (a draft or a sentence) and what explaining them needs."""

    logits: NDArray[np.float64]
    word_counts: dict[int, int]
    word_norm: float
    char_norm: float


class CompiledModel:
    """Linear TF-IDF model in plain arrays; label order is ``LABELS``."""

    def __init__(
        self,
        *,
        word_vocab: dict[str, int],
        word_idf: NDArray[np.float64],
        char_vocab: dict[str, int],
        char_idf: NDArray[np.float64],
        coef: NDArray[np.float64],
        intercept: NDArray[np.float64],
        temperature: float,
    ) -> None:
        n_word, n_char = len(word_vocab), len(char_vocab)
        self.word_vocab = word_vocab
        self.word_idf = word_idf
        self.char_vocab = char_vocab
        self.char_idf = char_idf
        self.coef = coef
        self.coef_word = np.ascontiguousarray(coef[:, :n_word])
        self.coef_char = np.ascontiguousarray(coef[:, n_word : n_word + n_char])
        self.coef_signals = np.ascontiguousarray(coef[:, n_word + n_char :])
        self.intercept = intercept
        self.temperature = temperature
        centered = coef - coef.mean(axis=0, keepdims=True)
        self.explain_word = np.ascontiguousarray(centered[:, :n_word].T)
        self._cache: dict[str, TokenEntry] = {}

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline) -> "CompiledModel":
        """Read the fitted vectorizers and classifier out of ``model.pipeline``'s pipeline."""
        features = pipeline.named_steps["features"]
        word = features.transformer_list[0][1]
        char = features.transformer_list[1][1]
        classifier = pipeline.named_steps["classifier"]
        linear = classifier.estimator_
        order = [list(linear.classes_).index(label) for label in LABELS]
        return cls(
            word_vocab={str(k): int(v) for k, v in word.vocabulary_.items()},
            word_idf=np.asarray(word.idf_, dtype=np.float64),
            char_vocab={str(k): int(v) for k, v in char.vocabulary_.items()},
            char_idf=np.asarray(char.idf_, dtype=np.float64),
            coef=np.asarray(linear.coef_, dtype=np.float64)[order],
            intercept=np.asarray(linear.intercept_, dtype=np.float64)[order],
            temperature=float(classifier.temperature),
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_cache"] = {}
        return state

    def entry(self, raw: str) -> TokenEntry:
        """The cached facts of one token string; the cache is bounded and starts over when full."""
        found = self._cache.get(raw)
        if found is not None:
            return found
        norm = normalize_token(raw)
        form = word_form(raw)
        tone = carries_tone(norm)
        terms = char_terms(norm) if tone else []
        chars = tuple(j for j in map(self.char_vocab.get, terms) if j is not None)
        index = np.fromiter(chars, dtype=np.intp, count=len(chars))
        char_logits = self.coef_char[:, index] @ self.char_idf[index]
        unigram = self.word_vocab.get(form, -1) if tone else -1
        made = TokenEntry(form, tone, unigram, chars, char_logits)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[raw] = made
        return made

    def word_indices(self, entries: Sequence[TokenEntry]) -> list[int]:
        """Vocabulary indices of the unigrams and bigrams of a run of tokens, with repeats."""
        vocab = self.word_vocab
        kept = [e for e in entries if e.tone]
        found = [e.unigram for e in kept if e.unigram >= 0]
        for a, b in itertools.pairwise(kept):
            j = vocab.get(f"{a.form} {b.form}")
            if j is not None:
                found.append(j)
        return found

    def score_row(self, tokens: Sequence[Token], entries: Sequence[TokenEntry]) -> RowScore:
        """Logits of one text from its tokens; the single-draft path."""
        logits = self.intercept.copy()
        word_counts = Counter(self.word_indices(entries))
        word_norm = 0.0
        if word_counts:
            index = np.fromiter(word_counts.keys(), dtype=np.intp, count=len(word_counts))
            tf = np.fromiter(word_counts.values(), dtype=np.float64, count=len(word_counts))
            values = (1.0 + np.log(tf)) * self.word_idf[index]
            word_norm = math.sqrt(float(values @ values))
            logits += self.coef_word[:, index] @ values / word_norm
        char_counts = Counter(j for e in entries for j in e.chars)
        char_norm = 0.0
        if char_counts:
            index = np.fromiter(char_counts.keys(), dtype=np.intp, count=len(char_counts))
            tf = np.fromiter(char_counts.values(), dtype=np.float64, count=len(char_counts))
            values = tf * self.char_idf[index]
            char_norm = math.sqrt(float(values @ values))
            logits += sum(e.char_logits for e in entries) / char_norm
        logits += self.coef_signals @ np.asarray(signal_vector(tokens), dtype=np.float64)
        return RowScore(logits, dict(word_counts), word_norm, char_norm)

    def probabilities(self, logits: NDArray[np.float64]) -> NDArray[np.float64]:
        """Calibrated probabilities from logits (rows or a single vector)."""
        return np.asarray(softmax(logits / self.temperature, axis=-1), dtype=np.float64)

    def score_rows(self, rows: Sequence[tuple[Sequence[Token], Sequence[TokenEntry]]]) -> tuple[
        NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]
    ]:
        """Logits, word norms and char norms of many texts at once; the batch path."""
        word_ptr, char_ptr = [0], [0]
        word_idx: list[int] = []
        char_idx: list[int] = []
        signals: list[list[float]] = []
        for tokens, entries in rows:
            word_idx.extend(self.word_indices(entries))
            word_ptr.append(len(word_idx))
            for e in entries:
                char_idx.extend(e.chars)
            char_ptr.append(len(char_idx))
            signals.append(signal_vector(tokens))
        n = len(rows)
        words = _counts_matrix(word_idx, word_ptr, n, len(self.word_vocab))
        words.data = (1.0 + np.log(words.data)) * self.word_idf[words.indices]
        chars = _counts_matrix(char_idx, char_ptr, n, len(self.char_vocab))
        chars.data *= self.char_idf[chars.indices]
        word_norm = _row_norms(words)
        char_norm = _row_norms(chars)
        logits = np.tile(self.intercept, (n, 1))
        logits += _safe_divide(np.asarray(words @ self.coef_word.T), word_norm)
        logits += _safe_divide(np.asarray(chars @ self.coef_char.T), char_norm)
        logits += np.asarray(signals, dtype=np.float64).reshape(n, -1) @ self.coef_signals.T
        return logits, word_norm, char_norm


def _counts_matrix(indices: list[int], indptr: list[int], n_rows: int, n_cols: int) -> Any:
    data = np.ones(len(indices), dtype=np.float64)
    matrix = sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(n_rows, n_cols),
    )
    matrix.sum_duplicates()
    return matrix


def _row_norms(matrix: Any) -> NDArray[np.float64]:
    return np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float64).ravel())


def _safe_divide(numerator: NDArray[np.float64], norms: NDArray[np.float64]) -> NDArray[np.float64]:
    safe = np.where(norms > 0, norms, 1.0)
    return numerator / safe[:, None]
