"""What a worker holds: the model it serves with its card, and its storage."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from model.artifact import load_artifact
from model.classifier import Classifier
from model.thresholds import FlagThresholds
from service.auth import LOCAL
from service.batcher import MicroBatcher
from service.config import Settings
from service.records import Records
from service.schemas import ModelCard
from service.storage import repo
from service.storage.crypto import Cipher, keys_from_file
from service.storage.db import Database, migrate

WARM_UP = ("ok see u at 7", "please answer me")


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A classifier, its card, and the batcher that feeds it drafts arriving together."""

    classifier: Classifier
    card: ModelCard
    batcher: MicroBatcher = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "batcher", MicroBatcher(self.classifier))


def load_model(path: Path | None, thresholds: FlagThresholds) -> LoadedModel:
    """Load and check the artifact at ``path`` (default: bundled); raises ``ArtifactError``."""
    artifact = load_artifact(path)
    classifier = Classifier(artifact.compiled, model_version=artifact.model_version, thresholds=thresholds)
    classifier.classify_batch(WARM_UP)  # builds the batch tables now, not in the first request
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


def open_records(settings: Settings) -> Records:
    """Connect to the database, migrate it, and set up the cipher; raises a ``ServiceError``."""
    db = Database.connect(settings.effective_database_url)
    migrate(db.engine)
    now = datetime.now(UTC).replace(tzinfo=None)
    with db.connection() as connection:
        repo.ensure_profile_row(connection, LOCAL, now=now)
        repo.prune_events_before(connection, repo.day_before(now))
    if settings.encryption_keys is not None:
        cipher = Cipher([k for k in settings.encryption_keys.get_secret_value().split(",") if k.strip()])
    else:
        cipher = Cipher(keys_from_file(settings.data_dir), reload=lambda: keys_from_file(settings.data_dir))
    return Records.over(db, cipher)
