"""Temperature scaling: calibrated probabilities from a linear classifier's logits.

One scalar ``T`` divides the logits before the softmax. ``T`` is chosen by the training
code on out-of-fold logits (cross-validation on the training split), so it is a
hyper-parameter here, not something ``fit`` learns on the data it is fitted to. Dividing by
``T`` never changes the arg-max, only how confident the probabilities are.
"""

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted


class TemperatureScaledClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Wraps a classifier with ``decision_function``; ``predict_proba`` is softmax(logits / T)."""

    def __init__(self, estimator: Any, temperature: float = 1.0) -> None:
        self.estimator = estimator
        self.temperature = temperature

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "TemperatureScaledClassifier":
        if not self.temperature > 0:
            raise ValueError(f"temperature must be > 0, got {self.temperature!r}.")
        self.estimator_ = clone(self.estimator).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.estimator_.classes_
        return self

    def decision_function(self, X: Any) -> NDArray[np.float64]:
        check_is_fitted(self, "estimator_")
        logits = np.asarray(self.estimator_.decision_function(X), dtype=np.float64)
        if logits.ndim == 1:  # binary: one logit for classes_[1] against classes_[0]
            logits = np.column_stack([np.zeros_like(logits), logits])
        return logits

    def predict_proba(self, X: Any) -> NDArray[np.float64]:
        return np.asarray(softmax(self.decision_function(X) / self.temperature, axis=1))

    def predict(self, X: Any) -> NDArray[Any]:
        return np.asarray(self.classes_[np.argmax(self.decision_function(X), axis=1)])


def fit_temperature(logits: NDArray[np.float64], y_index: NDArray[np.int64]) -> float:
    """The temperature in [0.05, 20] that minimises the negative log-likelihood of ``y_index``."""

    def nll(temperature: float) -> float:
        log_p = log_softmax(logits / temperature, axis=1)
        return float(-log_p[np.arange(len(y_index)), y_index].mean())

    result = minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded")
    return float(result.x)
