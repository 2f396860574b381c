"""``labelcore serve --workers N``: several server processes under gunicorn,
each with its own app, all serving the same database."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.live import LiveServer, _wait_until_healthy, server_environment
from tests.support.ports import free_port
from tests.support.services import stop_process

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="gunicorn runs on Unix only"
)

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="section" toName="text"><Choice value="libs"/></Choices>
</View>"""
RESULT = [
    {
        "from_name": "section",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": ["libs"]},
    }
]


def _serve(tmp_path: Path, workers: int) -> LiveServer:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database_url = f"sqlite:///{tmp_path / 'labelcore.sqlite3'}"
    environment = server_environment(data_dir, database_url=database_url)
    port = free_port()
    log_path = data_dir / "server.log"
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "labelcore.cli", "serve"),
                *("--host", "127.0.0.1", "--port", str(port)),
                *("--workers", str(workers), "--threads", "4"),
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
        redis_url="",
        environment=environment,
        process=process,
        log_path=log_path,
        python=sys.executable,
    )
    _wait_until_healthy(server, 90)
    return server


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _send(server: LiveServer, method: str, path: str, body=None):
    request = urllib.request.Request(
        server.api(f"api/{path}"),
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={**server.headers, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _wait_for_children(pid: int, count: int) -> set[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = _children(pid)
        if len(children) >= count:
            return children
        time.sleep(0.1)
    return _children(pid)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_two_processes_serve_one_project_and_stop_together(tmp_path):
    server = _serve(tmp_path, workers=2)
    try:
        workers = _wait_for_children(server.process.pid, 2)
        assert len(workers) == 2, server.log_text()

        project = _send(
            server, "POST", "projects/", {"title": "Two", "label_config": CONFIG}
        )
        tasks = [{"text": f"package {number}"} for number in range(6)]
        _send(server, "POST", f"projects/{project['id']}/import", tasks)

        handed = []
        for _ in range(6):
            task = _send(server, "GET", f"projects/{project['id']}/next/")
            handed.append(task["id"])
            _send(
                server,
                "POST",
                f"tasks/{task['id']}/annotations/",
                {"result": RESULT},
            )
        assert len(set(handed)) == 6
    finally:
        stop_process(server.process)

    assert server.process.returncode == 0, server.log_text()
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists()
