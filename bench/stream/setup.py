"""A server on SQLite or PostgreSQL, a project of N tasks, and its annotators.

The server is a real ``labelcore serve`` (one waitress process, or
gunicorn with ``--workers``) with every built-in plugin; the tasks go in
through the import API, each with one scored prediction so that the
uncertainty samplers have keys to order by; annotators are made in this
process on the server's own database.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from bench.data import REPO, json_array, tasks, with_predictions
from bench.server import free_port

PLUGINS = "formats,ml_backends,samplers,storages,templates,webhooks,workflows"
"""Every built-in plugin, as a server installed from the README runs: saving
an annotation asks the storages and webhooks plugins too."""
CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="section" toName="text">
    <Choice value="devel"/><Choice value="libs"/><Choice value="utils"/>
  </Choices>
</View>"""
IMPORT_CHUNK = 100_000


@dataclass
class Server:
    url: str
    token: str
    database_url: str
    data_dir: Path
    process: subprocess.Popen

    def session(self, token: str | None = None) -> requests.Session:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token or self.token}"
        return session

    def api(self, path: str) -> str:
        return f"{self.url}/api/{path.lstrip('/')}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _environment(data_dir: Path, database_url: str, token: str) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LABELCORE_")
    }
    environment.update(
        LABELCORE_DATA_DIR=str(data_dir),
        LABELCORE_DATABASE_URL=database_url,
        LABELCORE_ADMIN_EMAIL="bench@example.com",
        LABELCORE_ADMIN_PASSWORD=secrets.token_urlsafe(16),
        LABELCORE_ADMIN_TOKEN=token,
        LABELCORE_LOG_LEVEL="WARNING",
        LABELCORE_PLUGINS=PLUGINS,
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
        ),
    )
    return environment


def start(
    data_dir: Path, database_url: str, threads: int = 32, workers: int = 1
) -> Server:
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(20)
    port = free_port()
    log = (data_dir / "server.log").open("ab")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "labelcore.cli", "serve"),
            *("--host", "127.0.0.1", "--port", str(port), "--threads", str(threads)),
            *("--workers", str(workers)),
        ],
        env=_environment(data_dir, database_url, token),
        cwd=data_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", token, database_url, data_dir, process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"`labelcore serve` exited; see {data_dir / 'server.log'}."
            )
        try:
            if requests.get(f"{server.url}/health", timeout=2).ok:
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"`labelcore serve` did not start; see {data_dir / 'server.log'}.")


def _wait_for_job(session: requests.Session, server: Server, job_id: int) -> None:
    while True:
        job = session.get(server.api(f"jobs/{job_id}")).json()
        if job["state"] == "finished":
            return
        if job["state"] in ("failed", "cancelled"):
            raise SystemExit(f"Import job {job_id} {job['state']}: {job.get('error')}")
        time.sleep(0.2)


def _new_project(server: Server, count: int) -> int:
    response = server.session().post(
        server.api("projects/"),
        json={
            "title": f"{count} tasks",
            "label_config": CONFIG,
            "model_version": "bench",
        },
    )
    response.raise_for_status()
    return response.json()["id"]


def _chunks(packages: list[dict], count: int):
    items = with_predictions(tasks(packages, count, short=False))
    offset = 0
    while True:
        chunk = [item for _, item in zip(range(IMPORT_CHUNK), items, strict=False)]
        if not chunk:
            return
        for number, item in enumerate(chunk, offset):
            item["data"]["n"] = number
        yield offset, chunk
        offset += len(chunk)


def _import_through_api(server: Server, project_id: int, packages, count) -> None:
    session = server.session()
    for _offset, chunk in _chunks(packages, count):
        response = session.post(
            server.api(f"projects/{project_id}/import"),
            data=json_array(iter(chunk)),
            headers={"Content-Type": "application/json"},
        )
        if response.status_code not in (201, 202):
            raise SystemExit(f"Import answered {response.status_code}: {response.text}")
        if response.status_code == 202:
            _wait_for_job(session, server, response.json()["job"]["id"])


def _load_directly(server: Server, project_id: int, packages, count) -> None:
    """The rows an import writes, straight into the server's database."""
    from bench.driver import RawTarget, postgres_insert, sqlite_insert

    for offset, chunk in _chunks(packages, count):
        target = RawTarget(project_id=project_id, import_id=None, first=offset + 1)
        if server.database_url.startswith("sqlite"):
            sqlite_insert(server.database_url.removeprefix("sqlite:///"), chunk, target)
        else:
            postgres_insert(server.database_url, chunk, target, copy=True)

    import sqlalchemy as sa

    engine = sa.create_engine(server.database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE project SET task_number = :count WHERE id = :id"),
            {"count": count, "id": project_id},
        )
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("ANALYZE task"))
    engine.dispose()


def create_project(
    server: Server, packages: list[dict], count: int, load: str = "direct"
) -> tuple[int, float]:
    """A project of ``count`` tasks, each with a scored prediction; (id, seconds
    the load took). ``load`` is ``api`` (the import endpoint) or ``direct``
    (the same rows inserted by the driver: the benchmark measures the stream,
    not the import, and a million tasks load in seconds this way)."""
    project_id = _new_project(server, count)
    started = time.perf_counter()
    if load == "api":
        _import_through_api(server, project_id, packages, count)
    else:
        _load_directly(server, project_id, packages, count)
    return project_id, time.perf_counter() - started


def create_annotators(server: Server, count: int) -> list[str]:
    """``count`` annotators of the default organization; their tokens."""
    from labelcore.accounts import create_user
    from labelcore.app import create_app
    from labelcore.models import db
    from labelcore.settings import Settings

    settings = Settings(
        data_dir=str(server.data_dir),
        database_url=server.database_url,
        plugins=tuple(PLUGINS.split(",")),
        secret_key="bench",
        log_level="WARNING",
    )
    app = create_app(settings, create_schema=False)
    tokens = []
    with app.app_context():
        for _ in range(count):
            token = secrets.token_hex(20)
            create_user(
                f"annotator-{secrets.token_hex(4)}@example.com",
                secrets.token_urlsafe(12),
                token=token,
                role="annotator",
            )
            tokens.append(token)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    return tokens
