"""The scikit-learn pipeline that is trained, and the reference the fast path must equal."""

from typing import Final

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from model.calibration import TemperatureScaledClassifier
from model.features import CharAnalyzer, SignalFeatures, WordAnalyzer

DEFAULT_C: Final = 8.0
MIN_DF: Final = 2


def build_pipeline(*, c: float = DEFAULT_C, temperature: float = 1.0) -> Pipeline:
    """An unfitted pipeline: word and character TF-IDF plus tone signals, then logistic regression.

    Word terms use sublinear TF (repeating "please" five times is not five times the
    evidence); character terms use plain TF so that each token's contribution is additive,
    which is what lets the fast path explain a draft token by token.
    """
    features = FeatureUnion(
        [
            ("word", TfidfVectorizer(analyzer=WordAnalyzer(), token_pattern=None,
                                     lowercase=False, min_df=MIN_DF, sublinear_tf=True)),
            ("char", TfidfVectorizer(analyzer=CharAnalyzer(), token_pattern=None,
                                     lowercase=False, min_df=MIN_DF, sublinear_tf=False)),
            ("signals", SignalFeatures()),
        ]
    )
    classifier = TemperatureScaledClassifier(
        LogisticRegression(C=c, max_iter=3000, tol=1e-6), temperature=temperature
    )
    return Pipeline([("features", features), ("classifier", classifier)])
