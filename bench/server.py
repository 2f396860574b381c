"""A real ``labelcore serve`` process for the benchmarks, stopped by its pid."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from bench.data import REPO

ADMIN_EMAIL = "bench@example.com"
BUILT_IN_PLUGINS = "formats,samplers,templates,workflows"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class BenchServer:
    url: str
    token: str
    process: subprocess.Popen
    data_dir: Path
    session: requests.Session
    database_url: str = ""

    @property
    def pid(self) -> int:
        return self.process.pid

    def api(self, path: str) -> str:
        return f"{self.url}/api/{path.lstrip('/')}"

    def stop(self) -> None:
        self.session.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(
    data_dir: Path, threads: int = 8, database_url: str = ""
) -> BenchServer:
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(20)
    port = free_port()
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LABELCORE_")
    }
    environment.update(
        LABELCORE_DATA_DIR=str(data_dir),
        LABELCORE_ADMIN_EMAIL=ADMIN_EMAIL,
        LABELCORE_ADMIN_PASSWORD=secrets.token_urlsafe(16),
        LABELCORE_ADMIN_TOKEN=token,
        LABELCORE_LOG_LEVEL="WARNING",
        LABELCORE_DATABASE_URL=database_url,
        # A million short tasks with predictions is about 250 MB of JSON.
        LABELCORE_MAX_UPLOAD_BYTES=str(2 << 30),
        # The built-in plugins only, whatever else the environment has.
        LABELCORE_PLUGINS=BUILT_IN_PLUGINS,
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
        ),
    )
    log = (data_dir / "server.log").open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "labelcore.cli",
            "serve",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--threads",
            str(threads),
        ],
        env=environment,
        cwd=data_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    server = BenchServer(
        f"http://127.0.0.1:{port}", token, process, data_dir, session, database_url
    )

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"`labelcore serve` exited with {process.returncode}; see "
                f"{data_dir / 'server.log'}."
            )
        try:
            if session.get(f"{server.url}/health", timeout=2).ok:
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    server.stop()
    raise SystemExit(f"`labelcore serve` did not start; see {data_dir / 'server.log'}.")
