"""``unsent bench``: our path against the plain scikit-learn pipeline, same model, same run.

Single drafts: each draft is classified on its own, many times over; we report the median
and the 99th percentile per call, and the drafts per second of going through the list one
draft at a time (from the mean per call), which is what a batch must beat. For us a call
includes the explanation spans, the sentence combination and the safety signals; for
scikit-learn it is ``predict_proba`` on a one-element list, probabilities only. Batches:
drafts per second for the whole list.
A script, not a test: figures depend on the machine, so compare the ratio, not the absolute.
"""

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from model.artifact import Artifact
from model.classifier import Classifier


def _per_call_us(call: Callable[[str], object], texts: Sequence[str], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter_ns()
            call(text)
            timings.append((time.perf_counter_ns() - start) / 1000)
    return timings


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _throughput(call: Callable[[Sequence[str]], object], texts: Sequence[str], rounds: int) -> float:
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        call(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)


def run_benchmark(artifact: Artifact, texts: Sequence[str], *, rounds: int = 5) -> dict[str, Any]:
    """Latency and throughput of both paths on ``texts``; JSON-ready."""
    ours = Classifier(artifact.compiled, model_version=artifact.model_version)
    pipeline = artifact.pipeline
    ours.classify_batch(texts)  # warm the token cache, as a running service would be
    pipeline.predict_proba(list(texts[:50]))
    # Like the service (service/app.py), move what is loaded out of the collector's sight, so
    # the full collections a batch's many result objects set off don't walk the whole process.
    gc.freeze()
    try:
        return _measure(ours, pipeline, texts, rounds)
    finally:
        gc.unfreeze()


def _measure(ours: Classifier, pipeline: Any, texts: Sequence[str], rounds: int) -> dict[str, Any]:
    ours_single = _per_call_us(ours.classify, texts, rounds)
    sklearn_single = _per_call_us(lambda t: pipeline.predict_proba([t]), texts, max(1, rounds // 2))
    ours_batch = _throughput(ours.classify_batch, texts, rounds)
    sklearn_batch = _throughput(lambda ts: pipeline.predict_proba(list(ts)), texts, rounds)
    single = {
        "ours_p50_us": statistics.median(ours_single),
        "ours_p99_us": _percentile(ours_single, 0.99),
        "ours_one_at_a_time_drafts_per_s": 1e6 / statistics.fmean(ours_single),
        "sklearn_p50_us": statistics.median(sklearn_single),
        "sklearn_p99_us": _percentile(sklearn_single, 0.99),
        "sklearn_one_at_a_time_drafts_per_s": 1e6 / statistics.fmean(sklearn_single),
    }
    single["speedup_p50"] = single["sklearn_p50_us"] / single["ours_p50_us"]
    batch = {"ours_drafts_per_s": ours_batch, "sklearn_drafts_per_s": sklearn_batch,
             "speedup": ours_batch / sklearn_batch}
    return {"n_texts": len(texts), "rounds": rounds, "single": single, "batch": batch,
            "median_chars": statistics.median(len(t) for t in texts)}
