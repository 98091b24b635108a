"""A check from request to answer: validate the draft, classify it, decide, shape the reply.

The routes call ``check`` and ``check_batch`` and nothing else; the model and the policy know
nothing of each other or of HTTP, and this module is the one place they meet.
"""

from dataclasses import dataclass
from datetime import date, datetime

from model.classifier import Classifier
from model.prediction import Prediction
from service import wording
from service.errors import DraftTooLongError, InvalidFieldError
from service.policy import Decision, NoContactPeriod, decide
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


def check(classifier: Classifier, request: CheckRequest, options: CheckOptions) -> CheckResponse:
    """The answer to ``POST /v1/check``."""
    text = _valid_text(request.text, options, field="text")
    period, today = _period_and_today(request.no_contact, request.timezone, options)
    return _answer(classifier.classify(text), period, today, options)


def check_batch(classifier: Classifier, request: BatchRequest, options: CheckOptions) -> BatchResponse:
    """The answer to ``POST /v1/check/batch``: every draft is validated before any is read."""
    texts = [
        _valid_text(item.text, options, field=f"items.{i}.text") for i, item in enumerate(request.items)
    ]
    period, today = _period_and_today(request.no_contact, request.timezone, options)
    predictions = classifier.classify_batch(texts)
    return BatchResponse(results=[_answer(p, period, today, options) for p in predictions])


def _valid_text(text: str, options: CheckOptions, *, field: str) -> str:
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
    no_contact: NoContactIn | None, timezone: str | None, options: CheckOptions
) -> tuple[NoContactPeriod | None, date]:
    zone = parse_timezone(timezone if timezone is not None else options.default_timezone)
    today = today_in(zone, options.now)
    if no_contact is None:
        return None, today
    days = options.default_days if no_contact.days is None else no_contact.days
    return NoContactPeriod(start=no_contact.start, days=days), today


def _answer(prediction: Prediction, period: NoContactPeriod | None, today: date,
            options: CheckOptions) -> CheckResponse:
    decision = decide(prediction, period=period, today=today, default_days=options.default_days)
    return CheckResponse(
        label=prediction.label,
        probabilities=Probabilities(**prediction.probabilities),
        flagged=prediction.flagged,
        verdict=decision.verdict.value,
        hold_until=decision.hold_until,
        no_contact=_period_out(decision),
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


def _period_out(decision: Decision) -> NoContactOut | None:
    where = decision.period
    if where is None:
        return None
    return NoContactOut(
        start=where.period.start, end=where.period.end, days=where.period.days,
        status=where.status.value, day=where.day, days_left=where.days_left,
    )
