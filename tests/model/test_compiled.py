"""The fast path must give the scikit-learn pipeline's probabilities, draft for draft."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.artifact import Artifact
from model.classifier import Classifier, _Draft
from model.labels import LABELS
from training.dataset import Example


def sklearn_probabilities(artifact: Artifact, texts: list[str]) -> np.ndarray:
    pipeline = artifact.pipeline
    classes = list(pipeline.named_steps["classifier"].classes_)
    order = [classes.index(label) for label in LABELS]
    return pipeline.predict_proba(texts)[:, order]


def fast_rows(artifact: Artifact, texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Fast-path probabilities of every draft and every sentence, and those rows' texts."""
    compiled = artifact.compiled
    probabilities, row_texts = [], []
    for text in texts:
        draft = _Draft(compiled, text)
        score = compiled.score_draft(draft.entries, draft.ranges)
        probabilities.append(compiled.probabilities(score.logits))
        row_texts.append(text)
        row_texts += [text[draft.tokens[i].start : draft.tokens[j - 1].end] for i, j in draft.ranges]
    return np.vstack(probabilities), row_texts


def test_fast_path_equals_pipeline_on_the_test_split(artifact: Artifact, test_split: list[Example]) -> None:
    texts = [e.text for e in test_split[:400]]
    fast, row_texts = fast_rows(artifact, texts)
    reference = sklearn_probabilities(artifact, row_texts)
    assert len(row_texts) > len(texts), "some drafts have several sentences"
    np.testing.assert_allclose(fast, reference, rtol=1e-9, atol=1e-12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip() != ""))
def test_fast_path_equals_pipeline_on_any_text(artifact: Artifact, text: str) -> None:
    fast, row_texts = fast_rows(artifact, [text])
    np.testing.assert_allclose(fast, sklearn_probabilities(artifact, row_texts), rtol=1e-9, atol=1e-12)


def test_batch_and_single_give_the_same_predictions(
    classifier: Classifier, test_split: list[Example]
) -> None:
    texts = [e.text for e in test_split[:200]]
    for one, many in zip(map(classifier.classify_single, texts), classifier.classify_batch(texts), strict=True):
        assert one.label == many.label
        assert one.spans == many.spans
        for label in LABELS:
            assert one.probabilities[label] == pytest.approx(many.probabilities[label], rel=1e-9)


def test_token_cache_is_bounded(artifact: Artifact) -> None:
    from model import compiled as compiled_module

    model = artifact.compiled
    for i in range(compiled_module._CACHE_LIMIT + 10):
        model.entry(f"tok{i}")
    assert len(model._cache) <= compiled_module._CACHE_LIMIT
