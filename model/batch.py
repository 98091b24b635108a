"""Many drafts at once: ``Classifier.classify``'s answers, with the numbers done batch-wide.

``classify`` does per-token Python work and a dozen small NumPy calls per draft, which is
right for one draft but leaves a batch at a few thousand drafts a second. Here the Python
work per draft is a dictionary look-up per whitespace-separated chunk and building the
answer objects; sentence boundaries, word and character logits, tone signals, lexicon
phrases, probabilities, explanation weights and phrase spans are array arithmetic over all
tokens of the batch at once.

Why chunks are safe to tokenize on their own: no token of the tokenizer's pattern holds
whitespace except a spaced ellipsis (". . ."), made of dots and spaces other than line
breaks, and the pattern's look-arounds and word boundaries see a space and the end of the
text alike. So a draft's tokens are its chunks' tokens, offset by each chunk's position, as
long as chunks that one ellipsis could join (one ends with a dot, the next starts with one,
no line break between) are tokenized together. A chunk's tokens and their facts are cached.

Answers equal ``classify``'s: the same tokens, sentences, labels, spans and safety signals.
Probabilities and explanation weights agree to rounding (about 1e-15), because some sums
run in another order; spans round weights to four places. ``tests/model/test_classifier.py``
checks it draft for draft, ``tests/model/test_batch.py`` the tokens chunk by chunk.
"""

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any, Final, TypeVar

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from model.combine import SENTENCE_THRESHOLD, combine
from model.compiled import CompiledModel
from model.explain import MAX_SPANS, MIN_WEIGHT, RELATIVE_THRESHOLD
from model.labels import FLAGGED, LABELS
from model.lexicon import LEXICONS, MAX_PHRASE, lexicon_counts
from model.prediction import Prediction, Safety, SentenceScore, Span
from model.safety import anchors_of, safety_signals
from model.sentences import ends_sentence
from model.text import tokenize
from model.thresholds import FlagThresholds, choose_label

_T = TypeVar("_T")
Ints = NDArray[np.intp]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]

_CACHE_LIMIT: Final = 200_000
# Up to this many (row, term) cells, word logits are summed with ``bincount`` per label; above
# it the sparse product, whose fixed cost is larger but which scales better, is faster.
_SPARSE_FROM: Final = 1_000
_N_LABELS: Final = len(LABELS)
_N_LEXICONS: Final = len(LEXICONS)
# Columns of a token's row of summed floats: its share of each character logit, its
# character L1 mass, its eight signal flags (as in ``TokenEntry.vector``), then its hits of
# each lexicon as a single word.
_MASS: Final = _N_LABELS
_TRAITS: Final = slice(_N_LABELS + 1, _N_LABELS + 9)
_LEXICON: Final = slice(_N_LABELS + 9, _N_LABELS + 9 + _N_LEXICONS)
_SUMMED: Final = _N_LABELS + 9 + _N_LEXICONS
# Signals that are a count capped and scaled to [0, 1], min(count, cap) / cap: exclamations,
# questions, please, elongated words, then each lexicon; their summed columns and caps.
_N_SIGNALS: Final = 10 + _N_LEXICONS
_CAPPED_SIGNALS: Final = np.array([0, 1, 4, 7, *range(10, _N_SIGNALS)])
_CAPPED_SUMS: Final = np.array([_N_LABELS + 4, _N_LABELS + 5, _N_LABELS + 6, _N_LABELS + 3,
                                *range(_LEXICON.start, _LEXICON.stop)])
_CAPS: Final = np.array([6.0, 6.0, 4.0, 3.0, *[3.0] * _N_LEXICONS])
# Columns of a token's integer row.
_TONE, _UNIGRAM, _LEFT, _RIGHT, _PHRASE_WORD, _ENDS, _ANCHOR = range(7)
_HARASSING, _PLEADING = LABELS.index("harassing"), LABELS.index("pleading")
_PHRASE_BASE: Final = 4096  # phrase word ids are below this: a key of MAX_PHRASE words fits in int64
_NO_SAFETY: Final = Safety(self_harm=False, violence=False)
# The length signal min(log1p(n) / 6, 1) by token count n, with the same ``math`` call as
# ``signals_from_counts``; it is 1 from n = 403 on.
_LENGTH_SIGNAL: Final = np.array([min(math.log1p(n) / 6, 1.0) for n in range(404)])


def _space_table() -> Bools:
    """``str.isspace`` (which ``str.split`` and the regex ``\\s`` use) by code point.

    No code point above U+3000 is whitespace; ``tests/model/test_batch.py`` checks all.
    """
    table = np.zeros(0x3002, dtype=np.bool_)
    table[[c for c in range(0x3001) if chr(c).isspace()]] = True
    return table


_SPACE: Final = _space_table()


class _Growing:
    """A 2-D array that grows by rows; rows appended since the last ``array`` are stacked then,
    so a batch pays one copy however many new tokens it brings."""

    def __init__(self, width: int, dtype: type[np.float64] | type[np.intp]) -> None:
        self._array: NDArray[Any] = np.zeros((0, width), dtype=dtype)
        self._pending: list[list[Any]] = []
        self._dtype = dtype

    def __len__(self) -> int:
        return len(self._array) + len(self._pending)

    def append(self, row: list[Any]) -> None:
        self._pending.append(row)

    def array(self) -> NDArray[Any]:
        if self._pending:
            self._array = np.vstack([self._array, np.array(self._pending, dtype=self._dtype)])
            self._pending = []
        return self._array


class _Vocabulary:
    """Look-up tables, built once, that turn the model's string keys into sorted integers.

    A bigram ``"a b"`` is found as the pair (id of ``a`` as a left part, id of ``b`` as a
    right part) in a sorted array: every vocabulary term is split at each of its spaces,
    so the pair is there exactly when ``f"{a} {b}"`` is in the vocabulary. Lexicon phrases
    likewise are sequences of word ids, one sorted array per phrase length.
    """

    def __init__(self, model: CompiledModel) -> None:
        pairs: dict[tuple[str, str], int] = {}
        for term, j in model.word_vocab.items():
            for at, ch in enumerate(term):
                if ch == " ":
                    pairs[term[:at], term[at + 1 :]] = j
        self.left = {a: i for i, a in enumerate(dict.fromkeys(a for a, _ in pairs))}
        self.right = {b: i for i, b in enumerate(dict.fromkeys(b for _, b in pairs))}
        self.n_right = max(len(self.right), 1)
        keys = np.array([self.left[a] * self.n_right + self.right[b] for a, b in pairs], dtype=np.int64)
        order = np.argsort(keys)
        self.pair_keys = keys[order]
        self.pair_index = np.array(list(pairs.values()), dtype=np.intp)[order]
        self.phrase_words, self.phrase_keys, self.phrase_hits = _phrase_tables()
        self.idf = model.word_idf
        self.coef_word_t = model.coef_word_rows
        self.explain_word = np.array(model.explain_word, dtype=np.float64).reshape(-1, _N_LABELS)
        self._log_tf = np.zeros(1)

    def log_tf(self, counts: Ints) -> Floats:
        """``1 + math.log(c)`` for each count, from a table made with ``math`` as ``classify`` uses."""
        top = int(counts.max()) if len(counts) else 0
        if top >= len(self._log_tf):
            self._log_tf = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 2 * top + 1)])
        return np.asarray(self._log_tf[counts], dtype=np.float64)


def _phrase_tables() -> tuple[dict[str, int], NDArray[np.int64], Ints]:
    """Word ids (from 1) of lexicon phrases; the sorted keys of all phrases and each one's hits.

    ``lexicon_matches`` compares a phrase with ``" ".join`` of the tokens' normalised forms.
    Only a spaced ellipsis has a space in its normalised form, and it keeps its dots, so as
    long as no phrase holds a dot the join matches exactly when each word matches. A key of
    ``k`` words lies in ``[_PHRASE_BASE ** (k - 1), _PHRASE_BASE ** k)``, so phrases of all
    lengths share one table.
    """
    words: dict[str, int] = {}
    hits: dict[int, list[int]] = {}
    for k, (_, entries) in enumerate(LEXICONS):
        for entry in entries:
            if " " not in entry:
                continue
            parts = entry.split(" ")
            if "." in entry or not all(parts):
                raise ValueError(f"Lexicon phrase {entry!r} must be words joined by single spaces, no dots.")
            key = 0
            for part in parts:
                key = key * _PHRASE_BASE + words.setdefault(part, len(words) + 1)
            hits.setdefault(key, [0] * _N_LEXICONS)[k] += 1
    if len(words) >= _PHRASE_BASE or _PHRASE_BASE**MAX_PHRASE >= 2**63:
        raise ValueError("Lexicon phrases too many or too long for 64-bit phrase keys.")
    keys = sorted(hits) or [0]  # key 0 (no phrase) keeps the table non-empty and never matches
    counts = np.array([hits.get(key, [0] * _N_LEXICONS) for key in keys], dtype=np.intp).reshape(-1, _N_LEXICONS)
    return words, np.array(keys, dtype=np.int64), counts


@dataclass(frozen=True, slots=True)
class _Tokens:
    """Every token of the batch, draft after draft; offsets are into the token's own draft."""

    ids: Ints
    draft: Ints
    start: Ints
    end: Ints
    newline_after: Bools  # the gap to the next token holds a line break
    same_draft: Bools  # token i and i + 1 are of one draft (one shorter than the tokens)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class _Rows:
    """The scored rows: drafts ``0..D-1``, then the sentences of drafts with two or more.

    ``sentence_of`` gives each token's sentence row, or -1 when its draft has one sentence;
    ``sentence_low`` is the first token of every sentence, ``sentence_kept`` marks those
    that are rows.
    """

    low: Ints
    high: Ints
    draft: Ints
    n_drafts: int
    sentence_of: Ints
    sentence_low: Ints
    sentence_kept: Bools

    def __len__(self) -> int:
        return len(self.low)


@dataclass(frozen=True, slots=True)
class _Terms:
    """Word terms: ``first``/``last`` token (equal for a unigram), vocabulary index, draft.

    All unigrams come first, then all bigrams, each in token order: per token, the order in
    which ``CompiledModel`` lists its terms.
    """

    first: Ints
    last: Ints
    index: Ints
    draft: Ints


@dataclass(frozen=True, slots=True)
class _Scores:
    """Row probabilities, and per draft what explaining it needs."""

    probabilities: Floats
    char_norm: Floats
    word_norm: Floats
    term_counts: Ints  # per term, its count in its draft


class BatchScorer:
    """Classifies lists of drafts; holds the token and chunk caches (bounded, thread-safe)."""

    def __init__(self, model: CompiledModel) -> None:
        self.model = model
        self.vocabulary = _Vocabulary(model)
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self._token_index: dict[str, int] = {}
        self._token_sums = _Growing(_SUMMED, np.float64)  # summed over sentences
        self._token_explain = _Growing(_N_LABELS, np.float64)  # share of each label's char logit
        self._token_ints = _Growing(7, np.intp)
        self._token_norms: list[str] = []
        self._chunk_index: dict[str, int] = {}
        self._chunk_spans = _Growing(2, np.intp)  # first row in _chunk_tokens, count
        self._chunk_tokens = _Growing(3, np.intp)  # token id, start, end in the chunk

    def classify(self, texts: Sequence[str], model_version: str,
                 thresholds: FlagThresholds | None = None) -> list[Prediction]:
        """Predictions for ``texts`` (checked non-blank strings), each equal to ``classify``'s.

        A text repeated in the batch is scored once; its positions share one (frozen) answer.
        """
        if not texts:
            return []
        distinct = list(dict.fromkeys(texts))
        with self._lock:
            if len(self._token_index) > _CACHE_LIMIT or len(self._chunk_index) > _CACHE_LIMIT:
                self._clear()
            predictions = self._classify(distinct, model_version, thresholds)
        if len(distinct) == len(texts):
            return predictions
        by_text = dict(zip(distinct, predictions, strict=True))
        return [by_text[text] for text in texts]

    def _classify(self, texts: list[str], model_version: str, thresholds: FlagThresholds | None) -> list[Prediction]:
        tokens = self._tokenize(texts)
        ints: Ints = self._token_ints.array()[tokens.ids]
        summed: Floats = self._token_sums.array()[tokens.ids]
        rows = _sentence_rows(tokens, ints[:, _ENDS].astype(np.bool_), len(texts))
        terms = self._word_terms(tokens, ints)
        scores = self._score(tokens, rows, terms, ints, summed)
        combined, raisers = _combine(scores.probabilities, rows)
        labels = _labels(combined, thresholds)
        weights = self._token_weights(tokens, terms, scores, labels)
        spans = _phrase_spans(texts, tokens, rows, weights, labels)
        safety = self._safety(texts, tokens, ints[:, _ANCHOR])
        return _predictions(texts, tokens, rows, scores.probabilities, combined, labels, raisers,
                            spans, safety, model_version)

    # Tokens ---------------------------------------------------------------------------

    def _tokenize(self, texts: list[str]) -> _Tokens:
        """All tokens of ``texts``: chunk positions by array arithmetic, tokens from the cache."""
        chunks = _Chunks(texts)
        chunk_ids = self._chunk_ids(chunks.keys)  # adds new chunks before the tables are read
        first, counts = self._chunk_spans.array()[chunk_ids].T
        chunk_of = np.repeat(np.arange(len(chunk_ids)), counts)
        within = np.arange(len(chunk_of)) - (np.cumsum(counts) - counts)[chunk_of]
        rows: Ints = self._chunk_tokens.array()[first[chunk_of] + within]
        draft = np.searchsorted(chunks.offsets, chunks.starts, side="right")[chunk_of] - 1
        absolute_start = chunks.starts[chunk_of] + rows[:, 1]
        absolute_end = chunks.starts[chunk_of] + rows[:, 2]
        newline_after = np.zeros(len(chunk_of), dtype=np.bool_)
        newline_after[:-1] = chunks.newlines[absolute_start[1:]] > chunks.newlines[absolute_end[:-1]]
        base = chunks.offsets[draft]
        return _Tokens(rows[:, 0], draft, absolute_start - base, absolute_end - base, newline_after,
                       draft[:-1] == draft[1:])

    def _chunk_ids(self, keys: list[str]) -> Ints:
        """Cache ids of the chunks: one C-level pass of look-ups, then the few new ones added."""
        index = self._chunk_index
        ids = np.fromiter(map(index.get, keys, repeat(-1)), dtype=np.intp, count=len(keys))
        for at in np.flatnonzero(ids < 0).tolist():
            ids[at] = self._add_chunk(keys[at])
        return ids

    def _add_chunk(self, chunk: str) -> int:
        """Tokenize a new chunk with ``model.text.tokenize`` itself, so tokens cannot differ."""
        found = self._chunk_index.get(chunk)
        if found is not None:
            return found
        tokens = tokenize(chunk)
        self._chunk_spans.append([len(self._chunk_tokens), len(tokens)])
        for token in tokens:
            self._chunk_tokens.append([self._token_id(token.raw), token.start, token.end])
        made = self._chunk_index[chunk] = len(self._chunk_index)
        return made

    def _token_id(self, raw: str) -> int:
        """A new token's row in the token tables, from ``CompiledModel.entry`` as ``classify``
        reads it, plus what the batch-wide steps look up by integer instead of by string."""
        found = self._token_index.get(raw)
        if found is not None:
            return found
        entry = self.model.entry(raw)
        vocabulary = self.vocabulary
        self._token_sums.append([*entry.vector.tolist(), *lexicon_counts([entry.norm])])
        self._token_explain.append(list(entry.char_explain))
        self._token_ints.append([
            int(entry.tone),
            entry.unigram,
            vocabulary.left.get(entry.form, -1) if entry.tone else -1,
            vocabulary.right.get(entry.form, -1) if entry.tone else -1,
            vocabulary.phrase_words.get(entry.norm, 0),
            int(ends_sentence(raw)),
            int(anchors_of(entry.norm)),
        ])
        self._token_norms.append(entry.norm)
        made = self._token_index[raw] = len(self._token_index)
        return made

    # Words ----------------------------------------------------------------------------

    def _word_terms(self, tokens: _Tokens, ints: Ints) -> _Terms:
        """Known unigrams, then known bigrams of consecutive tone-carrying tokens, per draft."""
        kept = np.flatnonzero(ints[:, _TONE])
        unigrams = kept[ints[kept, _UNIGRAM] >= 0]
        a, b = kept[:-1], kept[1:]
        left, right = ints[a, _LEFT], ints[b, _RIGHT]
        paired = (tokens.draft[a] == tokens.draft[b]) & (left >= 0) & (right >= 0)
        a, b = a[paired], b[paired]
        vocabulary = self.vocabulary
        keys = left[paired].astype(np.int64) * vocabulary.n_right + right[paired]
        at = np.minimum(np.searchsorted(vocabulary.pair_keys, keys), len(vocabulary.pair_keys) - 1)
        known = vocabulary.pair_keys[at] == keys
        first = np.concatenate([unigrams, a[known]])
        last = np.concatenate([unigrams, b[known]])
        index = np.concatenate([ints[unigrams, _UNIGRAM], vocabulary.pair_index[at[known]]])
        return _Terms(first, last, index, tokens.draft[first])

    def _word_logits(self, rows: _Rows, terms: _Terms) -> tuple[Floats, Floats, Ints]:
        """Word logits of every row; every row's L2 norm; each term's count in its draft.

        A bigram across a sentence boundary counts for its draft only.
        """
        vocabulary = self.vocabulary
        n_vocab = len(vocabulary.idf)
        sentence = rows.sentence_of[terms.first]
        in_sentence = (sentence >= 0) & (sentence == rows.sentence_of[terms.last])
        row = np.concatenate([terms.draft, sentence[in_sentence]]).astype(np.int64)
        index = np.concatenate([terms.index, terms.index[in_sentence]])
        cells, cell_of, counts = np.unique(row * n_vocab + index, return_inverse=True, return_counts=True)
        row_of, index_of = cells // n_vocab, cells % n_vocab
        values = vocabulary.log_tf(counts) * vocabulary.idf[index_of]
        norm = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(rows)))
        scaled = values / norm[row_of]
        if len(cells) > _SPARSE_FROM:
            weights = sparse.csr_matrix((scaled, (row_of, index_of)), shape=(len(rows), n_vocab))
            logits = np.asarray(weights @ vocabulary.coef_word_t, dtype=np.float64)
        else:
            # ``bincount`` adds each row's cells in order from zero, as the sparse product does,
            # so both give the same floats; building the sparse matrix costs more below the cut.
            products = vocabulary.coef_word_t[index_of] * scaled[:, None]
            logits = np.empty((len(rows), _N_LABELS))
            for label in range(_N_LABELS):
                logits[:, label] = np.bincount(row_of, weights=products[:, label], minlength=len(rows))
        return logits, norm, counts[cell_of[: len(terms.index)]]

    # Scores ---------------------------------------------------------------------------

    def _score(self, tokens: _Tokens, rows: _Rows, terms: _Terms, ints: Ints, summed: Floats) -> _Scores:
        """Calibrated probabilities of every row, as ``CompiledModel.score_draft`` computes them."""
        model = self.model
        sums = _row_sums(summed, rows)
        sums[:, _LEXICON] += _phrase_hits(tokens, rows, ints[:, _PHRASE_WORD], self.vocabulary)
        n = (rows.high - rows.low).astype(np.float64)
        scale = n / (n + model.length_k)
        word_logits, word_norm, term_counts = self._word_logits(rows, terms)
        mass = sums[:, _MASS]
        text_logits = word_logits + sums[:, :_N_LABELS] / np.where(mass > 0, mass, 1.0)[:, None]
        logits = model.intercept + scale[:, None] * text_logits
        # ``einsum``, not ``@``: a matrix product this tall goes to multi-threaded BLAS, and the
        # batch path is meant to run on one core.
        logits += np.einsum("rs,ls->rl", _signals(sums, rows), model.coef_signals)
        d = rows.n_drafts
        return _Scores(model.probabilities(logits), mass[:d] / scale[:d], word_norm[:d] / scale[:d],
                       term_counts)

    def _token_weights(self, tokens: _Tokens, terms: _Terms, scores: _Scores, labels: Ints) -> Floats:
        """Each token's share of its draft's label logit, as ``model.explain.token_weights``."""
        label = labels[tokens.draft]
        char_norm = scores.char_norm[tokens.draft]
        weights = np.zeros(len(tokens))
        has_chars = char_norm > 0
        explain = self._token_explain.array()
        weights[has_chars] = explain[tokens.ids[has_chars], label[has_chars]] / char_norm[has_chars]
        vocabulary = self.vocabulary
        counts = scores.term_counts
        share = (vocabulary.log_tf(counts) * vocabulary.idf[terms.index] / scores.word_norm[terms.draft]
                 / counts * vocabulary.explain_word[terms.index, labels[terms.draft]])
        unigram = terms.first == terms.last
        bigram = ~unigram
        # ``np.add.at`` adds in the order given: each token gets its character share, its
        # unigram's, then the halves of its bigrams left to right, as ``_add_word_weights``.
        at = np.concatenate([terms.first[unigram],
                             np.column_stack([terms.first[bigram], terms.last[bigram]]).ravel()])
        values = np.concatenate([share[unigram], np.repeat(share[bigram] / 2, 2)])
        np.add.at(weights, at, values)
        return weights

    # Safety ---------------------------------------------------------------------------

    def _safety(self, texts: list[str], tokens: _Tokens, anchor: Ints) -> list[Safety]:
        """``safety_signals`` for drafts holding an anchor word; the rest have none."""
        found = [_NO_SAFETY] * len(texts)
        words: dict[int, list[str]] = {}
        norms = self._token_norms
        for at in np.flatnonzero(anchor).tolist():
            words.setdefault(int(tokens.draft[at]), []).append(norms[int(tokens.ids[at])])
        for draft, anchors in words.items():
            found[draft] = safety_signals(texts[draft], anchors)
        return found


class _Chunks:
    """The batch's drafts joined by line breaks, cut into chunks tokenized one by one.

    A chunk is a run of non-space characters, or several where a spaced ellipsis could join
    them; ``starts`` index into the joined text, ``offsets`` are where each draft begins in
    it, and ``newlines[i]`` counts the line breaks before character ``i``.
    """

    def __init__(self, texts: list[str]) -> None:
        joined = "\n".join(texts)
        self.offsets = np.zeros(len(texts) + 1, dtype=np.intp)
        np.cumsum([len(t) + 1 for t in texts], out=self.offsets[1:])
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        space = _SPACE[np.minimum(points, len(_SPACE) - 1)]
        edges = np.diff(np.concatenate([[0], (~space).view(np.int8), [0]]))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        keys = joined.split()
        if len(keys) != len(starts):
            raise RuntimeError("Whitespace table and str.split disagree; see _space_table.")
        breaks = np.concatenate([[0], np.cumsum((points == 10) | (points == 13))])
        self.starts, self.keys = _join_ellipses(joined, points, breaks, starts, ends, keys)
        self.newlines = np.concatenate([[0], np.cumsum(points == 10)])


def _join_ellipses(
    joined: str, points: NDArray[np.uint32], breaks: Ints, starts: Ints, ends: Ints, keys: list[str]
) -> tuple[Ints, list[str]]:
    """Starts and texts of the chunks, merged where a spaced ellipsis could run from one into
    the next: one ends with a dot, the next starts with one, and no line break is between."""
    if len(starts) < 2:
        return starts, keys
    dot = ord(".")
    joins = (points[ends[:-1] - 1] == dot) & (points[starts[1:]] == dot) & (
        breaks[starts[1:]] == breaks[ends[:-1]]
    )
    if not joins.any():
        return starts, keys
    first = np.concatenate([[True], ~joins])
    last = np.concatenate([~joins, [True]])
    starts, ends = starts[first], ends[last]
    merged = [keys[at] for at in np.flatnonzero(first).tolist()]
    sizes = np.diff(np.concatenate([np.flatnonzero(first), [len(first)]]))
    for group in np.flatnonzero(sizes > 1).tolist():
        merged[group] = joined[starts[group] : ends[group]]
    return starts, merged


def _sentence_rows(tokens: _Tokens, ends: Bools, n_drafts: int) -> _Rows:
    """Rows to score, with sentences split as ``model.sentences.sentence_ranges`` splits them."""
    starts_draft = np.ones(len(tokens), dtype=np.bool_)
    np.logical_not(tokens.same_draft, out=starts_draft[1:])
    starts_sentence = starts_draft.copy()
    starts_sentence[1:] |= (ends[:-1] & ~ends[1:]) | tokens.newline_after[:-1]
    sentence_low = np.flatnonzero(starts_sentence)
    draft_low = np.flatnonzero(starts_draft)
    sentence_draft = tokens.draft[sentence_low]
    several = np.bincount(sentence_draft, minlength=n_drafts) >= 2
    kept = several[sentence_draft]
    n = len(tokens)
    row_of_sentence = np.where(kept, n_drafts + np.cumsum(kept) - 1, -1)
    low = np.concatenate([draft_low, sentence_low[kept]])
    high = np.concatenate([np.append(draft_low[1:], n), np.append(sentence_low[1:], n)[kept]])
    draft = np.concatenate([np.arange(n_drafts), sentence_draft[kept]])
    return _Rows(low, high, draft, n_drafts, row_of_sentence[np.cumsum(starts_sentence) - 1],
                 sentence_low, kept)


def _row_sums(values: Floats, rows: _Rows) -> Floats:
    """Sums of per-token ``values`` over each row: drafts, then sentences of multi-sentence
    drafts. Each of the two ``reduceat`` calls runs over segments that tile the tokens."""
    drafts = np.add.reduceat(values, rows.low[: rows.n_drafts], axis=0)
    sentences = np.add.reduceat(values, rows.sentence_low, axis=0)[rows.sentence_kept]
    return np.asarray(np.vstack([drafts, sentences]), dtype=np.float64)


def _phrase_hits(tokens: _Tokens, rows: _Rows, words: Ints, vocabulary: _Vocabulary) -> Floats:
    """Hits per row of each lexicon's multi-word phrases, as ``model.lexicon.lexicon_matches``.

    A phrase counts for its draft, and for a sentence when it lies inside it. Phrases grow
    one word at a time from the starts of two linked phrase words, so each length costs a
    few operations on the (few) candidates left, not on all tokens.
    """
    hits = np.zeros((len(rows), _N_LEXICONS))
    n = len(tokens)
    linked = np.zeros(n + 1, dtype=np.bool_)  # token i and i + 1 are phrase words of one draft
    linked[: n - 1] = (words[:-1] > 0) & (words[1:] > 0) & tokens.same_draft
    start = np.flatnonzero(linked)
    key = words[start].astype(np.int64)
    keys, counts = vocabulary.phrase_keys, vocabulary.phrase_hits
    found_start, found_last, found_at = [], [], []
    for length in range(2, MAX_PHRASE + 1):
        if length > 2:
            more = linked[start + length - 2]
            start, key = start[more], key[more]
        if not len(start):
            break
        key = key * _PHRASE_BASE + words[start + length - 1]
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        found = keys[at] == key
        if found.any():
            found_start.append(start[found])
            found_last.append(start[found] + length - 1)
            found_at.append(at[found])
    if not found_start:
        return hits
    first, last = np.concatenate(found_start), np.concatenate(found_last)
    found_counts = counts[np.concatenate(found_at)]
    np.add.at(hits, tokens.draft[first], found_counts)
    sentence = rows.sentence_of[first]
    inside = (sentence >= 0) & (sentence == rows.sentence_of[last])
    np.add.at(hits, sentence[inside], found_counts[inside])
    return hits


def _signals(sums: Floats, rows: _Rows) -> Floats:
    """``model.features.signals_from_counts`` for every row at once, written column by column
    into one array (fewer small arrays than stacking eleven columns)."""
    n_tokens = rows.high - rows.low
    n = n_tokens.astype(np.float64)
    words, shouted, _, _, questions, _, second, first = sums[:, _TRAITS].T
    has_words = words > 0
    signals = np.empty((len(rows), _N_SIGNALS))
    signals[:, _CAPPED_SIGNALS] = np.minimum(sums[:, _CAPPED_SUMS], _CAPS) / _CAPS
    signals[:, 2] = ~has_words
    signals[:, 3] = np.divide(shouted, words, out=np.zeros_like(words), where=has_words)
    signals[:, 5] = second / n
    signals[:, 6] = first / n
    signals[:, 8] = _LENGTH_SIGNAL[np.minimum(n_tokens, len(_LENGTH_SIGNAL) - 1)]
    signals[:, 9] = (words <= 2) & (questions > 0)
    return signals


def _labels(combined: Floats, thresholds: FlagThresholds | None) -> Ints:
    """Each draft's label index: the argmax, or ``model.thresholds``' rule when thresholds are set."""
    if thresholds is None or (thresholds.pleading is None and thresholds.harassing is None):
        labels: Ints = np.argmax(combined, axis=1)
        return labels
    return np.array([choose_label(row, thresholds) for row in combined], dtype=np.intp)


def _combine(probabilities: Floats, rows: _Rows) -> tuple[Floats, Ints]:
    """``model.combine.combine`` for every draft; it is called only where a sentence is sure
    enough of a flagged label to change anything, and the rest keep their own probabilities."""
    d = rows.n_drafts
    combined = probabilities[:d].copy()
    raisers = np.full(d, -1, dtype=np.intp)
    owner = rows.draft[d:]  # sentence rows are grouped by draft, in draft order
    sure = np.maximum(probabilities[d:, _HARASSING], probabilities[d:, _PLEADING]) >= SENTENCE_THRESHOLD
    if not sure.any():
        return combined, raisers
    bounds = (np.searchsorted(owner, np.arange(d + 1)) + d).tolist()
    for draft in dict.fromkeys(owner[sure].tolist()):  # the owners are sorted: their distinct values in order
        sentences = probabilities[bounds[draft] : bounds[draft + 1]]
        combined[draft], raiser = combine(probabilities[draft], sentences)
        raisers[draft] = -1 if raiser is None else raiser
    return combined, raisers


def _phrase_spans(
    texts: list[str], tokens: _Tokens, rows: _Rows, weights: Floats, labels: Ints
) -> list[tuple[Span, ...]]:
    """``model.explain.phrase_spans`` for every draft: runs of tokens over the threshold."""
    d = rows.n_drafts
    low = rows.low[:d]
    threshold = np.maximum(MIN_WEIGHT, RELATIVE_THRESHOLD * np.maximum.reduceat(weights, low))
    over = weights >= threshold[tokens.draft]
    joined = over[:-1] & over[1:] & tokens.same_draft  # token i, i + 1 in one run
    first = np.flatnonzero(over & np.concatenate([[True], ~joined]))
    last = np.flatnonzero(over & np.concatenate([~joined, [True]]))
    totals = _run_totals(weights, first, last)
    draft = tokens.draft[first]
    order = np.lexsort((-totals, draft))
    rank = np.arange(len(order)) - np.searchsorted(draft[order], draft[order])
    order = order[rank < MAX_SPANS]
    label_of = [LABELS[i] for i in labels.tolist()]
    owners = draft[order]
    made = [
        Span(start, end, texts[owner][start:end], weight, label_of[owner])
        for owner, start, end, weight in zip(owners.tolist(), tokens.start[first[order]].tolist(),
                                             tokens.end[last[order]].tolist(), _round4(totals[order]),
                                             strict=True)
    ]
    return _per_draft(made, owners, d)


def _round4(values: Floats) -> list[float]:
    """``round(v, 4)`` of each value, the same floats as Python's ``round``, five times faster.

    Python rounds the exact decimal value of ``v * 10**4`` to an integer ``N`` (half to
    even) and returns the float nearest ``N / 10**4``; ``rint(v * 1e4) / 1e4`` does the same
    (the division is correctly rounded) unless the one rounding in ``v * 1e4`` carries it
    across a half. That error is below 1e-6 for values below 1e9, so only values that far
    from a half are taken from here; the rest, negative or huge, go to ``round``.
    """
    with np.errstate(invalid="ignore", over="ignore"):  # inf and nan go to ``round``
        scaled = values * 1e4
        fraction = scaled - np.floor(scaled)
        fast = (scaled > 0) & (scaled < 1e9) & (np.abs(fraction - 0.5) > 1e-6)
        rounded: list[float] = (np.rint(scaled) / 1e4).tolist()
    for at in np.flatnonzero(~fast).tolist():
        rounded[at] = round(float(values[at]), 4)
    return rounded


def _per_draft(items: list[_T], owners: Ints, n_drafts: int) -> list[tuple[_T, ...]]:
    """``items`` (sorted by their draft, ``owners``) as one tuple per draft.

    Slicing one flat list, rather than appending to a list per draft, keeps thousands of
    short-lived lists from the garbage collector, whose full passes cost a batch dearly.
    """
    bounds = np.searchsorted(owners, np.arange(n_drafts + 1)).tolist()
    return [tuple(items[bounds[i] : bounds[i + 1]]) for i in range(n_drafts)]


def _run_totals(weights: Floats, first: Ints, last: Ints) -> Floats:
    """Each run's weight, ``weights[first[i]:last[i] + 1]`` summed (runs do not overlap)."""
    if not len(first):
        return np.zeros(0)
    bounds = np.column_stack([first, last + 1]).ravel()
    return np.asarray(np.add.reduceat(np.append(weights, 0.0), bounds)[::2], dtype=np.float64)


def _predictions(
    texts: list[str],
    tokens: _Tokens,
    rows: _Rows,
    probabilities: Floats,
    combined: Floats,
    labels: Ints,
    raisers: Ints,
    spans: list[tuple[Span, ...]],
    safety: list[Safety],
    model_version: str,
) -> list[Prediction]:
    """The answer objects, draft by draft, from the batch-wide arrays."""
    sentences = _sentence_scores(tokens, rows, probabilities)
    predictions = []
    for draft, (label_index, mapping, raiser) in enumerate(
        zip(labels.tolist(), _probability_maps(combined), raisers.tolist(), strict=True)
    ):
        label = LABELS[label_index]
        own = sentences[draft]
        predictions.append(Prediction(
            label=label,
            probabilities=mapping,
            flagged=label in FLAGGED,
            spans=spans[draft],
            safety=safety[draft],
            model_version=model_version,
            sentences=own,
            decided_by=None if raiser < 0 else own[raiser],
        ))
    return predictions


def _probability_maps(probabilities: Floats) -> list[dict[str, float]]:
    """``{label: p}`` per row. A dict display over the four columns is five times faster than
    ``dict(zip(LABELS, row))`` per row, and makes no short-lived list per row."""
    first, second, third, fourth = LABELS
    return [{first: a, second: b, third: c, fourth: d}
            for a, b, c, d in zip(*probabilities.T.tolist(), strict=True)]


def _sentence_scores(tokens: _Tokens, rows: _Rows, probabilities: Floats) -> list[tuple[SentenceScore, ...]]:
    """Per draft, its sentences' scores (empty for a one-sentence draft)."""
    d = rows.n_drafts
    sentence_probabilities = probabilities[d:]
    labels = np.argmax(sentence_probabilities, axis=1).tolist()
    starts = tokens.start[rows.low[d:]].tolist()
    ends = tokens.end[rows.high[d:] - 1].tolist()
    made = [
        SentenceScore(start, end, LABELS[label], mapping)
        for start, end, label, mapping in zip(starts, ends, labels, _probability_maps(sentence_probabilities),
                                              strict=True)
    ]
    return _per_draft(made, rows.draft[d:], d)
