"""Hand-made predictions, so the policy can be tested without the model."""

from model.labels import FLAGGED, LABELS, Label
from model.prediction import Prediction, Safety, Span


def prediction(
    label: Label,
    *,
    sure: float = 0.9,
    self_harm: bool = False,
    violence: bool = False,
    spans: tuple[Span, ...] = (),
) -> Prediction:
    rest = (1.0 - sure) / (len(LABELS) - 1)
    return Prediction(
        label=label,
        probabilities={name: sure if name == label else rest for name in LABELS},
        flagged=label in FLAGGED,
        spans=spans,
        safety=Safety(self_harm=self_harm, violence=violence),
        model_version="test-model",
    )
