"""A check from request to answer: validate the draft, classify it, decide, shape the reply.

The routes call ``check`` and ``check_batch`` and nothing else; the model and the policy know
nothing of each other or of HTTP, and this module is the one place they meet.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from model.classifier import Classifier
from model.prediction import Prediction
from service import wording
from service.batcher import MicroBatcher
from service.errors import DraftTooLongError, InvalidFieldError
from service.policy import NoContactPeriod, PeriodToday, decide
from service.schemas import (
    BatchRequest,
    BatchResponse,
    CheckRequest,
    CheckResponse,
    Highlight,
    NoContactIn,
    NoContactOut,
    Probabilities,
    SafetyOut,
)
from service.timezones import parse_timezone, today_in


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What a check takes from the settings and the clock rather than from the request."""

    max_draft_chars: int
    default_days: int
    default_timezone: str
    now: datetime
    frequency_threshold: int = 3


@dataclass(frozen=True, slots=True)
class Writer:
    """Who is checking: their standing period and zone, and a counter of flagged drafts.

    ``note_flagged(n)`` records ``n`` flagged drafts and returns how many the writer has had
    in the last 24 hours (``service.records``); the default writer remembers nothing.
    """

    period: NoContactPeriod | None = None
    timezone: str | None = None
    note_flagged: Callable[[int], int] = lambda count: 0


NOBODY = Writer()


def check(classifier: Classifier, request: CheckRequest, options: CheckOptions,
          writer: Writer = NOBODY) -> CheckResponse:
    """The answer to one draft, classified on its own (the second look of a hold)."""
    text = valid_text(request.text, options, field="text")
    period, today = _period_and_today(request.no_contact, request.timezone, options, writer)
    return _decided(classifier.classify(text), period, today, options, writer)


async def check_soon(batcher: MicroBatcher, request: CheckRequest, options: CheckOptions,
                     writer: Writer = NOBODY) -> CheckResponse:
    """The answer to ``POST /v1/check``: the draft is classified with others that arrived with it."""
    text = valid_text(request.text, options, field="text")
    period, today = _period_and_today(request.no_contact, request.timezone, options, writer)
    return _decided(await batcher.classify(text), period, today, options, writer)


def _decided(prediction: Prediction, period: NoContactPeriod | None, today: date, options: CheckOptions,
             writer: Writer) -> CheckResponse:
    drafted = writer.note_flagged(1) if _counts(prediction) else 0
    return _answer(prediction, period, today, options, drafted)


def check_batch(classifier: Classifier, request: BatchRequest, options: CheckOptions,
                writer: Writer = NOBODY) -> BatchResponse:
    """The answer to ``POST /v1/check/batch``: every draft is validated before any is read."""
    texts = [valid_text(item.text, options, field=f"items.{i}.text") for i, item in enumerate(request.items)]
    period, today = _period_and_today(request.no_contact, request.timezone, options, writer)
    predictions = classifier.classify_batch(texts)
    flagged = sum(1 for p in predictions if _counts(p))
    drafted = writer.note_flagged(flagged) if flagged else 0
    return BatchResponse(results=[_answer(p, period, today, options, drafted if _counts(p) else 0)
                                  for p in predictions])


def _counts(prediction: Prediction) -> bool:
    """Whether a draft counts toward the day's tally: flagged, or raising a safety signal."""
    return prediction.flagged or prediction.safety.any


def valid_text(text: str, options: CheckOptions, *, field: str) -> str:
    """``text`` if it is neither blank nor over the length limit; else a 422 naming ``field``."""
    if not text.strip():
        raise InvalidFieldError(f"{field} is empty or only whitespace; paste the draft to check.", field=field)
    if len(text) > options.max_draft_chars:
        raise DraftTooLongError(
            f"{field} is {len(text):,} characters long; the limit is {options.max_draft_chars:,}. "
            "Check a shorter part of it.",
            field=field,
        )
    return text


def _period_and_today(
    no_contact: NoContactIn | None, timezone: str | None, options: CheckOptions, writer: Writer
) -> tuple[NoContactPeriod | None, date]:
    """The request's own period and zone, else the writer's standing ones, else the defaults."""
    timezone = timezone if timezone is not None else writer.timezone
    today = today_in(parse_timezone(timezone if timezone is not None else options.default_timezone), options.now)
    if no_contact is None:
        return writer.period, today
    days = options.default_days if no_contact.days is None else no_contact.days
    return NoContactPeriod(start=no_contact.start, days=days), today


def _answer(prediction: Prediction, period: NoContactPeriod | None, today: date,
            options: CheckOptions, drafted_today: int = 0) -> CheckResponse:
    decision = decide(prediction, period=period, today=today, default_days=options.default_days,
                      drafted_today=drafted_today, frequency_threshold=options.frequency_threshold)
    return CheckResponse(
        label=prediction.label,
        probabilities=Probabilities(**prediction.probabilities),
        flagged=prediction.flagged,
        verdict=decision.verdict.value,
        hold_until=decision.hold_until,
        no_contact=None if decision.period is None else period_out(decision.period),
        reasons=list(decision.reasons),
        suggestion=decision.suggestion,
        highlights=[
            Highlight(start=s.start, end=s.end, label=s.label, weight=s.weight) for s in prediction.spans
        ],
        safety=SafetyOut(
            self_harm=prediction.safety.self_harm,
            violence=prediction.safety.violence,
            resources=list(wording.CRISIS_RESOURCES) if decision.crisis_help else [],
        ),
        model_version=prediction.model_version,
    )


def period_out(where: PeriodToday) -> NoContactOut:
    """A period as seen today, as the API shows it."""
    return NoContactOut(
        start=where.period.start, end=where.period.end, days=where.period.days,
        status=where.status.value, day=where.day, days_left=where.days_left,
    )
