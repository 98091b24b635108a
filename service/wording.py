"""The sentences an answer gives: reasons, one suggestion, and crisis help.

Kept apart from ``service.policy`` so the rules can be read without the prose and the prose
edited without touching the rules. Every sentence is short and plain: the reader may be
upset, tired and on a phone at 2 a.m.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from model.prediction import Prediction
from service.storage.repo import COUNT_CAP

if TYPE_CHECKING:
    from service.policy import PeriodToday

MAX_PHRASES: Final = 3
PHRASE_SHARE: Final = 0.3
MIN_PHRASE_CHARS: Final = 3

LABEL_WORDS: Final = {
    "practical": "practical",
    "reaching_out": "reaching out",
    "pleading": "pleading",
    "harassing": "harassing",
}

LABEL_MEANING: Final = {
    "practical": "logistics in a calm tone",
    "reaching_out": "contact that isn't needed, in a calm tone",
    "pleading": "it begs, bargains or pushes for a reply",
    "harassing": "it pressures, accuses, watches or threatens",
}

CRISIS_RESOURCES: Final = (
    "You don't have to get through this alone. If you might act on these thoughts, call your "
    "local emergency number now.",
    "In the US or Canada, call or text 988 (Suicide and Crisis Lifeline).",
    "In the UK or Ireland, call Samaritans free on 116 123.",
    "Elsewhere, findahelpline.com lists free, confidential lines in your country.",
)


@dataclass(frozen=True, slots=True)
class Context:
    """What the wording needs to know about one decision."""

    prediction: Prediction
    treat_as: str
    period: "PeriodToday | None"
    inside: bool
    hold_until: date | None
    fresh_end: date
    today: date
    drafted_today: int = 0


def day_name(day: date, *, today: date) -> str:
    """'Tuesday 22 December', with the year only when it is not this year."""
    text = f"{day:%A} {day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def sureness(probability: float) -> str:
    """'87% sure'; never 100%, which a model that can be wrong has no business saying."""
    return f"{min(round(probability * 100), 99)}% sure"


def telling_phrases(prediction: Prediction) -> list[str]:
    """The strongest phrases worth quoting: within reach of the top one and not a lone letter."""
    if not prediction.spans:
        return []
    top = max(span.weight for span in prediction.spans)
    strong = [s.text.strip() for s in prediction.spans if s.weight >= PHRASE_SHARE * top > 0]
    return [text for text in strong if len(text) >= MIN_PHRASE_CHARS][:MAX_PHRASES]


def reasons(context: Context) -> tuple[str, ...]:
    """Why the verdict is what it is, most important first."""
    prediction = context.prediction
    label = prediction.label
    found = [f"It reads as {LABEL_WORDS[label]} ({sureness(prediction.probabilities[label])}): "
             f"{LABEL_MEANING[label]}."]
    if prediction.decided_by is not None:
        found.append(f"One sentence reads as {LABEL_WORDS[label]}, even if the rest does not.")
    phrases = telling_phrases(prediction)
    if phrases:
        found.append("The words that carry it: " + ", ".join(f"“{p}”" for p in phrases) + ".")
    if prediction.safety.violence:
        found.append("It reads as a threat to hurt someone.")
    if prediction.safety.self_harm:
        found.append("It says you don't want to live, or want to hurt yourself.")
    if context.drafted_today >= COUNT_CAP:
        found.append(f"You have drafted more than {COUNT_CAP - 1} messages to them in the last 24 hours.")
    elif context.drafted_today:
        found.append(f"This is the {ordinal(context.drafted_today)} message to them you have drafted in the "
                     "last 24 hours.")
    found.extend(_period_reasons(context))
    return tuple(found)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _period_reasons(context: Context) -> list[str]:
    where, today = context.period, context.today
    if where is None:
        return []
    period = where.period
    if context.inside:
        found = [
            f"Today is day {where.day} of {period.days} of your no-contact period; it ends on "
            f"{day_name(period.end, today=today)}."
        ]
        if context.treat_as == "reaching_out":
            found.append("Any message breaks no-contact, even a kind one.")
        if context.treat_as == "practical":
            found.append("Practical messages are fine during no-contact.")
        return found
    if where.status == "upcoming":
        return [f"Your no-contact period starts on {day_name(period.start, today=today)}."]
    return [f"Your no-contact period ended on {day_name(period.end, today=today)}."]


def suggestion(context: Context) -> str:
    """One short, concrete thing to do next."""
    today = context.today
    if context.prediction.safety.self_harm:
        return "Please talk to someone now, a friend or one of the lines below, before you send anything."
    if context.drafted_today:
        return ("That is a lot of messages for one day; put the phone somewhere else for tonight and call a "
                "friend instead.")
    if context.treat_as == "harassing":
        if context.inside and context.period is not None:
            end = day_name(context.period.period.end, today=today)
            return f"Don't send this at all; if something practical must be said, write one calm line after {end}."
        return "Don't send this; if you still need to say something later, write it calmly and keep to facts."
    if context.treat_as == "pleading":
        if context.inside and context.hold_until is not None:
            return f"Save it in your notes and read it again on {day_name(context.hold_until, today=today)}."
        end = day_name(context.fresh_end, today=today)
        return f"Start a no-contact period today and keep this until it ends on {end}; then read it again."
    if context.treat_as == "reaching_out":
        if context.inside and context.hold_until is not None:
            return f"Keep it until {day_name(context.hold_until, today=today)}; sending it now breaks no-contact."
        return "It reads as calm; send it if you are ready for any answer, or none."
    return "Send it, and keep it short and factual."
