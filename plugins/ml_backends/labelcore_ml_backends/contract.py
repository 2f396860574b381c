"""What a backend is built from: the project's config and the model's state."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

CALL_KINDS = ("health", "setup", "predict", "train", "versions")
DEFAULT_TIMEOUTS = {
    "health": 5.0,
    "setup": 30.0,
    "predict": 100.0,
    "train": 30.0,
    "versions": 10.0,
}
TIMEOUT_SETTING = "LABELCORE_ML_TIMEOUT_{}"


class BackendError(Exception):
    """A backend could not do what was asked.

    The message is shown to people as it is: it names the backend, says what
    went wrong and how to fix it, and never holds the body of a remote
    backend's answer (which may carry its internals).
    """


@dataclass
class ModelSetup:
    """Handed to ``MLBackendType.backend``; see ``labelcore.MLBackendType``."""

    project_id: int
    label_config: str
    parsed_config: Any
    title: str = ""
    model_version: str = ""
    state: bytes | None = None
    extra_params: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    auth: tuple[str, str] | None = None
    timeouts: dict[str, float] = field(default_factory=dict)
    session: Any = None
    project_key: str = ""
    """How Label Studio names the project to a backend: ``<id>.<created>``."""


def default_timeouts(predict_timeout: float | None = None) -> dict[str, float]:
    """Seconds per call kind: ``LABELCORE_ML_TIMEOUT_<KIND>`` when set, else the
    default; a backend's own ``timeout`` field overrides ``predict``."""
    timeouts = {}
    for kind in CALL_KINDS:
        raw = os.environ.get(TIMEOUT_SETTING.format(kind.upper()), "")
        try:
            timeouts[kind] = float(raw) if raw.strip() else DEFAULT_TIMEOUTS[kind]
        except ValueError:
            raise BackendError(
                f"{TIMEOUT_SETTING.format(kind.upper())} must be a number of "
                f"seconds, got {raw!r}; fix or unset it."
            ) from None
    if predict_timeout:
        timeouts["predict"] = float(predict_timeout)
    return timeouts
