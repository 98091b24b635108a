"""The decision: send or hold, until when, and why. Pure functions of a prediction and dates.

The table (``../shared/PRODUCT.md``), for a period that starts on day S and lasts D days and
so ends on S + D, the first day contact is fine again:

    label         inside the period                  outside it, or none set
    harassing     hold, do not send at all           hold, a calm rewrite later if anything
    pleading      hold until the period ends         hold until today + D: start a period now
    reaching_out  hold until the period ends         send
    practical     send, short and factual            send

"Inside" means S <= today < S + D in the writer's time zone. A period that has not started
is outside (the writer may still start it today); one that ended today or before is over.
``hold_until`` is None for a draft that should not be sent at all, or that can go now.
Safety signals sit above the table: a threat of violence is held like harassment, and a
statement of self-harm is held like pleading and leads with crisis help.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from model.prediction import Prediction
from service import wording
from service.errors import PeriodError

MIN_DAYS: Final = 1
MAX_DAYS: Final = 365


class Verdict(StrEnum):
    SEND = "send"
    HOLD = "hold"


class PeriodStatus(StrEnum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class NoContactPeriod:
    """No contact from ``start`` for ``days`` days; contact is fine again on ``end``."""

    start: date
    days: int

    def __post_init__(self) -> None:
        if not MIN_DAYS <= self.days <= MAX_DAYS:
            raise PeriodError(
                f"no_contact.days must be a whole number from {MIN_DAYS} to {MAX_DAYS}; "
                f"got {self.days}.",
                field="no_contact.days",
            )
        if self.start > date.max - timedelta(days=self.days):
            raise PeriodError("no_contact.start is too far in the future.", field="no_contact.start")

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.days)


@dataclass(frozen=True, slots=True)
class PeriodToday:
    """Where ``today`` falls in a period: ``day`` is 1 on the start day, None outside it."""

    period: NoContactPeriod
    status: PeriodStatus
    day: int | None
    days_left: int


def locate(period: NoContactPeriod, today: date) -> PeriodToday:
    """The period as seen on ``today``; ``days_left`` counts the days until ``end``."""
    days_left = max(0, (period.end - today).days)
    if today < period.start:
        return PeriodToday(period, PeriodStatus.UPCOMING, None, days_left)
    if today >= period.end:
        return PeriodToday(period, PeriodStatus.ENDED, None, 0)
    return PeriodToday(period, PeriodStatus.ACTIVE, (today - period.start).days + 1, days_left)


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a draft, and the words that say why."""

    verdict: Verdict
    hold_until: date | None
    period: PeriodToday | None
    reasons: tuple[str, ...]
    suggestion: str
    crisis_help: bool


def decide(
    prediction: Prediction, *, period: NoContactPeriod | None, today: date, default_days: int,
    drafted_today: int = 0, frequency_threshold: int = 3,
) -> Decision:
    """Apply the decision table to ``prediction`` on ``today``.

    ``default_days`` is the length of the period the answer proposes to start today when
    none is running (the request's own ``days`` if it gave a period). ``drafted_today`` is
    how many flagged drafts the writer has had in the last 24 hours, this one included; at
    ``frequency_threshold`` or more the answer says so and the suggestion changes.
    """
    where = None if period is None else locate(period, today)
    inside = where is not None and where.status is PeriodStatus.ACTIVE
    proposed_days = default_days if period is None else period.days
    fresh_end = today + timedelta(days=proposed_days)
    treat_as = _effective_label(prediction)
    verdict, hold_until = _verdict(treat_as, inside, where, fresh_end)
    context = wording.Context(
        prediction=prediction, treat_as=treat_as, period=where, inside=inside,
        hold_until=hold_until, fresh_end=fresh_end, today=today,
        drafted_today=drafted_today if drafted_today >= frequency_threshold else 0,
    )
    return Decision(
        verdict=verdict,
        hold_until=hold_until,
        period=where,
        reasons=wording.reasons(context),
        suggestion=wording.suggestion(context),
        crisis_help=prediction.safety.self_harm,
    )


def _effective_label(prediction: Prediction) -> str:
    """The row of the table to use: the label, raised by a safety signal if it is milder."""
    if prediction.safety.violence:
        return "harassing"
    if prediction.safety.self_harm and prediction.label != "harassing":
        return "pleading"
    return prediction.label


def _verdict(
    treat_as: str, inside: bool, where: PeriodToday | None, fresh_end: date
) -> tuple[Verdict, date | None]:
    if treat_as == "harassing":
        return Verdict.HOLD, None
    if treat_as == "pleading":
        return Verdict.HOLD, where.period.end if inside and where else fresh_end
    if treat_as == "reaching_out" and inside and where:
        return Verdict.HOLD, where.period.end
    return Verdict.SEND, None
