"""The backend types this plugin registers."""

from __future__ import annotations

from labelcore import MLBackendType
from labelcore_ml_backends.http_backend import HttpBackend
from labelcore_ml_backends.text_classifier import TextClassifier

HTTP_TYPE = "http"

BACKEND_TYPES = (
    MLBackendType(
        name=HTTP_TYPE,
        title="Label Studio ML backend",
        backend=HttpBackend,
        description="Any model served with Label Studio's ML backend protocol "
        "(/health, /setup, /predict, /webhook) at a URL.",
        needs_url=True,
        trainable=True,
    ),
    MLBackendType(
        name="text_classifier",
        title="Text classifier (TF-IDF, logistic regression)",
        backend=TextClassifier,
        description="Learns a Choices tag over a Text tag from the project's "
        "annotations, on this server; calibrated scores.",
        trainable=True,
    ),
)
