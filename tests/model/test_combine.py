import numpy as np
import pytest

from model.combine import SENTENCE_THRESHOLD, combine

CALM = np.array([0.6, 0.3, 0.05, 0.05])


def test_single_sentence_changes_nothing() -> None:
    combined, raiser = combine(CALM, np.array([CALM]))
    assert raiser is None
    np.testing.assert_array_equal(combined, CALM)


def test_a_sure_hostile_sentence_raises_the_draft() -> None:
    hostile = np.array([0.02, 0.02, 0.01, 0.95])
    combined, raiser = combine(CALM, np.array([CALM, hostile, CALM]))
    assert raiser == 1
    assert combined[3] == pytest.approx(0.95)
    assert combined.sum() == pytest.approx(1.0)
    assert combined[0] / combined[1] == pytest.approx(CALM[0] / CALM[1]), "calm labels keep their ratio"


def test_an_unsure_sentence_does_not_raise() -> None:
    unsure = np.array([0.1, 0.1, 0.0, SENTENCE_THRESHOLD - 0.2])
    unsure[2] = 1 - unsure.sum()
    combined, raiser = combine(CALM, np.array([CALM, unsure]))
    assert raiser is None
    np.testing.assert_array_equal(combined, CALM)


def test_sentences_never_lower_a_flagged_label() -> None:
    angry = np.array([0.05, 0.05, 0.1, 0.8])
    combined, _ = combine(angry, np.array([CALM, CALM]))
    np.testing.assert_array_equal(combined, angry)


def test_the_most_severe_sure_sentence_wins() -> None:
    begging = np.array([0.0, 0.0, 0.97, 0.03])
    threatening = np.array([0.0, 0.0, 0.04, 0.96])
    combined, raiser = combine(CALM, np.array([begging, threatening]))
    assert raiser == 1 and int(np.argmax(combined)) == 3
    assert combined.sum() == pytest.approx(1.0)
    assert np.all(combined >= 0)
