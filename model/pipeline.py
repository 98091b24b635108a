"""The scikit-learn pipeline that is trained, and the reference the fast path must equal."""

from typing import Final

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.calibration import TemperatureScaledClassifier
from model.features import CharAnalyzer, SignalFeatures, WordAnalyzer

DEFAULT_C: Final = 4.0
MIN_DF: Final = 2


DEFAULT_WEIGHTS: Final = {"word": 1.0, "char": 5.0, "signals": 1.0}


def build_pipeline(
    *,
    c: float = DEFAULT_C,
    temperature: float = 1.0,
    weights: dict[str, float] | None = None,
    min_df: int = MIN_DF,
    class_weight: str | None = None,
    char_norm: str = "l1",
) -> Pipeline:
    """An unfitted pipeline: word and character TF-IDF plus tone signals, then logistic regression.

    Word terms use sublinear TF (repeating "please" five times is not five times the
    evidence) and L2 norm. Character terms use plain TF and L1 norm: then both the logit and
    the norm are sums over tokens, so the fast path caches each distinct token's share once
    and explains a draft token by token. In 5-fold cross-validation on the training split,
    L1 with block weight 5 scored macro-F1 0.812 against 0.795 for L2 (weights 3-8 within
    0.003 of each other); C = 4 was chosen the same way.
    """
    features = FeatureUnion(
        [
            ("word", TfidfVectorizer(analyzer=WordAnalyzer(), token_pattern=None,
                                     lowercase=False, min_df=min_df, sublinear_tf=True)),
            ("char", TfidfVectorizer(analyzer=CharAnalyzer(), token_pattern=None,
                                     lowercase=False, min_df=min_df, sublinear_tf=False,
                                     norm=char_norm)),
            ("signals", SignalFeatures()),
        ],
        transformer_weights=dict(weights or DEFAULT_WEIGHTS),
    )
    classifier = TemperatureScaledClassifier(
        LogisticRegression(C=c, max_iter=3000, class_weight=class_weight), temperature=temperature
    )
    return Pipeline([("features", features), ("classifier", classifier)])
