"""A webhook receiver on 127.0.0.1, and apps that may reach it."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from labelcore.settings import Settings
from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN


class Receiver:
    """Records every POST; answers each with the next of ``statuses``
    (the last one repeats), or redirects when given a ``redirect_to``."""

    def __init__(self):
        self.received: list[dict] = []
        self.statuses = [200]
        self.redirect_to: str | None = None
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.received.append(
                        {
                            "path": self.path,
                            "headers": dict(self.headers),
                            "raw": body,
                            "json": json.loads(body or b"null"),
                        }
                    )
                    status = receiver.statuses[
                        min(len(receiver.received) - 1, len(receiver.statuses) - 1)
                    ]
                if receiver.redirect_to:
                    self.send_response(307)
                    self.send_header("Location", receiver.redirect_to)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"receiver says no")

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, timeout: float = 20.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.05)
        raise AssertionError(
            f"The receiver got {len(self.received)} of {count} deliveries "
            f"within {timeout} s: {[item['json'] for item in self.received]}"
        )

    def actions(self) -> list[str]:
        with self.lock:
            return [item["json"]["action"] for item in self.received]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


@pytest.fixture
def webhook_app(data_dir, database_url):
    """An app with every installed plugin that may reach 127.0.0.1."""
    from labelcore.app import create_app

    made = []

    def factory(**overrides):
        values = {
            "data_dir": str(data_dir),
            "database_url": database_url,
            "admin_email": ADMIN_EMAIL,
            "admin_password": ADMIN_PASSWORD,
            "admin_token": ADMIN_TOKEN,
            "secret_key": "labelcore-test-secret-key",
            "job_workers": 2,
            "outbound_allow": ("127.0.0.1",),
            "webhook_attempts": 3,
            "webhook_retry_seconds": 0.05,
            "webhook_timeout_seconds": 5.0,
            **overrides,
        }
        app = create_app(Settings(**values))
        app.config["TESTING"] = True
        made.append(app)
        return app

    yield factory
    for app in made:
        _stop(app)


def _stop(app) -> None:
    from labelcore.models import db

    app.extensions["labelcore"].job_runner.shutdown()
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def admin(webhook_app):
    app = webhook_app()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    client.application_under_test = app
    return client
