"""Tokenisation and token normalisation, built on nltk's casual (Tweet) tokenizer.

The token pattern is nltk's ``TweetTokenizer`` pattern (URLs, emoticons, emoji with
skin tones and joiners, handles, hashtags, words with apostrophes, numbers, ellipses).
We compile it with the standard ``re`` engine and run ``finditer`` on the original text
so that every token keeps its character offsets: explanations are spans into the text
the writer typed, not into a rewritten copy. ``TweetTokenizer.tokenize`` itself rewrites
the text first (entities, lengthening), which would lose those offsets.

Normalisation then works per token: case folding, nltk's ``reduce_lengthening``
("pleeeeease" -> "pleeease"), digits folded to ``0``, curly apostrophes straightened, URLs
and handles replaced by placeholders, and a Porter stem for the word features.
"""

import re
from functools import lru_cache
from typing import Final, NamedTuple

from nltk.stem.porter import PorterStemmer
from nltk.tokenize.casual import EMOTICONS, REGEXPS

_TOKEN_RE: Final = re.compile(f"({'|'.join(REGEXPS)})", re.VERBOSE | re.IGNORECASE | re.UNICODE)
_CHUNK_RE: Final = re.compile(r"\S+")
_HANG_RE: Final = re.compile(r"([^\w\s])\1{3,}")
_LENGTHENING_RE: Final = re.compile(r"(.)\1{2,}")
_DIGITS_RE: Final = re.compile(r"\d+")
_EMOTICON_RE: Final = re.compile(EMOTICONS, re.VERBOSE | re.IGNORECASE)
# Same-length replacements only, so offsets found in the mapped text hold for the original.
_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_URL_RE: Final = re.compile(r"^(?:https?:|www\.)|^[\w.-]+\.(?:com|org|net|io|co|uk)(?:/|$)", re.I)
_WORDLIKE_RE: Final = re.compile(r"^[^\W\d_][\w'\-]*$")
_STEMMER: Final = PorterStemmer()

URL_TOKEN: Final = "<url>"
USER_TOKEN: Final = "<user>"


class Token(NamedTuple):
    """A token of the original text: ``text[start:end] == raw``. A tuple because drafts
    have dozens of tokens and a frozen dataclass costs several times more to build."""

    start: int
    end: int
    raw: str


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with their character offsets into ``text``.

    The tokens of nltk's pattern run over the whole text, found faster: a chunk between
    spaces made only of letters is one token whatever the pattern, so only the runs of other
    chunks go through the (slow, many-branched) pattern. The one pattern that spans spaces,
    a spaced ellipsis, is made of dots, so it never crosses a run of letters.

    Like ``TweetTokenizer``, runs of four or more of one punctuation character count as three
    (nltk's ``HANG_RE``): some branches of the pattern take quadratic time on long runs such
    as "<<<<…", and "!!!!!!!!" says no more than "!!!". Offsets still point into ``text``.
    """
    mapped, positions = _shorten_runs(text.translate(_APOSTROPHES))
    tokens: list[Token] = []
    run_start = -1
    for chunk in _CHUNK_RE.finditer(mapped):
        if chunk.group().isalpha():
            if run_start >= 0:
                _pattern_tokens(text, mapped, positions, run_start, chunk.start(), tokens)
                run_start = -1
            tokens.append(_token(text, positions, chunk.start(), chunk.end()))
        elif run_start < 0:
            run_start = chunk.start()
    if run_start >= 0:
        _pattern_tokens(text, mapped, positions, run_start, len(mapped), tokens)
    return tokens


def _shorten_runs(mapped: str) -> tuple[str, list[int] | None]:
    """``mapped`` with punctuation runs cut to three, and each kept character's original index."""
    if _HANG_RE.search(mapped) is None:
        return mapped, None
    pieces: list[str] = []
    positions: list[int] = []
    last = 0
    for m in _HANG_RE.finditer(mapped):
        keep = m.start() + 3
        pieces.append(mapped[last:keep])
        positions.extend(range(last, keep))
        last = m.end()
    pieces.append(mapped[last:])
    positions.extend(range(last, len(mapped)))
    return "".join(pieces), positions


def _token(text: str, positions: list[int] | None, start: int, end: int) -> Token:
    if positions is not None:
        start, end = positions[start], positions[end - 1] + 1
    return Token(start, end, text[start:end])


def _pattern_tokens(
    text: str, mapped: str, positions: list[int] | None, start: int, end: int, out: list[Token]
) -> None:
    for m in _TOKEN_RE.finditer(mapped, start, end):
        out.append(_token(text, positions, m.start(), m.end()))


def tokenize_with_pattern(text: str) -> list[Token]:
    """Reference: nltk's pattern over the whole (run-shortened) text in one pass."""
    mapped, positions = _shorten_runs(text.translate(_APOSTROPHES))
    return [_token(text, positions, m.start(), m.end()) for m in _TOKEN_RE.finditer(mapped)]


def reduce_lengthening(token: str) -> str:
    """Shorten runs of three or more of the same character to three, as nltk does."""
    return _LENGTHENING_RE.sub(r"\1\1\1", token)


@lru_cache(maxsize=200_000)
def normalize_token(raw: str) -> str:
    """The surface form used by the character features: folded, shortened, placeholders."""
    token = raw.translate(_APOSTROPHES).casefold()
    if _URL_RE.match(token):
        return URL_TOKEN
    if len(token) > 1 and token[0] == "@":
        return USER_TOKEN
    if _EMOTICON_RE.fullmatch(token):
        return token
    return _DIGITS_RE.sub("0", reduce_lengthening(token))


@lru_cache(maxsize=200_000)
def word_form(raw: str) -> str:
    """The form used by the word features: the normalised token, stemmed when it is a word."""
    token = normalize_token(raw)
    if _WORDLIKE_RE.match(token):
        return str(_STEMMER.stem(token, to_lowercase=False))
    return token


def is_shouted(raw: str) -> bool:
    """True for a word of two or more letters written entirely in capitals."""
    letters = [ch for ch in raw if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)
