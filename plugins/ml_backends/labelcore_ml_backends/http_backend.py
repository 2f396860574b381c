"""A model behind Label Studio's ML backend protocol, over HTTP.

``GET /health``, ``POST /setup`` (the answer names the model version),
``POST /predict`` with a batch of tasks and the label config (one result per
task, in order), ``POST /webhook`` for training events, ``GET /versions``.
Every call goes through the server's guarded session, with a timeout per
call kind and without following redirects. What a backend answers on an
error is logged at debug level for the administrator and never shown to
the user: it often holds a traceback or the backend's settings.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from labelcore import OutboundRefused
from labelcore_ml_backends.contract import BackendError, ModelSetup

log = logging.getLogger(__name__)

LOGGED_BODY_CHARACTERS = 500


class HttpBackend:
    """Speaks to one backend URL for one project."""

    def __init__(self, setup: ModelSetup):
        self.config = setup
        self.name = setup.title or setup.url

    # -- the calls of the protocol ---------------------------------------------

    def health(self) -> dict[str, Any]:
        answer = self._call("GET", "health", "health")
        if not isinstance(answer, dict) or answer.get("status") not in (None, "UP"):
            raise BackendError(
                f"The ML backend {self.name!r} is not healthy: /health should "
                f'answer {{"status": "UP"}}. Check the backend\'s own log.'
            )
        return answer

    def setup(self) -> str:
        self.health()
        answer = self._call(
            "POST",
            "setup",
            "setup",
            {
                "project": self.config.project_key,
                "schema": self.config.label_config,
                "hostname": "",
                "access_token": "",
                "model_version": self.config.model_version or None,
                "extra_params": self.config.extra_params or {},
            },
        )
        version = answer.get("model_version") if isinstance(answer, dict) else None
        if version is None:
            return ""
        return str(version)

    def predict(self, tasks: list[dict], context: Any = None) -> list[dict]:
        answer = self._call(
            "POST",
            "predict",
            "predict",
            {
                "tasks": tasks,
                "model_version": self.config.model_version or None,
                "project": self.config.project_key,
                "label_config": self.config.label_config,
                "params": {"login": None, "password": None, "context": context},
            },
        )
        results = answer.get("results") if isinstance(answer, dict) else answer
        if not isinstance(results, list):
            raise BackendError(
                f"The ML backend {self.name!r} answered /predict without a "
                f'"results" list; it must answer {{"results": [...]}} with one '
                f"prediction per task."
            )
        if len(results) != len(tasks):
            raise BackendError(
                f"The ML backend {self.name!r} answered {len(results)} "
                f"predictions for {len(tasks)} tasks; it must answer one per "
                f"task, in the order it got them."
            )
        default_version = (
            answer.get("model_version") if isinstance(answer, dict) else None
        )
        return [_prediction(item, default_version) for item in results]

    def fit(self, tasks: list[dict]) -> dict[str, Any]:
        self._call(
            "POST",
            "webhook",
            "train",
            {
                "action": "START_TRAINING",
                "project": {
                    "id": self.config.project_id,
                    "label_config": self.config.label_config,
                },
                "annotation_count": sum(len(task["annotations"]) for task in tasks),
            },
        )
        # Training runs on the backend's side; its /setup tells the version
        # it serves now, which may still be the old one.
        return {"model_version": self.setup() or None, "state": None, "metrics": {}}

    def versions(self) -> list[str]:
        try:
            answer = self._call("GET", "versions", "versions")
        except BackendError:
            return []
        found = answer.get("versions") if isinstance(answer, dict) else None
        return [str(version) for version in found] if isinstance(found, list) else []

    # -- one guarded call ---------------------------------------------------------

    def _call(self, method: str, path: str, kind: str, body: Any = None) -> Any:
        import requests

        url = urljoin(self.config.url.rstrip("/") + "/", path)
        timeout = self.config.timeouts.get(kind, 30.0)
        try:
            response = self.config.session.request(
                method,
                url,
                json=body,
                auth=self.config.auth,
                timeout=timeout,
                allow_redirects=False,
            )
        except OutboundRefused as error:
            raise BackendError(str(error)) from None
        except requests.Timeout:
            raise BackendError(
                f"The ML backend {self.name!r} did not answer /{path} within "
                f"{timeout:g} seconds. Make it faster, send fewer tasks at once, "
                f"or raise the backend's timeout (LABELCORE_ML_TIMEOUT_"
                f"{kind.upper()}, or its 'timeout' field for predictions)."
            ) from None
        except requests.RequestException as error:
            refused = _refusal_in(error)
            if refused is not None:
                raise BackendError(str(refused)) from None
            raise BackendError(
                f"Cannot reach the ML backend {self.name!r} at {self.config.url}: "
                f"{type(error).__name__}. Check that it runs and that the URL is "
                f"right."
            ) from None
        return self._answer(response, path)

    def _answer(self, response, path: str) -> Any:
        if response.status_code in (401, 403):
            raise BackendError(
                f"The ML backend {self.name!r} refused the credentials "
                f"(HTTP {response.status_code} on /{path}); check basic_auth_user "
                f"and basic_auth_pass."
            )
        if 300 <= response.status_code < 400:
            raise BackendError(
                f"The ML backend {self.name!r} answered /{path} with a redirect; "
                f"give the URL it redirects to as the backend's url."
            )
        if response.status_code >= 400:
            log.debug(
                "ML backend %s answered /%s with %s: %s",
                self.name,
                path,
                response.status_code,
                response.text[:LOGGED_BODY_CHARACTERS],
            )
            raise BackendError(
                f"The ML backend {self.name!r} failed on /{path} with HTTP "
                f"{response.status_code}. Its answer is not shown here, as it may "
                f"hold the backend's internals; look at the backend's own log."
            )
        try:
            return response.json()
        except ValueError:
            raise BackendError(
                f"The ML backend {self.name!r} answered /{path} with something "
                f"that is not JSON; it must answer JSON."
            ) from None


def _prediction(item: Any, default_version: Any) -> dict[str, Any]:
    """One answer item: Label Studio backends send ``{"result", "score",
    "model_version"}``; older ones send the result list alone."""
    if isinstance(item, list):
        return {"result": item, "score": None, "model_version": default_version}
    if not isinstance(item, dict):
        return {"result": item, "score": None, "model_version": default_version}
    return {
        "result": item.get("result", []),
        "score": item.get("score"),
        "model_version": item.get("model_version") or default_version,
    }


def _refusal_in(error: Exception) -> OutboundRefused | None:
    """The guard's refusal, wherever requests and urllib3 wrapped it."""
    seen = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen or current is None:
            continue
        seen.add(id(current))
        if isinstance(current, OutboundRefused):
            return current
        pending.extend(getattr(current, "args", ()))
        pending.append(getattr(current, "reason", None))
        pending.append(
            current.__cause__ if isinstance(current, BaseException) else None
        )
        pending.append(
            current.__context__ if isinstance(current, BaseException) else None
        )
    return None
