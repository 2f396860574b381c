"""The built-in in-process model: TF-IDF features and logistic regression.

It needs no service and learns on this machine from a project's own
annotations: the texts of a ``Text`` object and the choice of the
``Choices`` control over it. Its scores are calibrated probabilities:
logistic regression is fitted on log loss, and once every class has three
examples a sigmoid calibration on three folds is fitted on top of it.
scikit-learn is imported when a classifier is first trained or used.
"""

from __future__ import annotations

import io
import pickle
from collections import Counter
from typing import Any

from labelcore_ml_backends.contract import BackendError, ModelSetup

CALIBRATION_FOLDS = 3
KEPT_LABEL_SCORES = 10
MAX_FEATURES = 200_000


class TextClassifier:
    """One project's classifier; ``setup.state`` is the fitted pipeline."""

    def __init__(self, setup: ModelSetup):
        self.config = setup
        self.control, self.target = _choices_over_text(setup.parsed_config)
        self.labels = list(self.control.labels)
        self._pipeline = None

    def setup(self) -> str:
        return self.config.model_version if self.config.state else ""

    # -- learning ---------------------------------------------------------------

    def fit(self, tasks: list[dict]) -> dict[str, Any]:
        texts, labels = self._examples(tasks)
        counts = Counter(labels)
        if len(counts) < 2:
            raise BackendError(
                f"The text classifier needs annotated tasks with at least two "
                f"different choices of {self.control.name!r} to learn from; it "
                f"has {len(texts)} with {len(counts)}. Annotate more tasks first."
            )

        calibrated = min(counts.values()) >= CALIBRATION_FOLDS
        pipeline = _pipeline(calibrated)
        pipeline.fit(texts, labels)

        buffer = io.BytesIO()
        pickle.dump(pipeline, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        return {
            "model_version": None,
            "state": buffer.getvalue(),
            "metrics": {
                "examples": len(texts),
                "classes": len(counts),
                "calibrated": calibrated,
                "per_class": dict(counts.most_common()),
            },
        }

    def _examples(self, tasks: list[dict]) -> tuple[list[str], list[str]]:
        allowed = set(self.control.allowed_values)
        texts, labels = [], []
        for task in tasks:
            text = self._text_of(task)
            label = _choice_of(task.get("annotations") or [], self.control.name)
            if text is None or label is None or label not in allowed:
                continue
            texts.append(text)
            labels.append(label)
        return texts, labels

    def _text_of(self, task: dict) -> str | None:
        value = self.target.data_key.resolve(task.get("data") or {})
        # A missing key resolves to a marker that is no string either.
        return value if isinstance(value, str) else None

    # -- predicting ---------------------------------------------------------------

    def predict(self, tasks: list[dict], context: Any = None) -> list[dict]:
        pipeline = self._fitted()
        texts = [self._text_of(task) for task in tasks]
        known = [index for index, text in enumerate(texts) if text is not None]
        answers = [
            {"result": [], "score": None, "model_version": self.config.model_version}
            for _ in tasks
        ]
        if not known:
            return answers

        probabilities = pipeline.predict_proba([texts[index] for index in known])
        classes = [str(name) for name in pipeline.classes_]
        for row, index in zip(probabilities, known, strict=True):
            ranked = sorted(zip(classes, row, strict=True), key=lambda pair: -pair[1])
            label, score = ranked[0]
            answers[index] = {
                "result": [
                    {
                        "from_name": self.control.name,
                        "to_name": self.target.name,
                        "type": "choices",
                        "value": {"choices": [label]},
                        "score": round(float(score), 6),
                        "scores": {
                            name: round(float(value), 6)
                            for name, value in ranked[:KEPT_LABEL_SCORES]
                        },
                    }
                ],
                "score": round(float(score), 6),
                "model_version": self.config.model_version,
            }
        return answers

    def _fitted(self):
        if self._pipeline is None:
            if not self.config.state:
                raise BackendError(
                    "The text classifier has not been trained yet: annotate some "
                    "tasks, then start a training (POST /api/ml/<id>/train)."
                )
            # Only state this server signed gets here (records.verified_state).
            self._pipeline = pickle.loads(self.config.state)
        return self._pipeline

    def versions(self) -> list[str]:
        return [self.config.model_version] if self.config.model_version else []


def _pipeline(calibrated: bool):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    classifier = LogisticRegression(C=8.0, max_iter=2000)
    if calibrated:
        classifier = CalibratedClassifierCV(
            classifier, method="sigmoid", cv=CALIBRATION_FOLDS
        )
    features = TfidfVectorizer(
        sublinear_tf=True,
        ngram_range=(1, 2),
        strip_accents="unicode",
        max_features=MAX_FEATURES,
    )
    return make_pipeline(features, classifier)


def _choice_of(annotations: list[dict], control_name: str) -> str | None:
    """The choice one annotation of the task made; ground truth wins."""
    ordered = sorted(annotations, key=lambda item: not item.get("ground_truth"))
    for annotation in ordered:
        if annotation.get("was_cancelled"):
            continue
        for item in annotation.get("result") or []:
            if item.get("from_name") != control_name:
                continue
            choices = (item.get("value") or {}).get("choices") or []
            if len(choices) == 1 and isinstance(choices[0], str):
                return choices[0]
    return None


def _choices_over_text(parsed) -> tuple[Any, Any]:
    for control in parsed.controls.values():
        if control.tag_type.result_type != "choices" or not control.labels:
            continue
        for target_name in control.to_name:
            target = parsed.objects.get(target_name)
            if target is not None and target.data_key is not None:
                return control, target
    raise BackendError(
        "The text classifier needs a Choices tag with fixed choices over a Text "
        "tag (or another tag that shows a text from the task data); this "
        "project's label config has none. Add one, or use another backend."
    )
