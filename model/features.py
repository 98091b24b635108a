"""Features of a draft: word n-grams, character n-grams and a few tone signals.

Everything here is a pure function of the token list from ``model.text`` so that the
scikit-learn pipeline (training, reference) and the compiled fast path (serving) compute
the very same terms from the very same code.
"""

import itertools
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Final, NamedTuple

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from model.lexicon import LEXICONS, lexicon_counts
from model.text import Token, is_shouted, normalize_token, reduce_lengthening, tokenize, word_form

CHAR_NGRAM_RANGE: Final = (2, 5)

SIGNAL_NAMES: Final[tuple[str, ...]] = (
    "exclamations",
    "questions",
    "punctuation_only",
    "shouting",
    "please",
    "second_person",
    "first_person",
    "elongated",
    "length",
    "short_question",
    *(f"lexicon_{name}" for name, _ in LEXICONS),
)
_PLEASE: Final = frozenset({"please", "pls", "plz", "plss", "pleas", "pleaz", "plis", "pleeease"})
_SECOND_PERSON: Final = frozenset(
    {"you", "u", "your", "ur", "you're", "youre", "yourself", "ya", "yours", "you'll", "you've"}
)
_FIRST_PERSON: Final = frozenset({"i", "i'm", "im", "me", "my", "myself", "i'll", "i've", "mine"})


_STYLE_ONLY: Final = frozenset({".", ",", ";", ":", '"', "'", "-", "(", ")"})


def carries_tone(norm: str) -> bool:
    """False for bare commas, full stops and the like: how often a writer uses them is
    personal style, not tone, and a model that learns it learns its authors instead."""
    return norm not in _STYLE_ONLY


def word_terms(forms: Sequence[str]) -> list[str]:
    """Unigrams and bigrams of the word forms, bigrams joined by one space."""
    terms = list(forms)
    terms.extend(f"{a} {b}" for a, b in itertools.pairwise(forms))
    return terms


def char_terms(norm: str) -> list[str]:
    """Character n-grams of one normalised token padded with spaces, as ``char_wb`` does."""
    padded = f" {norm} "
    low, high = CHAR_NGRAM_RANGE
    terms: list[str] = []
    for n in range(low, high + 1):
        if len(padded) < n:
            break
        terms.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return terms


class Traits(NamedTuple):
    """What the tone signals need to know about one token, computed once per distinct token."""

    norm: str
    letters: int
    shouted: int
    elongated: int
    exclamation: int
    question: int
    please: int
    second_person: int
    first_person: int


@lru_cache(maxsize=200_000)
def token_traits(raw: str) -> Traits:
    """The signal-relevant facts of one raw token (cached)."""
    norm = normalize_token(raw)
    folded = raw.casefold()
    letters = any(ch.isalpha() for ch in raw)
    return Traits(
        norm=norm,
        letters=int(letters),
        shouted=int(is_shouted(raw)),
        elongated=int(letters and reduce_lengthening(folded) != folded),
        exclamation=int(norm == "!"),
        question=int(norm == "?"),
        please=int(norm in _PLEASE),
        second_person=int(norm in _SECOND_PERSON),
        first_person=int(norm in _FIRST_PERSON),
    )


def signals_from_counts(n: int, counts: Sequence[int], lexicon: Sequence[int]) -> list[float]:
    """Tone signals in [0, 1], in the order of ``SIGNAL_NAMES``.

    ``counts`` are the sums of the ``Traits`` flags (letters ... first_person) over the
    ``n`` tokens of the text, ``lexicon`` its hits per lexicon.
    """
    if n == 0:
        return [0.0] * len(SIGNAL_NAMES)
    words, shouted, elongated, exclamations, questions, please, second, first = counts
    return [
        min(exclamations, 6) / 6,
        min(questions, 6) / 6,
        0.0 if words else 1.0,
        shouted / words if words else 0.0,
        min(please, 4) / 4,
        second / n,
        first / n,
        min(elongated, 3) / 3,
        min(math.log1p(n) / 6, 1.0),
        1.0 if words <= 2 and questions else 0.0,
        *(min(count, 3) / 3 for count in lexicon),
    ]


def signals_of(traits: Sequence[Traits]) -> list[float]:
    """Tone signals of a text from its tokens' traits."""
    if not traits:
        return signals_from_counts(0, [], [])
    columns = list(zip(*traits, strict=True))
    return signals_from_counts(len(traits), [sum(c) for c in columns[1:]], lexicon_counts(columns[0]))


def signal_vector(tokens: Sequence[Token]) -> list[float]:
    """Tone signals of a token list (see ``signals_of``)."""
    return signals_of([token_traits(t.raw) for t in tokens])


class WordAnalyzer:
    """Analyzer for ``TfidfVectorizer``: word unigrams and bigrams of a raw draft."""

    def __call__(self, text: str) -> list[str]:
        tokens = tokenize(text)
        return word_terms([word_form(t.raw) for t in tokens if carries_tone(normalize_token(t.raw))])


class CharAnalyzer:
    """Analyzer for ``TfidfVectorizer``: character n-grams inside each token."""

    def __call__(self, text: str) -> list[str]:
        terms: list[str] = []
        for token in tokenize(text):
            norm = normalize_token(token.raw)
            if carries_tone(norm):
                terms.extend(char_terms(norm))
        return terms


class SignalFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Dense tone signals (runs of ! and ?, shouting, please, pronouns...) for raw drafts."""

    def fit(self, X: Iterable[str], y: Any = None) -> "SignalFeatures":
        if isinstance(X, str):
            raise ValueError("SignalFeatures expects a list of drafts, got a single string.")
        self.feature_names_ = np.array(SIGNAL_NAMES, dtype=object)
        return self

    def transform(self, X: Iterable[str]) -> NDArray[np.float64]:
        check_is_fitted(self, "feature_names_")
        return np.array([signal_vector(tokenize(text)) for text in X], dtype=np.float64).reshape(
            -1, len(SIGNAL_NAMES)
        )

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[Any]:
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)


class LengthScaled(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """A text vectorizer whose output rows are scaled by ``n / (n + k)``, n = tokens in the draft.

    TF-IDF rows are normalised, so one word carries as much evidence as a paragraph; the
    scale makes a two-token draft weigh in at ``2 / (2 + k)`` of a long one, leaving short
    drafts to the intercept and the tone signals unless their words are strong evidence.
    """

    def __init__(self, vectorizer: Any, k: float = 1.0) -> None:
        self.vectorizer = vectorizer
        self.k = k

    def fit(self, X: Iterable[str], y: Any = None) -> "LengthScaled":
        if self.k < 0:
            raise ValueError(f"k must be >= 0, got {self.k!r}.")
        from sklearn.base import clone

        self.vectorizer_ = clone(self.vectorizer).fit(X, y)
        return self

    def transform(self, X: Iterable[str]) -> Any:
        check_is_fitted(self, "vectorizer_")
        texts = list(X)
        matrix = self.vectorizer_.transform(texts)
        return sparse.diags(np.array([length_scale(len(tokenize(t)), self.k) for t in texts])) @ matrix

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[Any]:
        check_is_fitted(self, "vectorizer_")
        return np.asarray(self.vectorizer_.get_feature_names_out(), dtype=object)


def length_scale(n_tokens: int, k: float) -> float:
    """``n / (n + k)``: how much of its word evidence a draft of ``n`` tokens keeps."""
    return n_tokens / (n_tokens + k) if n_tokens + k > 0 else 0.0
