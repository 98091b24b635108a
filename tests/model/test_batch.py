"""The batch path's building blocks: chunk-wise tokens, the whitespace table, the caches."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import Classifier
from model import batch as batch_module
from model.batch import BatchScorer
from model.text import tokenize
from training.dataset import Example


def batch_tokens(scorer: BatchScorer, texts: list[str]) -> list[list[tuple[int, int]]]:
    tokens = scorer._tokenize(texts)
    found: list[list[tuple[int, int]]] = [[] for _ in texts]
    for draft, start, end in zip(tokens.draft.tolist(), tokens.start.tolist(), tokens.end.tolist(),
                                 strict=True):
        found[draft].append((start, end))
    return found


def one_by_one(texts: list[str]) -> list[list[tuple[int, int]]]:
    return [[(t.start, t.end) for t in tokenize(text)] for text in texts]


@pytest.fixture(scope="module")
def scorer(classifier: Classifier) -> BatchScorer:
    return BatchScorer(classifier.compiled)


def test_whitespace_table_is_str_isspace_and_regex_space() -> None:
    space = re.compile(r"\s")
    for code in range(0x110000):
        ch = chr(code)
        expected = ch.isspace()
        assert bool(space.fullmatch(ch)) == expected
        assert (code < len(batch_module._SPACE) and bool(batch_module._SPACE[code])) == expected


def test_chunk_tokens_equal_the_tokenizer_on_the_corpus(scorer: BatchScorer, corpus: list[Example]) -> None:
    texts = [e.text for e in corpus]
    assert batch_tokens(scorer, texts) == one_by_one(texts)


# Spaced ellipses across lines and odd spaces, URLs, emoji joiners: where chunks could meet.
_PIECES = [*". .\n\r\t\u00a0\u2028…!?:;(<-'’abZ9@#😭\u200d\U0001f3fb", "http://x.co/", "www.a.io"]
_DRAFT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_DRAFT | st.text(min_size=1, max_size=40), min_size=1, max_size=5))
def test_chunk_tokens_equal_the_tokenizer_on_any_text(scorer: BatchScorer, texts: list[str]) -> None:
    assert batch_tokens(scorer, texts) == one_by_one(texts)


def test_caches_start_over_when_full(classifier: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = BatchScorer(classifier.compiled)
    monkeypatch.setattr(batch_module, "_CACHE_LIMIT", 50)
    first = scorer.classify([f"word{i} other{i}, again" for i in range(40)], "v")
    scorer.classify([f"more{i}" for i in range(40)], "v")
    assert len(scorer._token_index) <= 50 + 40
    again = scorer.classify([f"word{i} other{i}, again" for i in range(40)], "v")
    assert first == again


def test_round4_is_pythons_round() -> None:
    import numpy as np

    rng = np.random.default_rng(5)
    halves = (np.arange(20000) + 0.5) / 1e4
    values = np.concatenate([
        rng.random(50000) * 10, halves, np.nextafter(halves, 0), np.nextafter(halves, 1),
        [0.03125, 5e-5, 1e-12, 0.0, -0.0, -0.3, -0.03125, 1e12, float("inf"), float("nan")],
    ])
    got = batch_module._round4(values)
    expected = [round(v, 4) for v in values.tolist()]
    assert [repr(v) for v in got] == [repr(v) for v in expected]
