"""The ``unsent`` command line: a thin layer over ``training`` and ``model`` functions.

Errors the user can fix (``UnsentError``) print one line and exit 1; usage errors exit 2.
"""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Final

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from model import load_classifier
from model.artifact import bundled_dir, load_artifact
from model.errors import UnsentError
from model.labels import LABELS
from model.prediction import Prediction
from service.cli import feedback_app, keys_app, secrets_app
from training import bench, corpus
from training.agreement import agreement
from training.dataset import load_examples
from training.report import confusion_table, metrics_table
from training.train import DEFAULT_SEED, evaluate_classifier, train

DEFAULT_DATA: Final = Path("data/drafts")

app = typer.Typer(help="Unsent: read a draft to an ex, flag pleading or harassing tone.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
data_app = typer.Typer(help="Maintain the labeled corpus.", no_args_is_help=True)
app.add_typer(data_app, name="data")
app.add_typer(keys_app, name="keys")
app.add_typer(feedback_app, name="feedback")
app.add_typer(secrets_app, name="secrets")
console = Console()
errors = Console(stderr=True)


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except UnsentError as error:
        errors.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
        raise typer.Exit(1) from None


@contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=errors, transient=False) as progress:
        task = progress.add_task("starting", total=None)
        yield lambda message: progress.update(task, description=message)


@app.command("train")
def train_command(
    data: Annotated[Path, typer.Option(help="Labeled .jsonl/.csv file, or a folder of them.")] = DEFAULT_DATA,
    extra: Annotated[list[Path] | None, typer.Option(help="More labeled files; repeatable.")] = None,
    seed: Annotated[int, typer.Option(help="Seed for folds; same data and seed, same model.")] = DEFAULT_SEED,
    out: Annotated[Path, typer.Option(help="Directory for the artifact and report.")] = Path("runs/latest"),
) -> None:
    """Cross-validate, evaluate on the fixed test split, write the artifact and its report."""
    with _user_errors(), _progress() as step:
        report = train(data, out, extra=extra or [], seed=seed, on_step=step)
    console.print(f"model [bold]{report.model_version}[/] written to {out}")
    cv = report.cross_validation
    console.print(f"cross-validation macro-F1 {cv['macro_f1_mean']:.3f} ± {cv['macro_f1_std']:.3f}")
    if report.before_extra:
        console.print("\nbefore the extra examples (same test split):")
        console.print("\n".join(metrics_table(report.before_extra)))
    console.print("\ntest split:")
    console.print("\n".join([*metrics_table(report.test), "", *confusion_table(report.test)]))
    console.print(f"\nreport: {out / 'report.md'}")


@app.command("evaluate")
def evaluate_command(
    data: Annotated[Path, typer.Option(help="Labeled drafts (.jsonl or .csv) to score.")],
    model: Annotated[Path | None, typer.Option(help="Artifact directory; default bundled.")] = None,
    format: Annotated[str, typer.Option(help="text or json.")] = "text",
) -> None:
    """Metrics of a model on any labeled file."""
    if format not in ("text", "json"):
        raise typer.BadParameter(f"--format must be text or json, not {format!r}.")
    with _user_errors():
        examples = load_examples(data)
        metrics = evaluate_classifier(load_classifier(model), examples)
    if format == "json":
        sys.stdout.write(json.dumps(metrics, indent=2) + "\n")
        return
    console.print("\n".join([*metrics_table(metrics), "", *confusion_table(metrics)]))
    for origin, row in metrics["by_origin"].items():
        console.print(f"flag rate, {origin}: {row['flag_rate']:.3f} (n={row['n']})")


def _highlighted(prediction: Prediction, text: str) -> Text:
    shown = Text(text)
    for span in prediction.spans:
        shown.stylize("bold reverse", span.start, span.end)
    for signal in prediction.safety.signals:
        shown.stylize("bold red underline", signal.start, signal.end)
    return shown


@app.command("check")
def check_command(
    draft: Annotated[str, typer.Argument(help="The draft to read; '-' reads standard input.")],
    model: Annotated[Path | None, typer.Option(help="Artifact directory; default bundled.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Label one draft: probabilities, the phrases that drove it, safety signals."""
    text = sys.stdin.read() if draft == "-" else draft
    with _user_errors():
        prediction = load_classifier(model).classify(text)
    if as_json:
        sys.stdout.write(json.dumps(_prediction_json(prediction), indent=2, ensure_ascii=False) + "\n")
        return
    verdict = "[bold red]flagged[/]" if prediction.flagged else "[green]not flagged[/]"
    console.print(f"label: [bold]{prediction.label}[/] ({verdict})")
    table = Table("label", "probability", box=None)
    for label in LABELS:
        table.add_row(label, f"{prediction.probabilities[label]:.3f}")
    console.print(table)
    console.print(_highlighted(prediction, text))
    for span in prediction.spans:
        console.print(f"  [{span.start}, {span.end}) {span.text!r} weight {span.weight:+.3f}")
    if prediction.decided_by is not None:
        s = prediction.decided_by
        console.print(f"decided by the sentence at [{s.start}, {s.end}): {text[s.start:s.end]!r}")
    if prediction.safety.self_harm:
        console.print("[bold red]self-harm signal:[/] if you are thinking of hurting yourself, "
                      "please reach out to a crisis line or emergency services now.")
    if prediction.safety.violence:
        console.print("[bold red]violence signal:[/] this reads as a threat to hurt someone.")
    console.print(f"[dim]model {prediction.model_version}[/]")


def _prediction_json(prediction: Prediction) -> dict[str, Any]:
    return {
        "label": prediction.label, "flagged": prediction.flagged,
        "probabilities": prediction.probabilities,
        "spans": [{"start": s.start, "end": s.end, "text": s.text, "weight": s.weight}
                  for s in prediction.spans],
        "safety": {"self_harm": prediction.safety.self_harm, "violence": prediction.safety.violence,
                   "signals": [{"kind": s.kind, "start": s.start, "end": s.end}
                               for s in prediction.safety.signals]},
        "model_version": prediction.model_version,
    }


@app.command("bench")
def bench_command(
    data: Annotated[Path, typer.Option(help="Drafts to time (their test split).")] = DEFAULT_DATA,
    model: Annotated[Path | None, typer.Option(help="Artifact directory; default bundled.")] = None,
    rounds: Annotated[int, typer.Option(min=1, help="Passes over the drafts.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    service: Annotated[bool, typer.Option("--service", help="Load-test the HTTP server instead.")] = False,
    connections: Annotated[int, typer.Option(min=1, help="--service: concurrent connections.")] = 32,
    seconds: Annotated[int, typer.Option(min=1, help="--service: seconds per round.")] = 10,
    workers: Annotated[int, typer.Option(min=1, help="--service: server worker processes.")] = 1,
) -> None:
    """Time our path against the plain scikit-learn pipeline on the same model.

    With --service: start the server and compare /v1/check with an empty endpoint under load.
    """
    with _user_errors():
        examples = load_examples(data)
    texts = [e.text for e in examples if e.split == "test"] or [e.text for e in examples]
    if service:
        _bench_service(texts, connections=connections, seconds=seconds, rounds=rounds, workers=workers,
                       as_json=as_json)
        return
    with _user_errors():
        artifact = load_artifact(model or bundled_dir())
    result = bench.run_benchmark(artifact, texts, rounds=rounds)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    single, batch = result["single"], result["batch"]
    table = Table("measure", "ours", "scikit-learn", "ratio")
    table.add_row("single draft p50 (µs)", f"{single['ours_p50_us']:.0f}",
                  f"{single['sklearn_p50_us']:.0f}", f"{single['speedup_p50']:.1f}× faster")
    table.add_row("single draft p99 (µs)", f"{single['ours_p99_us']:.0f}",
                  f"{single['sklearn_p99_us']:.0f}",
                  f"{single['sklearn_p99_us'] / single['ours_p99_us']:.1f}× faster")
    ours_one, sklearn_one = (single[f"{who}_one_at_a_time_drafts_per_s"] for who in ("ours", "sklearn"))
    table.add_row("one at a time (drafts/s)", f"{ours_one:,.0f}", f"{sklearn_one:,.0f}",
                  f"{ours_one / sklearn_one:.1f}× faster")
    table.add_row("batch (drafts/s)", f"{batch['ours_drafts_per_s']:,.0f}",
                  f"{batch['sklearn_drafts_per_s']:,.0f}", f"{batch['speedup']:.1f}× faster")
    console.print(f"{result['n_texts']} drafts (median {result['median_chars']:.0f} chars), "
                  f"{result['rounds']} rounds")
    console.print(table)


def _bench_service(texts: list[str], *, connections: int, seconds: int, rounds: int, workers: int,
                   as_json: bool) -> None:
    from service.bench import run_service_benchmark  # the web stack loads only for --service

    with _user_errors():
        result = run_service_benchmark(texts[:500], connections=connections, seconds=seconds,
                                       rounds=min(rounds, 3), workers=workers)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table("endpoint", "requests/s", "p50 (ms)", "p99 (ms)", "failed")
    for name, label in (("empty", "POST /bench/empty"), ("classify", "POST /bench/classify (model only)"),
                        ("check", "POST /v1/check")):
        row = result[name]
        table.add_row(label, f"{row['requests_per_s']:,.0f}", f"{row['p50_ms']:.2f}", f"{row['p99_ms']:.2f}",
                      f"{row['errors']:.0f}")
    console.print(f"{result['connections']} connections, {result['workers']} worker(s), "
                  f"{result['rounds']} rounds of {result['seconds']} s each, medians")
    console.print(table)
    console.print(f"/v1/check keeps {result['ratio']:.0%} of the empty endpoint's requests per second; "
                  f"classifying alone keeps {result['classify_ratio']:.0%}")


@app.command("serve")
def serve_command(
    host: Annotated[str | None, typer.Option(help="Address to bind (UNSENT_HOST; default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (UNSENT_PORT; default 8000).")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (UNSENT_WORKERS; default 1).")] = None,
    model: Annotated[Path | None, typer.Option(help="Artifact directory (UNSENT_MODEL_PATH).")] = None,
) -> None:
    """Serve the JSON API and the web page with uvicorn until interrupted."""
    from service.server import prepare, run, settings_with  # the web stack loads only for this command

    with _user_errors():
        settings = settings_with({"host": host, "port": port, "workers": workers, "model_path": model})
        prepare(settings)
    console.print(f"Unsent on http://{settings.host}:{settings.port}/  (Ctrl+C to stop)")
    run(settings)


@data_app.command("add")
def data_add_command(
    files: Annotated[list[Path], typer.Argument(help="Labeled .jsonl or .csv files to add.")],
    corpus_path: Annotated[Path, typer.Option("--corpus", help="Corpus to grow.")] = DEFAULT_DATA,
) -> None:
    """Merge labeled files into the corpus; duplicates dropped, the test split kept fixed."""
    with _user_errors():
        counts = corpus.merge(corpus_path, files)
    console.print(f"read {counts.read}, added {counts.added}, duplicates {counts.duplicates}, "
                  f"left out as bridging both splits {counts.bridging}")


@data_app.command("agreement")
def data_agreement_command(
    annotations: Annotated[Path, typer.Argument(help="JSONL rows {id, annotator, label}, labelled blind.")],
    corpus_path: Annotated[Path, typer.Option("--corpus", help="Corpus the ids refer to.")] = DEFAULT_DATA,
    format: Annotated[str, typer.Option(help="text or json.")] = "text",
) -> None:
    """How far independent annotators agree with the corpus labels and with each other."""
    if format not in ("text", "json"):
        raise typer.BadParameter(f"--format must be text or json, not {format!r}.")
    with _user_errors():
        result = agreement(load_examples(corpus_path), annotations)
    if format == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table("compared", "n", "accuracy", "macro-F1", "kappa", *(f"{label} recall" for label in LABELS))
    rows = [(f"{name} vs corpus", row) for name, row in result["against_corpus"].items()]
    rows += list(result["between_annotators"].items())
    for name, row in rows:
        table.add_row(name, str(row["n"]), f"{row['accuracy']:.3f}", f"{row['macro_f1']:.3f}",
                      f"{row['kappa']:.3f}", *(f"{row['recall'][label]:.3f}" for label in LABELS))
    console.print(table)


def main() -> None:
    """The ``unsent`` script: any ``UnsentError`` a command lets through is one line and exit 1."""
    try:
        app()
    except UnsentError as error:
        errors.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
        sys.exit(1)
