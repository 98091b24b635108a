"""Training: cross-validate on the training split, fit, evaluate on the fixed test split, save.

``train`` is a plain function that tests import; ``unsent train`` is a thin wrapper around it.
The test split is never used to fit or tune anything: hyper-parameters are chosen by
cross-validation on the training split (groups of near-duplicates kept within one fold),
and the temperature that calibrates the probabilities is fitted on out-of-fold logits.
"""

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
from joblib import Parallel, delayed
from numpy.typing import NDArray
from scipy.special import softmax
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from model.artifact import save_artifact
from model.calibration import fit_temperature
from model.classifier import Classifier
from model.combine import combine
from model.compiled import CompiledModel
from model.labels import LABELS
from model.pipeline import DEFAULT_C, build_pipeline
from model.prediction import Prediction
from training.dataset import Example, load_examples, sha256_data
from training.metrics import calibration, classification_metrics, flag_rate
from training.report import write_report
from training.split import group_ids, near_duplicate_keys, split_of

DEFAULT_SEED: Final = 42
DEFAULT_FOLDS: Final = 5
# Five-fold grouped cross-validation on the training split (12,839 drafts), as served
# (sentences combined, temperature fitted out of fold), C = 8:
#
#   everyday  harassing  macro-F1  harassing recall  pleading recall  everyday flagged  plain everyday
#   1         1          0.833     0.781             0.858            10.7%             6.0%
#   1.5       1          0.831     0.764             0.850             9.2%             4.9%
#   2         1          0.830     0.751             0.846             8.2%             4.3%
#   3         1          0.826     0.735             0.835             7.3%             3.6%
#   5         1          0.823     0.719             0.826             6.5%             3.2%
#   2         1.5        0.831     0.786             0.836             9.7%             5.3%
#   2         2          0.830     0.804             0.832            10.8%             6.0%
#   3         2          0.828     0.789             0.824             9.3%             4.9%
#
# Weighing everyday messages more beats raising the harassing threshold at the same flag
# rate (threshold 0.5 flags 4.9% of plain everyday messages at harassing recall 0.742,
# weight 1.5 the same 4.9% at 0.764). Plain everyday messages by a writer the model never
# saw (each plain everyday batch left out in turn): 7.7% flagged unweighted, 6.8% with
# 2 / 1.5. The cost is pleading recall (0.858 -> 0.836) and 0.002 macro-F1.
DEFAULT_EVERYDAY_WEIGHT: Final = 2.0
DEFAULT_HARASSING_WEIGHT: Final = 1.5
TOP_FEATURES: Final = 15

StepCallback = Callable[[str], None]


@dataclass
class TrainReport:
    """Everything ``unsent train`` prints and writes, as JSON-ready values."""

    model_version: str
    out_dir: str
    data: dict[str, Any]
    parameters: dict[str, Any]
    cross_validation: dict[str, Any]
    test: dict[str, Any]
    before_extra: dict[str, Any] | None = None
    strongest_features: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    misclassified: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class _Split:
    train: list[Example]
    test: list[Example]
    groups: list[str]


def _with_splits(examples: list[Example]) -> _Split:
    """Use the split and group stored in the file; compute them where the file has none."""
    if all(e.meta.get("group") for e in examples):
        groups = [str(e.meta["group"]) for e in examples]
    else:
        computed = group_ids([e.text for e in examples])
        groups = [str(e.meta.get("group") or g) for e, g in zip(examples, computed, strict=True)]
    sides = [e.split or split_of(g) for e, g in zip(examples, groups, strict=True)]
    train = [e for e, s in zip(examples, sides, strict=True) if s != "test"]
    test = [e for e, s in zip(examples, sides, strict=True) if s == "test"]
    train_groups = [g for g, s in zip(groups, sides, strict=True) if s != "test"]
    return _Split(train, test, train_groups)


def _merge_extra(split: _Split, extra: Sequence[Example]) -> tuple[_Split, dict[str, int]]:
    """Add owners' examples to the training side, dropping duplicates and test near-twins."""
    seen = {near_duplicate_keys(e.text)[0] for e in split.train}
    test_keys = {k for e in split.test for k in near_duplicate_keys(e.text)}
    added, duplicates, near_test = [], 0, 0
    for example in extra:
        keys = near_duplicate_keys(example.text)
        if keys[0] in seen:
            duplicates += 1
        elif test_keys.intersection(keys):
            near_test += 1
        else:
            seen.add(keys[0])
            added.append(example)
    train = split.train + added
    groups = split.groups + group_ids([e.text for e in added])
    counts = {"extra_rows": len(extra), "added": len(added), "duplicates_dropped": duplicates,
              "near_test_dropped": near_test}
    return _Split(train, split.test, groups), counts


@dataclass(frozen=True)
class SampleWeights:
    """How much one training draft counts in the loss, by where it came from and its label.

    ``everyday`` weighs messages whose ``source`` is ``everyday``; ``harassing`` weighs the
    other drafts labelled harassing (to an ex, or of unknown source); every other draft
    counts 1. Everyday messages carry only the unflagged labels, so weighing them more
    teaches the model that ordinary texting is not a flag, and weighing harassing drafts
    more buys back the recall that costs. See ``DEFAULT_EVERYDAY_WEIGHT`` for the numbers.
    """

    everyday: float = DEFAULT_EVERYDAY_WEIGHT
    harassing: float = DEFAULT_HARASSING_WEIGHT

    def __post_init__(self) -> None:
        if not (self.everyday > 0 and self.harassing > 0):
            raise ValueError(f"Sample weights must be > 0; got {self.everyday!r} and {self.harassing!r}.")

    def of(self, examples: Sequence[Example]) -> NDArray[np.float64]:
        """One weight per example, in order."""
        return np.array([self.everyday if e.origin == "everyday" else self.harassing if e.label == "harassing"
                         else 1.0 for e in examples], dtype=np.float64)

    def as_dict(self) -> dict[str, float]:
        return {"everyday": self.everyday, "harassing": self.harassing}


@dataclass(frozen=True)
class OutOfFold:
    """Cross-validation output: per training draft, the logits of the draft and its sentences."""

    rows: list[NDArray[np.float64]]
    fold_scores: list[float]

    @property
    def documents(self) -> NDArray[np.float64]:
        return np.vstack([r[0] for r in self.rows])


def cross_validate(
    split: _Split, *, c: float, folds: int, seed: int, on_step: StepCallback, weights: SampleWeights | None = None
) -> OutOfFold:
    """Out-of-fold logits (whole draft and sentences) for every training draft, by the fast
    path of a model fitted without its fold; and document-level macro-F1 per fold.

    Folds are fitted side by side, one process per core (each single-threaded, as the final fit
    is), so the numbers are those of fitting them one after another."""
    texts = [e.text for e in split.train]
    labels = np.array([e.label for e in split.train])
    sample_weight = (weights or SampleWeights()).of(split.train)
    rows: list[NDArray[np.float64]] = [np.zeros((1, len(LABELS)))] * len(texts)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    plan = list(splitter.split(texts, labels, split.groups))
    jobs = max(1, min(folds, os.cpu_count() or 1))
    on_step(f"cross-validation: {folds} folds on {jobs} process{'es' if jobs > 1 else ''}")
    results = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(_fold)([texts[i] for i in fit_idx], labels[fit_idx], sample_weight[fit_idx],
                       [texts[i] for i in held_idx], labels[held_idx], c)
        for fit_idx, held_idx in plan
    )
    scores = []
    for fold, ((_, held_idx), (held_rows, score)) in enumerate(zip(plan, results, strict=True), 1):
        for i, row in zip(held_idx, held_rows, strict=True):
            rows[i] = row
        scores.append(score)
        on_step(f"cross-validation fold {fold}/{folds} done")
    return OutOfFold(rows, scores)


def _fold(fit_texts: list[str], fit_labels: NDArray[Any], fit_weight: NDArray[np.float64], held_texts: list[str],
          held_labels: NDArray[Any], c: float) -> tuple[list[NDArray[np.float64]], float]:
    """Fit one fold and score its held-out drafts (runs in a worker process)."""
    with threadpool_limits(limits=1):
        pipeline = build_pipeline(c=c).fit(fit_texts, fit_labels, classifier__sample_weight=fit_weight)
        classifier = Classifier(CompiledModel.from_pipeline(pipeline), model_version="fold")
        held_rows = [classifier.logits(text) for text in held_texts]
    predicted = [LABELS[int(row[0].argmax())] for row in held_rows]
    return held_rows, classification_metrics(list(held_labels), predicted)["macro_f1"]


def _with_origins(metrics: dict[str, Any], examples: Sequence[Example], predicted: Sequence[str]) -> None:
    """Add flag rates by origin, and for everyday messages not written to mislead."""
    groups: dict[str, list[str]] = {}
    for example, label in zip(examples, predicted, strict=True):
        groups.setdefault(example.origin, []).append(label)
        if example.origin == "everyday" and "hard" not in example.meta.get("tags", []):
            groups.setdefault("everyday (plain)", []).append(label)
    metrics["by_origin"] = {k: {"n": len(v), "flag_rate": flag_rate(v)} for k, v in sorted(groups.items())}


def evaluate_classifier(classifier: Classifier, examples: Sequence[Example]) -> dict[str, Any]:
    """Metrics of the served path (fast, sentences combined) on labeled examples."""
    return evaluate_predictions(examples, classifier.classify_batch([e.text for e in examples]))


def evaluate_predictions(examples: Sequence[Example], predictions: Sequence[Prediction]) -> dict[str, Any]:
    """Metrics of predictions already made for ``examples``, in the same order."""
    truth = [e.label for e in examples]
    predicted = [p.label for p in predictions]
    probabilities = np.array([[p.probabilities[label] for label in LABELS] for p in predictions])
    metrics = classification_metrics(truth, predicted)
    metrics["calibration"] = calibration(probabilities, truth) if examples else {}
    _with_origins(metrics, examples, predicted)
    return metrics


def _strongest_features(pipeline: Pipeline) -> dict[str, list[tuple[str, float]]]:
    names = pipeline.named_steps["features"].get_feature_names_out()
    linear = pipeline.named_steps["classifier"].estimator_
    coef = linear.coef_ - linear.coef_.mean(axis=0, keepdims=True)
    classes = list(linear.classes_)
    strongest: dict[str, list[tuple[str, float]]] = {}
    for label in LABELS:
        row = coef[classes.index(label)]
        top = np.argsort(-row)[:TOP_FEATURES]
        strongest[label] = [(str(names[j]), round(float(row[j]), 3)) for j in top]
    return strongest


def _misclassified(examples: Sequence[Example], predictions: Sequence[Prediction]) -> list[dict[str, Any]]:
    rows = []
    for example, prediction in zip(examples, predictions, strict=True):
        if prediction.label != example.label:
            rows.append({"text": example.text, "label": example.label,
                         "predicted": prediction.label, "origin": example.origin,
                         "probabilities": {k: round(v, 3) for k, v in prediction.probabilities.items()}})
    return rows


def _fit(split: _Split, *, c: float, folds: int, seed: int, weights: SampleWeights, on_step: StepCallback) -> tuple[
    Pipeline, CompiledModel, dict[str, Any]
]:
    oof = cross_validate(split, c=c, folds=folds, seed=seed, on_step=on_step, weights=weights)
    truth = [e.label for e in split.train]
    documents = oof.documents
    temperature = fit_temperature(documents, np.array([LABELS.index(y) for y in truth]))
    on_step("fitting the final model on the whole training split")
    pipeline = build_pipeline(c=c, temperature=temperature).fit(
        [e.text for e in split.train], truth, classifier__sample_weight=weights.of(split.train))
    served = [LABELS[int(np.argmax(combine(*_split_rows(softmax(r / temperature, axis=1)))[0]))]
              for r in oof.rows]
    cv = classification_metrics(truth, [LABELS[k] for k in documents.argmax(axis=1)])
    cv_served = classification_metrics(truth, served)
    _with_origins(cv_served, split.train, served)
    cv.update({"folds": folds, "macro_f1_per_fold": oof.fold_scores,
               "macro_f1_mean": float(np.mean(oof.fold_scores)),
               "macro_f1_std": float(np.std(oof.fold_scores)),
               "served": cv_served,
               "calibration_before": calibration(softmax(documents, axis=1), truth),
               "calibration_after": calibration(softmax(documents / temperature, axis=1), truth),
               "temperature": temperature})
    return pipeline, CompiledModel.from_pipeline(pipeline), cv


def _split_rows(probabilities: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    return probabilities[0], probabilities[1:]


def data_hash(paths: Sequence[Path]) -> str:
    """The training-data hash a manifest records: of each file's (or shard folder's) SHA-256."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(sha256_data(path).encode())
    return digest.hexdigest()


def train(
    data: Path,
    out_dir: Path,
    *,
    extra: Sequence[Path] = (),
    seed: int = DEFAULT_SEED,
    c: float = DEFAULT_C,
    folds: int = DEFAULT_FOLDS,
    weights: SampleWeights | None = None,
    on_step: StepCallback | None = None,
) -> TrainReport:
    """Train on ``data`` (plus ``extra``), evaluate on the fixed test split, write the artifact.

    BLAS runs on one thread here: a multi-threaded sum can add in a different order from run
    to run, and the same data and seed must give the same bytes.
    """
    with threadpool_limits(limits=1):
        return _train(data, out_dir, extra=extra, seed=seed, c=c, folds=folds, weights=weights or SampleWeights(),
                      on_step=on_step)


def _train(
    data: Path,
    out_dir: Path,
    *,
    extra: Sequence[Path],
    seed: int,
    c: float,
    folds: int,
    weights: SampleWeights,
    on_step: StepCallback | None,
) -> TrainReport:
    step = on_step or (lambda _message: None)
    step("reading labeled data")
    base = _with_splits(load_examples(data))
    extra_examples = [e for path in extra for e in load_examples(path)]
    split, extra_counts = _merge_extra(base, extra_examples) if extra else (base, {})
    before = None
    if extra:
        step("training without the extra examples, for comparison")
        _, compiled, _ = _fit(base, c=c, folds=folds, seed=seed, weights=weights, on_step=step)
        before = evaluate_classifier(Classifier(compiled, model_version="before-extra"), base.test)
    pipeline, compiled, cv = _fit(split, c=c, folds=folds, seed=seed, weights=weights, on_step=step)
    data_sha = data_hash([Path(data), *map(Path, extra)])
    version = f"unsent-{data_sha[:10]}-s{seed}"
    classifier = Classifier(compiled, model_version=version)
    step("evaluating on the fixed test split")
    test_predictions = classifier.classify_batch([e.text for e in split.test])
    test = evaluate_predictions(split.test, test_predictions)
    test["document_only"] = classification_metrics(
        [e.label for e in split.test],
        [LABELS[int(classifier.logits(e.text)[0].argmax())] for e in split.test],
    ) if split.test else {}
    data_info = {"files": [str(data), *map(str, extra)], "sha256": data_sha,
                 "n_train": len(split.train), "n_test": len(split.test), **extra_counts}
    report = TrainReport(
        model_version=version, out_dir=str(out_dir), data=data_info,
        parameters={"c": c, "seed": seed, "folds": folds, "temperature": cv["temperature"],
                    "sample_weights": weights.as_dict()},
        cross_validation=cv, test=test, before_extra=before,
        strongest_features=_strongest_features(pipeline),
        misclassified=_misclassified(split.test, test_predictions),
    )
    step("writing the artifact and the report")
    manifest = {"model_version": version, "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "seed": seed, "training_data": data_info, "parameters": report.parameters,
                "metrics": _headline(report)}
    save_artifact(pipeline=pipeline, out_dir=out_dir, manifest=manifest)
    write_report(report.as_dict(), out_dir)
    return report


def _headline(report: TrainReport) -> dict[str, Any]:
    test = report.test
    per_label = test.get("per_label", {})
    return {
        "test_macro_f1": test.get("macro_f1"),
        "test_accuracy": test.get("accuracy"),
        "test_harassing_recall": per_label.get("harassing", {}).get("recall"),
        "test_everyday_flag_rate": test.get("by_origin", {}).get("everyday", {}).get("flag_rate"),
        "cv_macro_f1_mean": report.cross_validation.get("macro_f1_mean"),
    }
