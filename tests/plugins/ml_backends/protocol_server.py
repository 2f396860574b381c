"""A small model server on 127.0.0.1 that speaks Label Studio's ML backend protocol.

``GET /health``, ``POST /setup``, ``POST /predict``, ``POST /webhook`` and
``GET /versions``, answered the way the label-studio-ml package answers
them. What it does wrong is chosen per test (``predict_mode``): answer too
few results, take too long, fail with a body full of internals, predict a
label the config does not have, or redirect elsewhere. It remembers every
request it got.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECRET_IN_ERROR = "Traceback: settings DATABASE_PASSWORD=hunter2-internal"


class ProtocolBackend:
    def __init__(self, labels: list[str]):
        self.labels = labels
        self.version = "model-1"
        self.predict_mode = "ok"
        self.delay = 0.0
        self.credentials: tuple[str, str] | None = None
        self.requests: list[tuple[str, str, Any]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> ProtocolBackend:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def calls(self, path: str) -> list[Any]:
        with self.lock:
            return [body for _, seen, body in self.requests if seen == path]

    # -- answers --------------------------------------------------------------

    def label_for(self, task: dict) -> str:
        section = (task.get("data") or {}).get("section")
        return section if section in self.labels else self.labels[0]

    def prediction(self, task: dict) -> dict:
        label = self.label_for(task)
        if self.predict_mode == "bad_label":
            label = "no-such-section"
        return {
            "result": [
                {
                    "from_name": "section",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": [label]},
                }
            ],
            "score": 0.25 + (task["id"] % 7) / 10,
            "model_version": self.version,
        }

    def answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if method == "GET" and path == "/health":
            return 200, {"status": "UP", "model_class": "SectionGuesser"}
        if method == "GET" and path == "/versions":
            return 200, {"versions": ["model-1", self.version]}
        if method == "POST" and path == "/setup":
            return 200, {"model_version": self.version}
        if method == "POST" and path == "/webhook":
            if body.get("action") == "START_TRAINING":
                number = int(self.version.rsplit("-", 1)[1]) + 1
                self.version = f"model-{number}"
            return 201, {"job": "trained"}
        if method == "POST" and path == "/predict":
            return self.predict(body)
        return 404, {"error": f"no {method} {path}"}

    def predict(self, body: dict) -> tuple[int, Any]:
        if self.predict_mode == "slow":
            time.sleep(self.delay)
        if self.predict_mode == "error":
            return 500, {"error": SECRET_IN_ERROR}
        if self.predict_mode == "redirect":
            return 302, {"location": "http://127.0.0.1:1/predict"}
        results = [self.prediction(task) for task in body["tasks"]]
        if self.predict_mode == "wrong_length":
            results = results[:-1]
        return 200, {"results": results, "model_version": self.version}

    def authorised(self, header: str | None) -> bool:
        if self.credentials is None:
            return True
        expected = base64.b64encode(":".join(self.credentials).encode()).decode()
        return header == f"Basic {expected}"

    def _handler(self):
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *arguments):
                pass

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else {}
                path = self.path.split("?", 1)[0]
                with backend.lock:
                    backend.requests.append((method, path, body))
                if not backend.authorised(self.headers.get("Authorization")):
                    status, answer = 401, {"error": "who are you?"}
                else:
                    status, answer = backend.answer(method, path, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", answer["location"])
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

        return Handler
