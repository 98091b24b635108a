"""Versioned model artifacts: ``model.joblib`` plus ``manifest.json``, checked before use.

Unpickling runs code, so nothing is unpickled until the manifest has been read and the
file's sha256 matches it; an artifact built for other labels, another format or other
library versions is refused rather than loaded with a warning. The manifest holds no
timestamps that feed the joblib bytes, so the same data and seed give the same file.
"""

import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Final

import joblib
from sklearn.pipeline import Pipeline

from model.compiled import CompiledModel
from model.errors import ArtifactCorruptError, ArtifactIncompatibleError, ArtifactNotFoundError
from model.labels import LABELS

FORMAT_VERSION: Final = 1
MODEL_FILE: Final = "model.joblib"
MANIFEST_FILE: Final = "manifest.json"
# Versions that must match exactly for a pickle to be trusted, and those only recorded.
EXACT_LIBRARIES: Final = ("scikit-learn",)
SAME_MAJOR_LIBRARIES: Final = ("numpy", "scipy")
RECORDED_LIBRARIES: Final = ("scikit-learn", "numpy", "scipy", "joblib", "nltk")


@dataclass(frozen=True, slots=True)
class Artifact:
    """A loaded artifact: the reference pipeline, its compiled fast path and the manifest."""

    pipeline: Pipeline
    compiled: CompiledModel
    manifest: dict[str, Any]

    @property
    def model_version(self) -> str:
        return str(self.manifest["model_version"])


def bundled_dir() -> Path:
    """The artifact shipped inside the ``model`` package."""
    return Path(str(resources.files("model") / "bundled"))


def library_versions() -> dict[str, str]:
    versions = {name: metadata.version(name) for name in RECORDED_LIBRARIES}
    versions["python"] = platform.python_version()
    return versions


def sha256_file(*paths: Path) -> str:
    """SHA-256 of the bytes of ``paths``, one file after another, read in blocks."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def save_artifact(
    *, pipeline: Pipeline, out_dir: Path, manifest: dict[str, Any]
) -> Path:
    """Write ``model.joblib`` and ``manifest.json`` into ``out_dir``; returns the manifest path.

    ``manifest`` must hold at least ``model_version``; format, labels, library versions and
    the artifact's hash are filled in here.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / MODEL_FILE
    # The compiled fast path is derived from the pipeline on load, not stored twice.
    payload = {"format_version": FORMAT_VERSION, "pipeline": pipeline}
    joblib.dump(payload, model_path, compress=3)
    full = {
        **manifest,
        "format_version": FORMAT_VERSION,
        "labels": list(LABELS),
        "libraries": library_versions(),
        "artifact": {"file": MODEL_FILE, "sha256": sha256_file(model_path),
                     "bytes": model_path.stat().st_size},
    }
    manifest_path = out_dir / MANIFEST_FILE
    manifest_path.write_text(json.dumps(full, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest_path


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of the artifact in ``directory``, checked against this installation."""
    path = directory / MANIFEST_FILE
    if not path.is_file():
        raise ArtifactNotFoundError(f"No model manifest at {path}; train one with 'unsent train'.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArtifactCorruptError(f"The manifest {path} is not valid JSON: {error}.") from error
    if not isinstance(manifest, dict):
        raise ArtifactCorruptError(f"The manifest {path} must hold a JSON object.")
    _check_compatible(manifest, path)
    return manifest


def _check_compatible(manifest: dict[str, Any], path: Path) -> None:
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArtifactIncompatibleError(
            f"{path} has artifact format {manifest.get('format_version')!r}; this version of "
            f"Unsent reads format {FORMAT_VERSION}. Retrain with 'unsent train'."
        )
    if manifest.get("labels") != list(LABELS):
        raise ArtifactIncompatibleError(
            f"{path} was trained for labels {manifest.get('labels')!r}, expected {list(LABELS)}."
        )
    built = manifest.get("libraries")
    if not isinstance(built, dict) or "model_version" not in manifest:
        raise ArtifactCorruptError(f"The manifest {path} lacks 'libraries' or 'model_version'.")
    installed = library_versions()
    for name in EXACT_LIBRARIES + SAME_MAJOR_LIBRARIES:
        want, have = str(built.get(name)), installed[name]
        same = want == have if name in EXACT_LIBRARIES else want.split(".")[0] == have.split(".")[0]
        if not same:
            raise ArtifactIncompatibleError(
                f"{path} was built with {name} {want} but {have} is installed; install "
                f"{name}=={want} or retrain with 'unsent train'."
            )


def check_artifact(directory: Path | None = None) -> dict[str, Any]:
    """Every check ``load_artifact`` makes before unpickling; returns the manifest.

    Cheap enough to run before a server starts, so a bad model path stops start-up with
    one clear line instead of a failed worker.
    """
    directory = bundled_dir() if directory is None else Path(directory)
    manifest = read_manifest(directory)
    _verified_model_file(directory, manifest)
    return manifest


def load_artifact(directory: Path | None = None) -> Artifact:
    """Load and check the artifact in ``directory`` (default: the bundled one)."""
    directory = bundled_dir() if directory is None else Path(directory)
    manifest = read_manifest(directory)
    model_path = _verified_model_file(directory, manifest)
    try:
        payload = joblib.load(model_path)
    except Exception as error:  # any unpickling failure means the file is unusable
        raise ArtifactCorruptError(f"{model_path} could not be read: {error}.") from error
    return _checked_payload(payload, manifest, model_path)


def _verified_model_file(directory: Path, manifest: dict[str, Any]) -> Path:
    artifact = manifest.get("artifact")
    if not isinstance(artifact, dict):
        raise ArtifactCorruptError(f"The manifest in {directory} lacks its 'artifact' entry.")
    model_path = directory / str(artifact.get("file", MODEL_FILE))
    if model_path.parent != directory or not model_path.is_file():
        raise ArtifactNotFoundError(f"No model file at {model_path}.")
    expected = artifact.get("sha256")
    actual = sha256_file(model_path)
    if actual != expected:
        raise ArtifactCorruptError(
            f"{model_path} has sha256 {actual[:12]}..., but its manifest says "
            f"{str(expected)[:12]}...; the file is corrupt or was changed. Refusing to load it."
        )
    return model_path


def _checked_payload(payload: Any, manifest: dict[str, Any], path: Path) -> Artifact:
    if not isinstance(payload, dict) or payload.get("format_version") != FORMAT_VERSION:
        raise ArtifactCorruptError(f"{path} does not hold an Unsent model payload.")
    pipeline = payload.get("pipeline")
    if not isinstance(pipeline, Pipeline):
        raise ArtifactCorruptError(f"{path} does not hold a pipeline.")
    try:
        compiled = CompiledModel.from_pipeline(pipeline)
    except (KeyError, AttributeError, IndexError, ValueError) as error:
        raise ArtifactCorruptError(f"{path} holds a pipeline Unsent cannot compile: {error}.") from error
    expected_columns = len(compiled.word_vocab) + len(compiled.char_vocab)
    if compiled.coef.shape[0] != len(LABELS) or compiled.coef.shape[1] <= expected_columns:
        raise ArtifactCorruptError(f"{path} holds a model whose shapes do not fit its vocabulary.")
    return Artifact(pipeline=pipeline, compiled=compiled, manifest=manifest)
