import numpy as np

from model.features import (
    SIGNAL_NAMES,
    CharAnalyzer,
    SignalFeatures,
    WordAnalyzer,
    carries_tone,
    char_terms,
    signal_vector,
    word_terms,
)
from model.lexicon import lexicon_counts
from model.text import normalize_token, tokenize


def signals(text: str) -> dict[str, float]:
    return dict(zip(SIGNAL_NAMES, signal_vector(tokenize(text)), strict=True))


def test_char_terms_pad_like_char_wb() -> None:
    assert char_terms("ok") == [" o", "ok", "k ", " ok", "ok ", " ok "]


def test_word_terms_have_unigrams_and_bigrams() -> None:
    assert word_terms(["pick", "up"]) == ["pick", "up", "pick up"]


def test_full_stops_and_commas_are_style_not_tone() -> None:
    assert not carries_tone(".") and not carries_tone(",")
    assert carries_tone("?") and carries_tone("!") and carries_tone(":(")
    assert "." not in WordAnalyzer()("Answer me. Now.")
    assert "answer me" in WordAnalyzer()("Answer me. Now."), "bigrams bridge a dropped full stop"
    assert all("." not in term for term in CharAnalyzer()("ok. fine."))


def test_signals_see_shouting_pleading_and_pressure() -> None:
    shouted = signals("ANSWER ME RIGHT NOW!!!")
    assert shouted["shouting"] == 1.0 and shouted["exclamations"] == 0.5
    assert signals("please please pleeeease")["please"] == 0.75
    assert signals("???")["punctuation_only"] == 1.0
    assert signals("hello???")["short_question"] == 1.0
    assert signals("ok see u at 7")["shouting"] == 0.0


def test_lexicons_count_words_and_phrases() -> None:
    norms = [normalize_token(t.raw) for t in tokenize("Who was the guy? Answer me, you pathetic rat")]
    insult, monitoring, pressure, _exposure, _pleading = lexicon_counts(norms)
    assert insult == 2 and monitoring >= 1 and pressure >= 2


def test_signal_transformer_shape_and_names() -> None:
    transformer = SignalFeatures().fit(["a", "b"])
    out = transformer.transform(["hi", "WHY???"])
    assert out.shape == (2, len(SIGNAL_NAMES))
    assert np.all((out >= 0) & (out <= 1))
    assert list(transformer.get_feature_names_out()) == list(SIGNAL_NAMES)
