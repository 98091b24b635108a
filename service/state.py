"""The model a worker serves, with the card that describes it."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.artifact import load_artifact
from model.classifier import Classifier
from model.thresholds import FlagThresholds
from service.schemas import ModelCard


@dataclass(frozen=True, slots=True)
class LoadedModel:
    classifier: Classifier
    card: ModelCard


def load_model(path: Path | None, thresholds: FlagThresholds) -> LoadedModel:
    """Load and check the artifact at ``path`` (default: bundled); raises ``ArtifactError``."""
    artifact = load_artifact(path)
    classifier = Classifier(artifact.compiled, model_version=artifact.model_version, thresholds=thresholds)
    return LoadedModel(classifier=classifier, card=model_card(artifact.manifest))


def model_card(manifest: dict[str, Any]) -> ModelCard:
    """The public part of a manifest: no paths, no library internals."""
    data = manifest.get("training_data", {})
    metrics = {k: float(v) for k, v in manifest.get("metrics", {}).items() if isinstance(v, int | float)}
    return ModelCard(
        model_version=str(manifest["model_version"]),
        labels=list(manifest["labels"]),
        created=str(manifest.get("created", "")),
        metrics=metrics,
        n_train=data.get("n_train"),
        n_test=data.get("n_test"),
        training_data_sha256=data.get("sha256"),
    )
