"""Behaviour of the bundled classifier on drafts whose label is not in doubt."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import Classifier, EmptyDraftError, Prediction
from model.labels import LABELS
from training.dataset import Example

CLEAR = {
    "The landlord needs both signatures by Friday, can you sign at the office?": "practical",
    "Heard your sister got married. Hope the day was everything she wanted.": "reaching_out",
    "I'll change, I swear, just give me one more chance": "pleading",
    "Pick up your phone. I know you're home.": "harassing",
    "please please just text me back, I can't sleep without knowing we're ok": "pleading",
    "you pathetic lying bitch, answer me": "harassing",
    "Can you drop the spare key in the post box when you get a chance?": "practical",
    "happy birthday! hope it's a good one": "reaching_out",
}
EVERYDAY = [
    "ok see u at 7",
    "did u eat",
    "lol no way",
    "running 10 min late, start without me",
    "can you grab milk on the way home",
    "thanks so much for today, it was lovely",
]


@pytest.mark.parametrize(("text", "label"), CLEAR.items())
def test_clear_drafts_get_their_label(classifier: Classifier, text: str, label: str) -> None:
    prediction = classifier.classify(text)
    assert prediction.label == label, prediction.probabilities
    assert prediction.flagged == (label in ("pleading", "harassing"))


@pytest.mark.parametrize("text", EVERYDAY)
def test_ordinary_messages_are_not_flagged(classifier: Classifier, text: str) -> None:
    assert not classifier.classify(text).flagged


def test_prediction_shape(classifier: Classifier) -> None:
    prediction = classifier.classify("Pick up your phone. I know you're home.")
    assert list(prediction.probabilities) == list(LABELS)
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
    assert prediction.probabilities[prediction.label] == max(prediction.probabilities.values())
    assert prediction.model_version == classifier.model_version
    assert prediction.spans, "a flagged draft says which phrases drove it"


def test_spans_point_at_the_hostile_phrase(classifier: Classifier) -> None:
    text = "Hope work is going well. Answer me right now or I'm coming over."
    prediction = classifier.classify(text)
    assert prediction.label == "harassing"
    top = prediction.spans[0]
    assert top.start >= text.index("Answer"), top
    assert all(text[s.start : s.end] == s.text for s in prediction.spans)
    assert all(s.weight > 0 and s.label == "harassing" for s in prediction.spans)


def test_one_hostile_sentence_is_not_diluted(classifier: Classifier) -> None:
    friendly = (
        "Hi! Hope you're doing well and that the new job is treating you kindly. "
        "I finally finished the garden, the tomatoes came up great this year. "
        "Your mum sent me a lovely card for my birthday, tell her thanks. "
        "The dog is fine, still stealing socks. "
    )
    hostile = "And if you ignore this one too I will come to your work and make a scene."
    assert not classifier.classify(friendly).flagged
    prediction = classifier.classify(friendly + hostile)
    assert prediction.label == "harassing", prediction.probabilities
    assert len(prediction.sentences) >= 5


def test_safety_rides_beside_the_label(classifier: Classifier) -> None:
    prediction = classifier.classify("I don't want to live without you. Please come back.")
    assert prediction.label == "pleading"
    assert prediction.safety.self_harm


@pytest.mark.parametrize("blank", ["", " ", "\n\t  ", "\u3000"])
def test_blank_drafts_raise_a_typed_error(classifier: Classifier, blank: str) -> None:
    with pytest.raises(EmptyDraftError, match="empty"):
        classifier.classify(blank)


def test_batch_names_the_blank_draft(classifier: Classifier) -> None:
    with pytest.raises(EmptyDraftError, match="position 1"):
        classifier.classify_batch(["fine", "   "])


def test_non_string_is_a_type_error(classifier: Classifier) -> None:
    with pytest.raises(TypeError, match="string"):
        classifier.classify(42)  # type: ignore[arg-type]


def test_empty_batch_is_empty(classifier: Classifier) -> None:
    assert classifier.classify_batch([]) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=400).filter(lambda s: s.strip() != ""))
def test_any_unicode_draft_gives_a_valid_prediction(classifier: Classifier, text: str) -> None:
    prediction = classifier.classify(text)
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
    assert all(0.0 <= p <= 1.0 for p in prediction.probabilities.values())
    for span in prediction.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    for signal in prediction.safety.signals:
        assert text[signal.start : signal.end] == signal.text
    for sentence in prediction.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)


def test_long_adversarial_input_is_handled_quickly(classifier: Classifier) -> None:
    import time

    for text in ("-" * 20000, "a" * 50000, "!?" * 10000, "😭" * 10000, "x-" * 10000):
        start = time.perf_counter()
        prediction = classifier.classify(text)
        assert time.perf_counter() - start < 5.0
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0)


def assert_same_prediction(one: Prediction, many: Prediction) -> None:
    """Equal answers: everything exact except probabilities, equal to float rounding."""
    assert (one.label, one.flagged, one.spans, one.safety, one.model_version) == (
        many.label, many.flagged, many.spans, many.safety, many.model_version)
    assert list(one.probabilities) == list(many.probabilities)
    for label, p in one.probabilities.items():
        assert many.probabilities[label] == pytest.approx(p, rel=0, abs=1e-12)
    assert [(s.start, s.end, s.label) for s in one.sentences] == [
        (s.start, s.end, s.label) for s in many.sentences]
    for mine, theirs in zip(one.sentences, many.sentences, strict=True):
        for label, p in mine.probabilities.items():
            assert theirs.probabilities[label] == pytest.approx(p, rel=0, abs=1e-12)
    assert (one.decided_by is None) == (many.decided_by is None)
    if one.decided_by is not None and many.decided_by is not None:
        assert (one.decided_by.start, one.decided_by.end) == (many.decided_by.start, many.decided_by.end)


ODD_DRAFTS = [
    "...", "?!", ". . .", "!!!!!!!!!!!!", "—", "😭😭😭", "ok . . . fine", "wait.\n.what", "a. .b. .c",
    "so. . .\n. . .anyway", "…", "U+1F600 😀\u200d\u200d", "İ'll KİLL you", "ſelf harm", "\u3000x\u3000",
    "line one\nline two\r\nline three\n\n\nfour", "can’t live without you", "I'll kill you!!! 🔪",
    "x" * 3000, "hi. " * 400, "-" * 5000, "!?" * 2000, "\ud83dlone surrogate", "a\u00a0b\u2028c\u0085d",
    "www.example.com/you . . . http://x.co/(a)", "@sam #miss_you <3 :-( >:( </3",
]


def varied_drafts(corpus: list[Example]) -> list[str]:
    """A few hundred corpus drafts of every awkward kind, odd hand-made ones, and repeats."""
    texts = [e.text for e in corpus]
    rng = random.Random(11)
    longest = sorted(texts, key=len)[-40:]
    sentences = sorted(texts, key=lambda t: t.count(".") + t.count("\n") + t.count("?"))[-40:]
    unicode = [t for t in texts if not t.isascii()][:60]
    unsafe = [e.text for e in corpus if e.meta.get("tags")][:60]
    chosen = [*longest, *sentences, *unicode, *unsafe, *rng.sample(texts, 200), *ODD_DRAFTS]
    chosen.append(" ".join(rng.sample(texts, 60)))  # a very long draft
    return chosen + rng.sample(chosen, 30)  # repeats within the batch


def test_batch_equals_one_by_one(classifier: Classifier, corpus: list[Example]) -> None:
    texts = varied_drafts(corpus)
    batch = classifier.classify_batch(texts)
    assert len(batch) == len(texts)
    for text, many in zip(texts, batch, strict=True):
        assert_same_prediction(classifier.classify_single(text), many)


def test_batch_answers_do_not_depend_on_the_rest_of_the_batch(
    classifier: Classifier, corpus: list[Example]
) -> None:
    texts = varied_drafts(corpus)
    whole = classifier.classify_batch(texts)
    for start in range(0, len(texts), 97):
        for one, many in zip(whole[start : start + 97], classifier.classify_batch(texts[start : start + 97]),
                             strict=True):
            assert_same_prediction(one, many)


_PIECES = [*"abcIiKkSs .!?,'’\n\t-…😭İıſK", "you", " . . ", "kill", "myself", "please", "can't", "live",
           "without", "I'll", "hurt", "end it", "...", "\r\n"]
# Drafts made of words the safety patterns, sentence splitter and ellipsis joining care about.
_TEXTY = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join).filter(
    lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_TEXTY | st.text(min_size=1, max_size=80).filter(lambda s: s.strip() != ""),
                min_size=1, max_size=6))
def test_batch_equals_one_by_one_on_any_text(classifier: Classifier, texts: list[str]) -> None:
    for text, many in zip(texts, classifier.classify_batch(texts), strict=True):
        assert_same_prediction(classifier.classify_single(text), many)


def test_thresholds_apply_to_batches_as_to_single_drafts(classifier: Classifier) -> None:
    from model.thresholds import FlagThresholds

    strict = Classifier(classifier.compiled, model_version=classifier.model_version,
                        thresholds=FlagThresholds(pleading=0.999999, harassing=0.999999))
    texts = ["Pick up your phone. I know you're home.", "please please come back", "ok see u at 7"]
    singles = [strict.classify(t) for t in texts]
    assert [p.label for p in strict.classify_batch(texts)] == [p.label for p in singles]
    assert not any(p.flagged for p in singles)
    assert [p.label for p in classifier.classify_batch(texts)][:2] == ["harassing", "pleading"]


def test_long_drafts_take_the_batch_path_with_the_same_answer(classifier: Classifier) -> None:
    from model.classifier import LONG_DRAFT_CHARS

    long = ("Hi, the landlord came round about the boiler and says the deposit check is on the 14th. "
            "I know you're busy but can you be there at ten? I'll bring the paperwork. ") * 4
    assert len(long) >= LONG_DRAFT_CHARS
    calls: list[int] = []
    original = classifier.classify_batch

    def counting(texts: list[str]) -> list:  # type: ignore[type-arg]
        calls.append(len(texts))
        return original(texts)

    classifier.classify_batch = counting  # type: ignore[method-assign]
    try:
        answer = classifier.classify(long)
        classifier.classify("ok see u at 7")
    finally:
        del classifier.classify_batch
    assert calls == [1]
    assert_same_prediction(classifier.classify_single(long), answer)
