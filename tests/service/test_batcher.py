"""Drafts arriving together are classified together, with the answers each would get alone."""

import asyncio

import pytest

from model.classifier import Classifier
from model.prediction import Prediction
from service.batcher import MicroBatcher
from service.state import LoadedModel

DRAFTS = ["ok see u at 7", "Pick up your phone. I know you're home.", "please please come back",
          "Happy birthday, hope it's a good one", "ok see u at 7"]


class CountingClassifier:
    """The real classifier, counting how it is called."""

    def __init__(self, real: Classifier) -> None:
        self.real = real
        self.batches: list[int] = []
        self.singles = 0

    def classify(self, text: str) -> Prediction:
        self.singles += 1
        if "boom" in text:
            raise RuntimeError("a bug")
        return self.real.classify(text)

    def classify_batch(self, texts: list[str]) -> list[Prediction]:
        self.batches.append(len(texts))
        if any("boom" in t for t in texts):
            raise RuntimeError("a bug")
        return self.real.classify_batch(texts)


def test_requests_in_one_pass_of_the_loop_share_one_batch(loaded_model: LoadedModel) -> None:
    counting = CountingClassifier(loaded_model.classifier)
    batcher = MicroBatcher(counting)  # type: ignore[arg-type]

    async def together() -> list[Prediction]:
        return await asyncio.gather(*(batcher.classify(t) for t in DRAFTS))

    answers = asyncio.run(together())
    assert counting.batches == [len(DRAFTS)] and counting.singles == 0
    for text, answer in zip(DRAFTS, answers, strict=True):
        alone = loaded_model.classifier.classify(text)
        assert (answer.label, answer.spans, answer.safety) == (alone.label, alone.spans, alone.safety)


def test_a_lone_draft_takes_the_single_path(loaded_model: LoadedModel) -> None:
    counting = CountingClassifier(loaded_model.classifier)
    batcher = MicroBatcher(counting)  # type: ignore[arg-type]
    assert asyncio.run(batcher.classify("answer me")).label == "harassing"
    assert counting.batches == [] and counting.singles == 1


def test_one_failing_draft_fails_only_its_own_request(loaded_model: LoadedModel) -> None:
    batcher = MicroBatcher(CountingClassifier(loaded_model.classifier))  # type: ignore[arg-type]

    async def together() -> list[object]:
        return await asyncio.gather(*(batcher.classify(t) for t in ["ok", "boom", "answer me"]),
                                    return_exceptions=True)

    first, failed, last = asyncio.run(together())
    assert isinstance(failed, RuntimeError)
    assert isinstance(first, Prediction) and isinstance(last, Prediction) and last.label == "harassing"


def test_a_new_event_loop_starts_afresh(loaded_model: LoadedModel) -> None:
    batcher = MicroBatcher(loaded_model.classifier)
    for _ in range(3):  # each asyncio.run is a new loop, as each test client is
        assert asyncio.run(batcher.classify("please come back")).label == "pleading"


@pytest.mark.parametrize("n", [1, 70])
def test_more_than_a_batch_at_once(loaded_model: LoadedModel, n: int) -> None:
    batcher = MicroBatcher(loaded_model.classifier)

    async def many() -> list[Prediction]:
        return await asyncio.gather(*(batcher.classify(f"see you at {i}") for i in range(n)))

    assert len(asyncio.run(many())) == n
