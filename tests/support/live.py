"""Real ``labelcore serve`` and ``labelcore worker`` processes for tests.

The server runs under waitress on a free port with its own data dir and a
clean ``LABELCORE_*`` environment, so that what a test sees is what a user
who starts the command sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN
from tests.support.ports import free_port
from tests.support.services import stop_process

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90


def server_environment(
    data_dir: Path,
    *,
    database_url: str = "",
    redis_url: str = "",
    extra: dict[str, str] | None = None,
    python: str = sys.executable,
) -> dict[str, str]:
    """The environment of a server or worker: ours without any ``LABELCORE_*``
    variable, plus the ones that describe this server."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LABELCORE_")
    }
    environment.update(
        LABELCORE_DATA_DIR=str(data_dir),
        LABELCORE_ADMIN_EMAIL=ADMIN_EMAIL,
        LABELCORE_ADMIN_PASSWORD=ADMIN_PASSWORD,
        LABELCORE_ADMIN_TOKEN=ADMIN_TOKEN,
        LABELCORE_DATABASE_URL=database_url,
        LABELCORE_REDIS_URL=redis_url,
        PYTHONUNBUFFERED="1",
    )

    # The shared virtualenv runs the code of this checkout; a packaging test
    # passes another interpreter and must see only what that one installed.
    if python == sys.executable:
        paths = [str(REPO_ROOT), environment.get("PYTHONPATH", "")]
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    else:
        environment.pop("PYTHONPATH", None)

    environment.update(extra or {})
    return environment


@dataclass
class LiveServer:
    """A running ``labelcore serve``; ``stop()`` ends it by its process id."""

    url: str
    port: int
    data_dir: Path
    database_url: str
    redis_url: str
    environment: dict[str, str]
    process: subprocess.Popen
    log_path: Path
    python: str
    token: str = ADMIN_TOKEN
    admin_email: str = ADMIN_EMAIL
    admin_password: str = ADMIN_PASSWORD
    workers: list[subprocess.Popen] = field(default_factory=list)

    def api(self, path: str) -> str:
        return self.url + "/" + path.lstrip("/")

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get_json(self, path: str, timeout: float = 30):
        request = urllib.request.Request(self.api(path), headers=self.headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())

    def start_worker(self, *extra_arguments: str) -> subprocess.Popen:
        """Start a ``labelcore worker`` beside this server (it needs Redis)."""
        log_path = self.data_dir / f"worker-{len(self.workers) + 1}.log"
        with open(log_path, "ab") as log_file:
            worker = subprocess.Popen(
                [self.python, "-m", "labelcore.cli", "worker", *extra_arguments],
                env=self.environment,
                cwd=self.data_dir,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        self.workers.append(worker)
        return worker

    def stop(self) -> None:
        for worker in self.workers:
            stop_process(worker)
        self.workers.clear()
        stop_process(self.process)


def _wait_until_healthy(server: LiveServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"`labelcore serve` exited with code {server.process.returncode} "
                f"before answering /health. Its output:\n{server.log_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(server.api("health"), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(
        f"`labelcore serve` did not answer /health within {timeout}s. "
        f"Its output:\n{server.log_text()[-4000:]}"
    )


def launch_server(
    data_dir: Path,
    *,
    database_url: str = "",
    redis_url: str = "",
    extra_environment: dict[str, str] | None = None,
    python: str = sys.executable,
    timeout: float = START_TIMEOUT,
) -> LiveServer:
    """Start ``labelcore serve`` on a free port and wait for ``/health``."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    environment = server_environment(
        data_dir,
        database_url=database_url,
        redis_url=redis_url,
        extra=extra_environment,
        python=python,
    )
    port = free_port()
    log_path = data_dir / "server.log"
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            [
                *(python, "-m", "labelcore.cli", "serve"),
                *("--host", "127.0.0.1", "--port", str(port)),
            ],
            env=environment,
            cwd=data_dir,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(
        url=f"http://127.0.0.1:{port}",
        port=port,
        data_dir=data_dir,
        database_url=database_url,
        redis_url=redis_url,
        environment=environment,
        process=process,
        log_path=log_path,
        python=python,
    )
    _wait_until_healthy(server, timeout)
    return server
