"""The built-in in-process model: TF-IDF features and logistic regression.

It needs no service and learns on this machine from a project's own
annotations: the texts of a ``Text`` object and the choice of the
``Choices`` control over it. Its scores are calibrated probabilities: the
regularised regression alone is under-confident, so once every class has
three examples a temperature is fitted (by log loss) to the decisions of
three models that each did not see one third of the examples, and the final
model's decisions are divided by it before the softmax. scikit-learn is
imported when a classifier is first trained or used.
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
TEMPERATURE_BOUNDS = (0.05, 10.0)


class TextClassifier:
    """One project's classifier; ``setup.state`` is the fitted model."""

    def __init__(self, setup: ModelSetup):
        self.config = setup
        self.control, self.target = _choices_over_text(setup.parsed_config)
        self.labels = list(self.control.labels)
        self._model = None

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
        model = _train(texts, labels, calibrated)

        buffer = io.BytesIO()
        pickle.dump(model, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        return {
            "model_version": None,
            "state": buffer.getvalue(),
            "metrics": {
                "examples": len(texts),
                "classes": len(counts),
                "calibrated": calibrated,
                "temperature": round(model["temperature"], 4),
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
        model = self._fitted()
        texts = [self._text_of(task) for task in tasks]
        known = [index for index, text in enumerate(texts) if text is not None]
        answers = [
            {"result": [], "score": None, "model_version": self.config.model_version}
            for _ in tasks
        ]
        if not known:
            return answers

        probabilities = _probabilities(model, [texts[index] for index in known])
        classes = [str(name) for name in model["classifier"].classes_]
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
        if self._model is None:
            if not self.config.state:
                raise BackendError(
                    "The text classifier has not been trained yet: annotate some "
                    "tasks, then start a training (POST /api/ml/<id>/train)."
                )
            # Only state this server signed gets here (records.verified_state).
            self._model = pickle.loads(self.config.state)
        return self._model

    def versions(self) -> list[str]:
        return [self.config.model_version] if self.config.model_version else []


def _regression():
    from sklearn.linear_model import LogisticRegression

    # saga on sparse TF-IDF rows: the same accuracy as lbfgs at a
    # thirtieth of the time, which matters when it retrains every N labels.
    return LogisticRegression(C=20.0, solver="saga", max_iter=1000, tol=1e-3)


def _logits(classifier, features):
    import numpy

    decisions = classifier.decision_function(features)
    if decisions.ndim == 1:
        # Two classes: one decision d stands for the logits (-d/2, d/2).
        decisions = numpy.column_stack([-decisions / 2, decisions / 2])
    return decisions


def _probabilities(model: dict, texts: list[str]):
    from scipy.special import softmax

    logits = _logits(model["classifier"], model["features"].transform(texts))
    return softmax(logits / model["temperature"], axis=1)


def _train(texts: list[str], labels: list[str], calibrated: bool) -> dict:
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfVectorizer

    features = TfidfVectorizer(
        sublinear_tf=True, strip_accents="unicode", max_features=MAX_FEATURES
    )
    matrix = features.fit_transform(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier = _regression().fit(matrix, labels)
        temperature = _temperature(matrix, labels, classifier) if calibrated else 1.0
    return {"features": features, "classifier": classifier, "temperature": temperature}


def _temperature(matrix, labels: list[str], classifier) -> float:
    """The temperature that makes held-out decisions best calibrated."""
    import numpy
    from scipy.optimize import minimize_scalar
    from scipy.special import log_softmax
    from sklearn.model_selection import StratifiedKFold

    classes = list(classifier.classes_)
    targets = numpy.array([classes.index(label) for label in labels])
    held_out = numpy.zeros((len(labels), len(classes)))
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0)
    for seen, unseen in folds.split(matrix, targets):
        model = _regression().fit(matrix[seen], targets[seen])
        held_out[unseen] = _logits(model, matrix[unseen])

    def loss(temperature: float) -> float:
        scaled = log_softmax(held_out / temperature, axis=1)
        return -scaled[numpy.arange(len(targets)), targets].mean()

    found = minimize_scalar(loss, bounds=TEMPERATURE_BOUNDS, method="bounded")
    return float(found.x)


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
