"""Real servers, real workers, real kills.

A ``labelcore serve`` in RQ mode only records and queues jobs; ``labelcore
worker`` processes run them, each in a process group of its own so that
SIGKILL takes the worker and the work horse RQ forked for the job at once,
as a crash or an out-of-memory kill would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.support.ports import free_port, wait_for_port
from tests.support.services import RedisServer, ServiceUnavailable, stop_process

BUILT_IN_PLUGINS = "formats,templates,samplers,workflows"
FINAL_STATES = {"finished", "failed", "cancelled"}


@dataclass
class Workers:
    """``labelcore worker`` processes beside one server, stopped by pid."""

    server: object
    started: list[subprocess.Popen] = field(default_factory=list)

    def start(self) -> subprocess.Popen:
        log_path = self.server.data_dir / f"worker-{len(self.started) + 1}.log"
        with open(log_path, "ab") as log_file:
            worker = subprocess.Popen(
                [self.server.python, "-m", "labelcore.cli", "worker"],
                env=self.server.environment,
                cwd=self.server.data_dir,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen) -> None:
        """SIGKILL the worker and every process it forked (RQ's work horse
        runs in a session of its own, so the worker's group does not hold
        it), the way a crashed machine or a stopped container ends them."""
        for pid in [worker.pid, *descendants(worker.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        worker.wait(timeout=10)

    def logs(self) -> str:
        return "".join(
            path.read_text(errors="replace")
            for path in sorted(self.server.data_dir.glob("worker-*.log"))
        )

    def stop(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                horses = descendants(worker.pid)
                stop_process(worker)
                for pid in horses:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    """The pids of every process below ``pid``, read from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces.
        fields = stat.rsplit(")", 1)[1].split()
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, waiting = [], [pid]
    while waiting:
        children = parents.get(waiting.pop(), [])
        found.extend(children)
        waiting.extend(children)
    return found


class FixedPortRedis(RedisServer):
    """A redis-server that can be stopped and started again on its port."""

    def __init__(self, port: int | None = None):
        super().__init__()
        self.port = port or free_port()

    def start(self) -> None:
        if self.binary is None:
            raise ServiceUnavailable("redis-server is not installed.")
        import tempfile

        from tests.support.services import dying_with_us

        self.root = self.root or Path(tempfile.mkdtemp(prefix="labelcore-redis-"))
        self.process = subprocess.Popen(
            [
                self.binary,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.root)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=dying_with_us(),
        )
        wait_for_port(self.port, 20, self.process)

    def halt(self) -> None:
        """Stop the server, keeping its port and folder for ``start``."""
        if self.process is not None:
            stop_process(self.process)
            self.process = None


@pytest.fixture
def own_redis(redis_server) -> Iterator[FixedPortRedis]:
    """A redis-server of this test's own, not yet started (the shared one
    only proves that the binary is there)."""
    server = FixedPortRedis()
    yield server
    server.stop()


def session_for(server) -> requests.Session:
    session = requests.Session()
    session.headers.update(server.headers)
    return session


def job_of(session, server, job_id: int) -> dict:
    response = session.get(server.api(f"/api/jobs/{job_id}"), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def wait_for_job(session, server, job_id, workers, timeout=240, until=None) -> dict:
    """Poll the job until ``until(job)`` (default: a final state) holds."""
    until = until or (lambda job: job["state"] in FINAL_STATES)
    deadline = time.monotonic() + timeout
    while True:
        job = job_of(session, server, job_id)
        if until(job):
            return job
        if job["state"] in FINAL_STATES or time.monotonic() > deadline:
            pytest.fail(
                f"Job {job_id} is {job['state']} ({job['progress']}, error "
                f"{job['error']!r}). Worker logs:\n{workers.logs()[-4000:]}"
            )
        time.sleep(0.01)


def database_engine(server):
    url = server.database_url or f"sqlite:///{server.data_dir / 'labelcore.sqlite3'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return sa.create_engine(url)


def task_counts(server, project_id: int) -> dict[str, int]:
    engine = database_engine(server)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                sa.text(
                    "SELECT count(*), count(DISTINCT import_index), "
                    "count(DISTINCT inner_id), min(import_index), max(import_index) "
                    "FROM task WHERE project_id = :project"
                ),
                {"project": project_id},
            ).one()
    finally:
        engine.dispose()
    return dict(
        zip(("rows", "indexes", "inner_ids", "first", "last"), row, strict=True)
    )


@pytest.fixture
def rq_setup(launch_live_server, database_url, tmp_path):
    """``rq_setup(redis_url)``: a server in RQ mode with its workers."""
    made: list[Workers] = []

    def factory(redis_url: str):
        server = launch_live_server(
            database_url=database_url,
            redis_url=redis_url,
            extra_environment={"LABELCORE_PLUGINS": BUILT_IN_PLUGINS},
        )
        workers = Workers(server)
        made.append(workers)
        return server, workers

    yield factory
    for workers in made:
        workers.stop()
