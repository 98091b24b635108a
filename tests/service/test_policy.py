"""Every cell of the decision table, and the date edges of a no-contact period."""

from datetime import date, timedelta

import pytest

from model.labels import Label
from model.prediction import Span
from service.errors import PeriodError
from service.policy import NoContactPeriod, PeriodStatus, Verdict, decide, locate
from tests.service.factories import prediction

TODAY = date(2026, 12, 1)
ACTIVE = NoContactPeriod(start=date(2026, 11, 20), days=30)  # ends 2026-12-20
ENDED = NoContactPeriod(start=date(2026, 10, 1), days=30)  # ended 2026-10-31
UPCOMING = NoContactPeriod(start=date(2026, 12, 10), days=14)


def decision(label: Label, period: NoContactPeriod | None, **kwargs: bool):  # type: ignore[no-untyped-def]
    return decide(prediction(label, **kwargs), period=period, today=TODAY, default_days=30)


# --- the table, inside the period ------------------------------------------------------

def test_harassing_inside_is_held_for_good() -> None:
    d = decision("harassing", ACTIVE)
    assert (d.verdict, d.hold_until) == (Verdict.HOLD, None)
    assert "Don't send this at all" in d.suggestion
    assert any("day 12 of 30" in r for r in d.reasons)


def test_pleading_inside_waits_for_the_end() -> None:
    d = decision("pleading", ACTIVE)
    assert (d.verdict, d.hold_until) == (Verdict.HOLD, date(2026, 12, 20))
    assert "Sunday 20 December" in d.suggestion


def test_reaching_out_inside_waits_for_the_end() -> None:
    d = decision("reaching_out", ACTIVE)
    assert (d.verdict, d.hold_until) == (Verdict.HOLD, date(2026, 12, 20))
    assert "Any message breaks no-contact, even a kind one." in d.reasons


def test_practical_inside_is_sent() -> None:
    d = decision("practical", ACTIVE)
    assert (d.verdict, d.hold_until) == (Verdict.SEND, None)
    assert "Practical messages are fine during no-contact." in d.reasons
    assert "short and factual" in d.suggestion


# --- the table, outside the period or with none -----------------------------------------

@pytest.mark.parametrize("period", [None, ENDED])
def test_harassing_outside_is_held_with_a_calm_rewrite(period: NoContactPeriod | None) -> None:
    d = decision("harassing", period)
    assert (d.verdict, d.hold_until) == (Verdict.HOLD, None)
    assert "write it calmly" in d.suggestion


def test_pleading_without_a_period_proposes_one_from_today() -> None:
    d = decision("pleading", None)
    assert (d.verdict, d.hold_until) == (Verdict.HOLD, TODAY + timedelta(days=30))
    assert "Start a no-contact period today" in d.suggestion
    assert "Thursday 31 December" in d.suggestion


def test_pleading_after_a_period_proposes_a_new_one_of_the_same_length() -> None:
    d = decide(prediction("pleading"), period=NoContactPeriod(date(2026, 10, 1), 14), today=TODAY,
               default_days=30)
    assert d.hold_until == TODAY + timedelta(days=14)


@pytest.mark.parametrize("period", [None, ENDED])
@pytest.mark.parametrize("label", ["reaching_out", "practical"])
def test_unflagged_outside_is_sent(label: Label, period: NoContactPeriod | None) -> None:
    d = decision(label, period)
    assert (d.verdict, d.hold_until) == (Verdict.SEND, None)


# --- safety sits above the table ------------------------------------------------------

def test_self_harm_holds_and_leads_with_help_whatever_the_label() -> None:
    d = decision("reaching_out", None, self_harm=True)
    assert d.verdict is Verdict.HOLD and d.crisis_help
    assert "talk to someone now" in d.suggestion
    assert any("don't want to live" in r for r in d.reasons)


def test_violence_is_held_like_harassment_even_if_the_label_is_milder() -> None:
    d = decision("practical", ACTIVE, violence=True)
    assert (d.verdict, d.hold_until) == (Verdict.HOLD, None)
    assert "It reads as a threat to hurt someone." in d.reasons
    assert not d.crisis_help


# --- date edges -----------------------------------------------------------------------

def test_the_period_ending_today_is_over() -> None:
    period = NoContactPeriod(start=TODAY - timedelta(days=30), days=30)
    where = locate(period, TODAY)
    assert (where.status, where.day, where.days_left) == (PeriodStatus.ENDED, None, 0)
    assert decision("reaching_out", period).verdict is Verdict.SEND


def test_the_last_day_of_the_period_is_inside() -> None:
    period = NoContactPeriod(start=TODAY - timedelta(days=29), days=30)
    where = locate(period, TODAY)
    assert (where.status, where.day, where.days_left) == (PeriodStatus.ACTIVE, 30, 1)
    assert decision("reaching_out", period).hold_until == TODAY + timedelta(days=1)


def test_the_start_day_is_day_one() -> None:
    where = locate(NoContactPeriod(start=TODAY, days=7), TODAY)
    assert (where.status, where.day, where.days_left) == (PeriodStatus.ACTIVE, 1, 7)


def test_a_period_that_starts_in_the_future_is_not_yet_inside() -> None:
    where = locate(UPCOMING, TODAY)
    assert (where.status, where.day, where.days_left) == (PeriodStatus.UPCOMING, None, 23)
    assert decision("reaching_out", UPCOMING).verdict is Verdict.SEND
    d = decision("pleading", UPCOMING)
    assert d.hold_until == TODAY + timedelta(days=14)
    assert any("starts on Thursday 10 December" in r for r in d.reasons)


def test_a_period_across_a_leap_day() -> None:
    period = NoContactPeriod(start=date(2028, 2, 28), days=2)
    assert period.end == date(2028, 3, 1)
    assert locate(period, date(2028, 2, 29)).day == 2
    assert locate(NoContactPeriod(date(2027, 2, 28), 1), date(2027, 3, 1)).status is PeriodStatus.ENDED


def test_a_period_ending_next_year_names_the_year() -> None:
    d = decision("pleading", NoContactPeriod(start=date(2026, 11, 25), days=60))
    assert d.hold_until == date(2027, 1, 24)
    assert "Sunday 24 January 2027" in d.suggestion


@pytest.mark.parametrize("days", [0, -1, 366, 10_000])
def test_days_out_of_range_are_refused_with_the_field(days: int) -> None:
    with pytest.raises(PeriodError, match="from 1 to 365") as caught:
        NoContactPeriod(start=TODAY, days=days)
    assert caught.value.field == "no_contact.days"


@pytest.mark.parametrize("days", [1, 365])
def test_days_at_the_bounds_are_accepted(days: int) -> None:
    assert NoContactPeriod(start=TODAY, days=days).end == TODAY + timedelta(days=days)


def test_a_start_near_the_end_of_the_calendar_is_refused_not_overflowed() -> None:
    with pytest.raises(PeriodError, match="too far in the future"):
        NoContactPeriod(start=date(9999, 12, 30), days=30)


# --- wording --------------------------------------------------------------------------

def test_reasons_quote_the_strong_phrases_and_never_claim_certainty() -> None:
    spans = (Span(0, 28, "just give me one more chance", 4.1, "pleading"),
             Span(29, 30, "I", 0.5, "pleading"))
    d = decide(prediction("pleading", sure=0.9999, spans=spans), period=None, today=TODAY, default_days=30)
    assert d.reasons[0].startswith("It reads as pleading (99% sure)")
    assert "“just give me one more chance”" in d.reasons[1]
    assert "“I”" not in d.reasons[1]
