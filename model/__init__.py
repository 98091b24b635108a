"""Inference for Unsent: read a draft to an ex and say whether its tone is flagged.

    >>> from model import load_classifier
    >>> classifier = load_classifier()
    >>> prediction = classifier.classify("Pick up your phone. I know you're home.")
    >>> prediction.label, prediction.flagged

The model knows nothing of HTTP; the service calls ``load_classifier`` once at start-up.
"""

from pathlib import Path

from model.artifact import Artifact, load_artifact
from model.classifier import Classifier
from model.errors import (
    ArtifactCorruptError,
    ArtifactError,
    ArtifactIncompatibleError,
    ArtifactNotFoundError,
    EmptyDraftError,
    UnsentError,
)
from model.labels import FLAGGED, LABELS, Label
from model.prediction import Prediction, Safety, SafetySignal, SentenceScore, Span
from model.thresholds import FlagThresholds


def load_classifier(
    path: Path | str | None = None, *, thresholds: FlagThresholds | None = None
) -> Classifier:
    """A classifier from the artifact directory ``path`` (default: the bundled model).

    ``thresholds`` sets how sure the model must be to flag (``model.thresholds``).
    Raises an ``ArtifactError`` subclass when the artifact is missing, corrupt, tampered
    with or built for other labels or library versions.
    """
    artifact = load_artifact(None if path is None else Path(path))
    return Classifier(artifact.compiled, model_version=artifact.model_version, thresholds=thresholds)


__all__ = [
    "FLAGGED",
    "LABELS",
    "Artifact",
    "ArtifactCorruptError",
    "ArtifactError",
    "ArtifactIncompatibleError",
    "ArtifactNotFoundError",
    "Classifier",
    "EmptyDraftError",
    "FlagThresholds",
    "Label",
    "Prediction",
    "Safety",
    "SafetySignal",
    "SentenceScore",
    "Span",
    "UnsentError",
    "load_artifact",
    "load_classifier",
]
