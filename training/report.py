"""The training report: ``report.json`` for machines and ``report.md`` for people."""

import json
from pathlib import Path
from typing import Any

from model.labels import LABELS


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def metrics_table(metrics: dict[str, Any]) -> list[str]:
    """Per-label precision, recall, F1 and support as Markdown table lines."""
    lines = ["| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for label in LABELS:
        row = metrics["per_label"][label]
        lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['f1']:.3f} | {row['support']} |")
    lines.append(f"\nmacro-F1 **{metrics['macro_f1']:.3f}**, accuracy {metrics['accuracy']:.3f}, "
                 f"n = {metrics['n']}")
    return lines


def confusion_table(metrics: dict[str, Any]) -> list[str]:
    """The confusion matrix, true label by row, predicted by column."""
    lines = ["| true \\ predicted | " + " | ".join(LABELS) + " |", "|---" * (len(LABELS) + 1) + "|"]
    for label, row in zip(LABELS, metrics["confusion"], strict=True):
        lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return lines


def _markdown(report: dict[str, Any]) -> str:
    cv, test = report["cross_validation"], report["test"]
    lines = [
        f"# Training report — {report['model_version']}",
        "",
        f"Data: {', '.join(report['data']['files'])} (sha256 {report['data']['sha256'][:16]}…), "
        f"{report['data']['n_train']} training drafts, {report['data']['n_test']} test drafts.",
        f"Parameters: {json.dumps(report['parameters'])}",
        "",
        f"## Cross-validation on the training split ({cv['folds']} folds, grouped)",
        f"macro-F1 per fold: {', '.join(f'{s:.3f}' for s in cv['macro_f1_per_fold'])} "
        f"(mean {cv['macro_f1_mean']:.3f} ± {cv['macro_f1_std']:.3f}); document scores only.",
        f"Calibration of out-of-fold probabilities: ECE {cv['calibration_before']['ece']:.3f} "
        f"before temperature scaling, {cv['calibration_after']['ece']:.3f} after "
        f"(T = {cv['temperature']:.3f}, fitted on these same out-of-fold logits).",
        "",
        "As served (sentences combined, calibrated), out of fold:",
        "",
        *metrics_table(cv["served"]),
        "",
        "Flag rate by origin: " + ", ".join(
            f"{k} {v['flag_rate']:.3f} (n={v['n']})" for k, v in cv["served"]["by_origin"].items()),
        "",
        "## Fixed test split (never used for fitting or tuning)",
        "As served: fast path, sentences combined with the whole draft.",
        "",
        *metrics_table(test),
        "",
        *confusion_table(test),
        "",
        f"Calibration on the test split: ECE {_pct(test['calibration'].get('ece'))}, "
        f"log-loss {_pct(test['calibration'].get('log_loss'))}.",
        "Flag rate by origin: " + ", ".join(
            f"{k} {v['flag_rate']:.3f} (n={v['n']})" for k, v in test["by_origin"].items()),
        "",
        f"Document score only (no sentence combination): macro-F1 "
        f"{_pct(test.get('document_only', {}).get('macro_f1'))}.",
    ]
    if report.get("before_extra"):
        before = report["before_extra"]
        lines += ["", "## Before the extra examples (same test split)", *metrics_table(before)]
    lines += ["", "## Strongest features per label", ""]
    for label, features in report["strongest_features"].items():
        lines.append(f"- **{label}**: " + ", ".join(f"`{name}` {w:+.2f}" for name, w in features))
    lines += ["", f"## Misclassified test drafts ({len(report['misclassified'])})", "",
              "| true | predicted | p(predicted) | draft |", "|---|---|---|---|"]
    for row in report["misclassified"]:
        text = row["text"].replace("\n", " ⏎ ").replace("|", "\\|")
        lines.append(f"| {row['label']} | {row['predicted']} | "
                     f"{row['probabilities'][row['predicted']]:.2f} | {text} |")
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any], out_dir: Path) -> None:
    """Write ``report.json`` and ``report.md`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    (out_dir / "report.md").write_text(_markdown(report), encoding="utf-8")
