"""The fast path: the fitted pipeline compiled to dictionaries and arrays.

Scikit-learn spends hundreds of microseconds of per-call overhead on one short document
(input validation, sparse matrix construction, a FeatureUnion of three transformers).
``CompiledModel`` computes the same numbers directly:

* each distinct token is looked up once and cached: its word form and unigram index, its
  share of each character logit and its character L1 mass (character TF is linear and
  L1-normalised, so both are sums over tokens), and its tone-signal flags;
* a draft's sentences are contiguous token ranges, so the draft and all its sentences are
  scored together from prefix sums: one regex pass, a few dictionary look-ups per token
  and a handful of small NumPy operations. A batch is the same, draft after draft.

``tests/model/test_compiled.py`` asserts the probabilities equal the pipeline's.
"""

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.pipeline import Pipeline

from model.features import carries_tone, char_terms, length_scale, signals_from_counts, token_traits
from model.labels import LABELS
from model.lexicon import LEXICONS, lexicon_matches
from model.text import normalize_token, word_form

_CACHE_LIMIT = 200_000
_N_LABELS = len(LABELS)
_MASS = _N_LABELS  # column of a token vector holding its character L1 mass
_TRAITS = slice(_N_LABELS + 1, _N_LABELS + 9)  # columns holding its eight signal flags


@dataclass(frozen=True, slots=True)
class TokenEntry:
    """What the model knows about one distinct token string.

    ``vector`` holds, in one array so a draft's tokens stack in one call: the token's share
    of each label's character logit (before L1 normalisation), its character L1 mass, and
    its eight signal flags (``model.features.Traits``).
    """

    form: str
    norm: str
    tone: bool
    unigram: int
    vector: NDArray[np.float64]
    char_explain: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class DraftScore:
    """Logits of a draft (row 0) and its sentences, and what explaining row 0 needs.

    ``word_share`` maps each word term of row 0 to its scaled TF-IDF value per occurrence, so
    one occurrence adds that times the term's coefficient to the logit. ``char_norm`` is the
    row-0 character L1 norm divided by the length scale, so that a token's share of the
    logit is its weight divided by it, as in ``model.explain``.
    """

    logits: NDArray[np.float64]
    word_terms: list[tuple[int, int, int]]
    word_share: dict[int, float]
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
        length_k: float = 0.0,
    ) -> None:
        n_word, n_char = len(word_vocab), len(char_vocab)
        self.length_k = length_k
        self.word_vocab = word_vocab
        self.word_idf = word_idf
        self.char_vocab = char_vocab
        self.char_idf = char_idf
        self.coef = coef
        self.coef_word_rows = np.ascontiguousarray(coef[:, :n_word].T)  # a term's four coefficients together
        self.coef_char = np.ascontiguousarray(coef[:, n_word : n_word + n_char])
        self.coef_signals = np.ascontiguousarray(coef[:, n_word + n_char :])
        self.intercept = intercept
        self.temperature = temperature
        centered = coef - coef.mean(axis=0, keepdims=True)
        # Python sequences: explanations read single values, and indexing them beats NumPy's.
        # Tuples, not lists, for the rows: the garbage collector stops tracking tuples of
        # floats, and tens of thousands of tracked lists made every full collection slower.
        self.word_idf_list: list[float] = word_idf.tolist()
        self.explain_word: tuple[tuple[float, ...], ...] = tuple(map(tuple, centered[:, :n_word].T.tolist()))
        self._cache: dict[str, TokenEntry] = {}

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline) -> "CompiledModel":
        """Read the fitted vectorizers and classifier out of ``model.pipeline``'s pipeline."""
        features = pipeline.named_steps["features"]
        word_scaled = features.transformer_list[0][1]
        char_scaled = features.transformer_list[1][1]
        if word_scaled.k != char_scaled.k:
            raise ValueError("The fast path needs the same length scale k for words and characters.")
        word, char = word_scaled.vectorizer_, char_scaled.vectorizer_
        if (word.norm, word.sublinear_tf, char.norm, char.sublinear_tf) != ("l2", True, "l1", False):
            raise ValueError(
                "The fast path computes word TF-IDF with sublinear TF and L2 norm and character "
                "TF-IDF with plain TF and L1 norm; this pipeline was built otherwise."
            )
        classifier = pipeline.named_steps["classifier"]
        linear = classifier.estimator_
        order = [list(linear.classes_).index(label) for label in LABELS]
        block_weights = features.transformer_weights or {}
        coef = np.asarray(linear.coef_, dtype=np.float64)[order].copy()
        n_word, n_char = len(word.vocabulary_), len(char.vocabulary_)
        # A weighted FeatureUnion scales each block's output; folding the weight into the
        # coefficients gives the same logits.
        coef[:, :n_word] *= block_weights.get("word", 1.0)
        coef[:, n_word : n_word + n_char] *= block_weights.get("char", 1.0)
        coef[:, n_word + n_char :] *= block_weights.get("signals", 1.0)
        return cls(
            word_vocab={str(k): int(v) for k, v in word.vocabulary_.items()},
            word_idf=np.asarray(word.idf_, dtype=np.float64),
            char_vocab={str(k): int(v) for k, v in char.vocabulary_.items()},
            char_idf=np.asarray(char.idf_, dtype=np.float64),
            coef=coef,
            intercept=np.asarray(linear.intercept_, dtype=np.float64)[order],
            temperature=float(classifier.temperature),
            length_k=float(word_scaled.k),
        )

    def entry(self, raw: str) -> TokenEntry:
        """The cached facts of one token string; the cache is bounded and starts over when full."""
        found = self._cache.get(raw)
        if found is not None:
            return found
        norm = normalize_token(raw)
        tone = carries_tone(norm)
        terms = char_terms(norm) if tone else []
        index = np.array([j for j in map(self.char_vocab.get, terms) if j is not None], dtype=np.intp)
        char_logits = self.coef_char[:, index] @ self.char_idf[index]
        mass = self.char_idf[index].sum()
        vector = np.concatenate([char_logits, [mass], token_traits(raw)[1:]]).astype(np.float64)
        form = word_form(raw)
        unigram = self.word_vocab.get(form, -1) if tone else -1
        explain = tuple(float(x) for x in char_logits - char_logits.mean())
        made = TokenEntry(form, norm, tone, unigram, vector, explain)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[raw] = made
        return made

    def score_draft(self, entries: Sequence[TokenEntry], ranges: Sequence[tuple[int, int]]) -> DraftScore:
        """Logits of the whole draft (row 0) and of each token range in ``ranges`` (rows 1..).

        Sentences are contiguous token ranges, so the per-token vectors are summed once with
        a prefix sum and each sentence is a difference of two sums.
        """
        spans = [(0, len(entries)), *ranges]
        sums = self._span_sums(entries, spans)
        scale = np.array([length_scale(high - low, self.length_k) for low, high in spans])
        terms = self._word_terms(entries)
        scale0 = float(scale[0])
        text_logits, word_share = self._word_logits(terms, len(entries), ranges, scale0)
        char_norms = sums[:, _MASS]
        safe = np.where(char_norms > 0, char_norms, 1.0)
        text_logits += sums[:, :_N_LABELS] / safe[:, None]
        logits = self.intercept + scale[:, None] * text_logits
        logits += np.asarray(self._signal_rows(entries, spans, sums)) @ self.coef_signals.T
        return DraftScore(logits, terms, word_share, float(char_norms[0]) / scale0 if scale0 else 0.0)

    def _span_sums(self, entries: Sequence[TokenEntry], spans: list[tuple[int, int]]) -> NDArray[np.float64]:
        if not entries:
            return np.zeros((len(spans), _N_LABELS + 9))
        table = np.array([e.vector for e in entries])
        whole = table.sum(axis=0)
        if len(spans) == 1:
            return np.asarray(whole[None, :], dtype=np.float64)
        prefix = np.empty((table.shape[0] + 1, table.shape[1]))
        prefix[0] = 0.0
        np.cumsum(table, axis=0, out=prefix[1:])
        low, high = np.array(spans).T
        sums = prefix[high] - prefix[low]
        sums[0] = whole  # summed directly: no cancellation in the row that decides most
        return np.asarray(sums, dtype=np.float64)

    def _word_terms(self, entries: Sequence[TokenEntry]) -> list[tuple[int, int, int]]:
        """``(first token, last token, vocabulary index)`` of every known unigram and bigram."""
        vocab = self.word_vocab
        kept = [i for i, e in enumerate(entries) if e.tone]
        terms = [(i, i, entries[i].unigram) for i in kept if entries[i].unigram >= 0]
        for a, b in itertools.pairwise(kept):
            j = vocab.get(f"{entries[a].form} {entries[b].form}")
            if j is not None:
                terms.append((a, b, j))
        return terms

    def _word_logits(
        self, terms: list[tuple[int, int, int]], n_tokens: int, ranges: Sequence[tuple[int, int]],
        draft_scale: float,
    ) -> tuple[NDArray[np.float64], dict[int, float]]:
        """Word logits of every row (draft, then sentences), and each draft term's TF-IDF value
        per occurrence, scaled by ``draft_scale`` (``DraftScore.word_share``, for ``model.explain``).

        A bigram across a sentence boundary counts for the draft only.
        """
        per_row: list[list[int]] = [[j for _, _, j in terms]]
        if ranges:
            sentence_of = [0] * n_tokens
            for r, (low, high) in enumerate(ranges, 1):
                sentence_of[low:high] = [r] * (high - low)
            per_row += [[] for _ in ranges]
            for a, b, j in terms:
                r = sentence_of[a]
                if r == sentence_of[b]:
                    per_row[r].append(j)
        idf = self.word_idf_list
        index: list[int] = []
        weight: list[float] = []
        row_of: list[int] = []
        word_share: dict[int, float] = {}
        for r, js in enumerate(per_row):
            if not js:
                continue
            counts = Counter(js)
            values = [idf[j] if c == 1 else (1.0 + math.log(c)) * idf[j] for j, c in counts.items()]
            inverse_norm = 1.0 / math.hypot(*values)
            normalised = [v * inverse_norm for v in values]
            if r == 0:
                word_share = {j: w / c * draft_scale for (j, c), w in zip(counts.items(), normalised, strict=True)}
            index += counts
            weight += normalised
            row_of += [r] * len(values)
        if not index:
            return np.zeros((len(per_row), _N_LABELS)), word_share
        coef = self.coef_word_rows[index]
        if len(per_row) == 1:
            return (np.array(weight) @ coef)[None, :], word_share
        onehot = np.zeros((len(per_row), len(index)))
        onehot[row_of, range(len(index))] = weight
        return onehot @ coef, word_share

    def _signal_rows(
        self, entries: Sequence[TokenEntry], spans: list[tuple[int, int]], sums: NDArray[np.float64]
    ) -> list[list[float]]:
        matches = lexicon_matches([e.norm for e in entries])
        rows = []
        for (low, high), flags in zip(spans, sums[:, _TRAITS].tolist(), strict=True):
            lexicon = [0] * len(LEXICONS)
            for a, b, k in matches:
                if low <= a and b <= high:
                    lexicon[k] += 1
            rows.append(signals_from_counts(high - low, flags, lexicon))
        return rows

    def probabilities(self, logits: NDArray[np.float64]) -> NDArray[np.float64]:
        """Calibrated probabilities from logits (rows or a single vector)."""
        scaled = logits / self.temperature
        scaled = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
        return np.asarray(scaled / scaled.sum(axis=-1, keepdims=True), dtype=np.float64)
