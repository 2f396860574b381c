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

# moto's S3 server, started on first use, for the storage sync's kill test.
from tests.plugins.storages.conftest import (  # noqa: F401
    _moto_server,
    s3_bucket,
    s3_server,
)
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
    """``rq_setup(redis_url, plugins=BUILT_IN_PLUGINS, environment=None)``: a
    server in RQ mode with its workers; ``plugins`` names the entry points
    to load, ``environment`` adds settings (server and workers share them)."""
    made: list[Workers] = []

    def factory(
        redis_url: str,
        plugins: str = BUILT_IN_PLUGINS,
        environment: dict[str, str] | None = None,
    ):
        server = launch_live_server(
            database_url=database_url,
            redis_url=redis_url,
            extra_environment={"LABELCORE_PLUGINS": plugins, **(environment or {})},
        )
        workers = Workers(server)
        made.append(workers)
        return server, workers

    yield factory
    for workers in made:
        workers.stop()


# --- takeover: which worker runs a job, and how soon another takes it ---------


def wait_for_rq_workers(redis_url: str, count: int, workers: Workers) -> None:
    """Wait until ``count`` workers listen on Redis, so that the next job
    goes to one of them and a survivor is ready when another is killed."""
    from redis import Redis
    from rq import Worker

    deadline = time.monotonic() + 60
    with Redis.from_url(redis_url) as connection:
        while Worker.count(connection=connection) < count:
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{count} workers did not start. Worker logs:\n"
                    f"{workers.logs()[-4000:]}"
                )
            time.sleep(0.05)


def worker_running(redis_url: str, job_id: int, workers: Workers) -> subprocess.Popen:
    """The ``labelcore worker`` whose RQ worker runs job ``job_id`` now."""
    from redis import Redis
    from rq import Worker

    from labelcore.jobs.dispatch import rq_job_id

    with Redis.from_url(redis_url) as connection:
        pids = [
            worker.pid
            for worker in Worker.all(connection=connection)
            if worker.get_current_job_id() == rq_job_id(job_id)
        ]
    found = [worker for worker in workers.started if worker.pid in pids]
    assert len(found) == 1, f"job {job_id} runs on workers {pids}"
    return found[0]


@dataclass
class Takeover:
    killed_at: dict
    """The job as the API told it right after the kill."""
    seconds: float
    """From the kill to the second attempt's claim, as polling saw it."""


def kill_and_time_takeover(
    session, server, job_id: int, workers: Workers, redis_url: str
) -> Takeover:
    """SIGKILL the worker that runs the job and wait for another to claim it."""
    workers.kill(worker_running(redis_url, job_id, workers))
    killed = time.monotonic()
    killed_at = job_of(session, server, job_id)
    assert killed_at["attempts"] == 1, killed_at
    wait_for_job(
        session,
        server,
        job_id,
        workers,
        timeout=120,
        until=lambda job: job["attempts"] >= 2,
    )
    return Takeover(killed_at, time.monotonic() - killed)


HAND_OVER_SECONDS = 8.0
"""From a job queued again to its claim by an idle worker, with room for a
loaded machine (see ``takeover_bounds``)."""


def takeover_bounds() -> tuple[float, float]:
    """How soon after its runner died another runner may claim a job, and
    how late at most, in seconds, from the lease and reconciler settings.

    The runner renews its lease (``LEASE``, 12 s) every third of it, and at
    every checkpoint: at the kill the lease runs out between LEASE - LEASE/3
    and LEASE from now (8 to 12 s). ``_claim`` refuses the job before that,
    so the earliest claim is LEASE * 2/3; less another LEASE / 3 for a
    renewal that came late on a loaded machine, that leaves LEASE / 3 (4 s).

    The latest: the lease runs out at most LEASE after the kill; the
    surviving worker's reconciler looks every ``RECONCILE_INTERVAL`` (5 s),
    so it queues the job again at most that long after; then its RQ worker,
    idle on the queue, takes it at once, forks a work horse and claims it,
    well under a second when idle, a few on two busy cores: HAND_OVER (8 s).
    LEASE + RECONCILE_INTERVAL + HAND_OVER = 12 + 5 + 8 = 25 s.
    """
    from labelcore.jobs.context import LEASE
    from labelcore.jobs.runner import RECONCILE_INTERVAL

    lease = LEASE.total_seconds()
    return lease / 3, lease + RECONCILE_INTERVAL + HAND_OVER_SECONDS
