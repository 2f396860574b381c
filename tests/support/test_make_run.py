"""``make run``'s last step, scripts/run_server.py, on a fresh data dir."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.ports import free_port

REPO = Path(__file__).resolve().parents[2]
BANNER_END = "Press Ctrl+C to stop."


def run_until_banner(data_dir: Path, port: int, log_path: Path):
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            [
                *(sys.executable, str(REPO / "scripts" / "run_server.py")),
                *("--data-dir", str(data_dir), "--port", str(port)),
            ],
            cwd=REPO,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            text=True,
        )
    deadline = time.monotonic() + 120
    while BANNER_END not in log_path.read_text():
        assert process.poll() is None, f"run_server.py exited:\n{log_path.read_text()}"
        assert time.monotonic() < deadline, f"No banner:\n{log_path.read_text()}"
        time.sleep(0.2)
    return process, log_path.read_text()


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=30)


@pytest.mark.slow
def test_first_run_prints_the_credentials_once_and_keeps_them_private(tmp_path):
    data_dir = tmp_path / "data"
    port = free_port()

    process, output = run_until_banner(data_dir, port, tmp_path / "first.log")
    try:
        credentials_path = data_dir / "admin-credentials.json"
        credentials = json.loads(credentials_path.read_text())
        assert credentials_path.stat().st_mode & 0o777 == 0o600
        assert f"http://127.0.0.1:{port}/" in output
        assert credentials["email"] in output
        assert credentials["password"] in output
        assert credentials["token"] in output

        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/projects/",
            headers={"Authorization": f"Token {credentials['token']}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            projects = json.loads(response.read())
        assert projects["count"] >= 1, "make run should load the demo projects"
    finally:
        assert stop(process) == 0

    process, output = run_until_banner(data_dir, port, tmp_path / "second.log")
    try:
        assert credentials["token"] in output
        assert credentials["password"] not in output
        assert str(credentials_path) in output
    finally:
        assert stop(process) == 0
