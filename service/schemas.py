"""The JSON contract of /v1: request and response bodies, with examples for OpenAPI.

Field names here are what other apps code against; change them only with a new API version.
Requests forbid unknown fields so a typo ("no_contat") is an error, not silently ignored.
Offsets in ``highlights`` count Unicode code points of ``text`` (Python string indices).
"""

import re
from datetime import date
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from model.labels import Label

MAX_BATCH_ITEMS: Final = 100
EARLIEST_START: Final = date(1970, 1, 1)
LATEST_START: Final = date(2200, 12, 31)
ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")

_CHECK_EXAMPLE: Final[dict[str, Any]] = {
    "text": "I'll change, I swear, just give me one more chance",
    "no_contact": {"start": "2026-11-20", "days": 30},
    "timezone": "Europe/London",
}


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoContactIn(_Request):
    """A no-contact period: it starts on ``start`` and lasts ``days`` days."""

    start: date = Field(description="First day of no contact, YYYY-MM-DD.", examples=["2026-11-20"])
    days: Annotated[StrictInt, Field(ge=1, le=365)] | None = Field(
        default=None, description="Length in days, 1-365; default 30 (UNSENT_DEFAULT_NO_CONTACT_DAYS)."
    )

    @field_validator("start", mode="before")
    @classmethod
    def _written_as_a_date(cls, value: object) -> object:
        # Pydantic alone would also take a timestamp or a full date-time.
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            raise ValueError("must be written YYYY-MM-DD")
        return value

    @field_validator("start")
    @classmethod
    def _plausible_start(cls, value: date) -> date:
        if not EARLIEST_START <= value <= LATEST_START:
            raise ValueError(f"must be between {EARLIEST_START} and {LATEST_START}")
        return value


class CheckRequest(_Request):
    """One draft to check."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CHECK_EXAMPLE]})

    text: StrictStr = Field(description="The draft, as typed. Not stored, not logged.")
    no_contact: NoContactIn | None = Field(default=None, description="The writer's no-contact period, if any.")
    timezone: StrictStr | None = Field(
        default=None, description="IANA time zone of the writer, e.g. 'America/New_York'; decides 'today'."
    )


class BatchItem(_Request):
    text: StrictStr = Field(description="One draft.")


class BatchRequest(_Request):
    """Up to 100 drafts sharing one no-contact period and time zone."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [{"text": "ok see u at 7"}, {"text": "Answer me. I know you read it."}],
        "no_contact": {"start": "2026-11-20", "days": 30},
        "timezone": "America/New_York",
    }]})

    items: list[BatchItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)
    no_contact: NoContactIn | None = None
    timezone: StrictStr | None = None


class Probabilities(BaseModel):
    """Calibrated probabilities of the four labels; they sum to 1."""

    practical: float
    reaching_out: float
    pleading: float
    harassing: float


class NoContactOut(BaseModel):
    start: date
    end: date = Field(description="start + days: the first day contact is fine again.")
    days: int
    status: Literal["upcoming", "active", "ended"]
    day: int | None = Field(description="Which day of the period today is (1 on the start day); null outside it.")
    days_left: int = Field(description="Days from today until end; 0 once it has ended.")


class Highlight(BaseModel):
    start: int = Field(description="Offset of the first character, in code points.")
    end: int = Field(description="Offset after the last character: text[start:end].")
    label: Label
    weight: float = Field(description="How strongly this phrase drove the label.")


class SafetyOut(BaseModel):
    self_harm: bool
    violence: bool
    resources: list[str] = Field(description="Crisis help, in words; empty unless self_harm is true.")


_ANSWER_EXAMPLE: Final[dict[str, Any]] = {
    "label": "pleading",
    "probabilities": {"practical": 0.0, "reaching_out": 0.0001, "pleading": 0.9998, "harassing": 0.0001},
    "flagged": True,
    "verdict": "hold",
    "hold_until": "2026-12-20",
    "no_contact": {"start": "2026-11-20", "end": "2026-12-20", "days": 30, "status": "active", "day": 9,
                   "days_left": 22},
    "reasons": ["It reads as pleading (99% sure): it begs, bargains or pushes for a reply.",
                "The words that carry it: “just give me one more chance”.",
                "Today is day 9 of 30 of your no-contact period; it ends on Sunday 20 December."],
    "suggestion": "Save it in your notes and read it again on Sunday 20 December.",
    "highlights": [{"start": 22, "end": 50, "label": "pleading", "weight": 4.1235}],
    "safety": {"self_harm": False, "violence": False, "resources": []},
    "model_version": "unsent-9b6f87be1e-s42",
}


class CheckResponse(BaseModel):
    """The answer to one draft: what it reads as, what to do, and why."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ANSWER_EXAMPLE]})

    label: Label
    probabilities: Probabilities
    flagged: bool = Field(description="True for pleading or harassing.")
    verdict: Literal["send", "hold"]
    hold_until: date | None = Field(description="Hold until this date; null to send now or never send as is.")
    no_contact: NoContactOut | None
    reasons: list[str]
    suggestion: str
    highlights: list[Highlight]
    safety: SafetyOut
    model_version: str


class BatchResponse(BaseModel):
    results: list[CheckResponse] = Field(description="One answer per item, in the order sent.")


class ModelCard(BaseModel):
    model_version: str
    labels: list[Label]
    created: str = Field(description="When the artifact was trained (ISO 8601).")
    metrics: dict[str, float] = Field(description="Headline metrics from training (held-out test split, CV).")
    n_train: int | None = None
    n_test: int | None = None
    training_data_sha256: str | None = None


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. 'invalid_field'.")
    message: str = Field(description="What is wrong and how to fix it. Never quotes the draft.")
    field: str | None = Field(description="The request field at fault, dotted (e.g. 'no_contact.start'), if any.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: str
    model_version: str | None = None


class ProfileBody(_Request):
    """The writer's standing no-contact period, used by checks and holds that give none."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"no_contact": {"start": "2026-11-20", "days": 30}, "timezone": "Europe/London"}]})

    no_contact: NoContactIn | None = None
    timezone: StrictStr | None = None


class ProfileOut(BaseModel):
    no_contact: NoContactOut | None
    timezone: str | None


class HoldRequest(_Request):
    """A draft to put away; ``hold_until`` defaults to the end of the no-contact period."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "I miss you so much", "hold_until": None}]})

    text: StrictStr
    hold_until: date | None = Field(default=None, description="YYYY-MM-DD, after today; default: the period's end.")

    @field_validator("hold_until", mode="before")
    @classmethod
    def _written_as_a_date(cls, value: object) -> object:
        if value is not None and (not isinstance(value, str) or not ISO_DATE.fullmatch(value)):
            raise ValueError("must be written YYYY-MM-DD")
        return value


class HoldSummary(BaseModel):
    id: str
    hold_until: date
    created_at: str = Field(description="When it was held (ISO 8601, UTC).")
    status: Literal["pending", "released"]
    days_left: int = Field(description="Days until hold_until; 0 once released.")


class HoldList(BaseModel):
    holds: list[HoldSummary]


class HoldDetail(HoldSummary):
    text: str
    written_days_ago: int
    prompt: str | None = Field(description="Once released: 'You wrote this 23 days ago. Still want to send it?'")
    second_look: CheckResponse | None = Field(description="Once released: the draft checked again with today's model.")


class FeedbackRequest(_Request):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"text": "can you feed the cat tonight, I'm stuck at work", "label": "practical", "predicted": "pleading"}]})

    text: StrictStr
    label: Label = Field(description="The label the draft should have had.")
    predicted: Label | None = Field(default=None, description="The label Unsent gave it, if known.")


class FeedbackOut(BaseModel):
    id: str
    created_at: str
