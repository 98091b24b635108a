"""What the model says about one draft: plain, immutable values that know nothing of HTTP."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from model.labels import Label


@dataclass(frozen=True, slots=True)
class Span:
    """A phrase of the draft, ``text == draft[start:end]``, and how strongly it drove ``label``."""

    start: int
    end: int
    text: str
    weight: float
    label: Label


@dataclass(frozen=True, slots=True)
class SafetySignal:
    """An explicit statement of self-harm or of a threat of violence, found at ``start:end``."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Safety:
    """Safety signals raised beside the label. ``self_harm`` should lead to crisis help."""

    self_harm: bool
    violence: bool
    signals: tuple[SafetySignal, ...] = ()

    @property
    def any(self) -> bool:
        return self.self_harm or self.violence


@dataclass(frozen=True, slots=True)
class SentenceScore:
    """A sentence of a multi-sentence draft and its own label probabilities."""

    start: int
    end: int
    label: Label
    probabilities: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class Prediction:
    """The label of a draft with calibrated probabilities for all four labels and the reasons.

    ``probabilities`` are those of the whole draft, raised where a single sentence is more
    severe than the whole (see ``model.combine``); ``decided_by`` is that sentence, if any.
    """

    label: Label
    probabilities: Mapping[str, float]
    flagged: bool
    spans: tuple[Span, ...]
    safety: Safety
    model_version: str
    sentences: tuple[SentenceScore, ...] = field(default=())
    decided_by: SentenceScore | None = None
