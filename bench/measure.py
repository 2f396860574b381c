"""The measurements: imports and exports through the API, next-task latency.

Every figure is taken against a running ``labelcore serve``; imports and
exports also sample the server's resident memory while they run.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import datetime

from bench.memory import MemoryPeak
from bench.server import BenchServer

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="section" toName="text">
    <Choice value="devel"/><Choice value="libs"/><Choice value="utils"/>
  </Choices>
</View>"""


@dataclass
class Figure:
    what: str
    value: float
    unit: str
    target: str = ""
    note: str = ""


@dataclass
class Timed:
    seconds: float
    memory_before: float
    memory_peak: float

    @property
    def growth(self) -> float:
        return self.memory_peak - self.memory_before


def median_run(runs: list[Timed]) -> Timed:
    """The run with the median time (its own memory figures with it)."""
    ordered = sorted(runs, key=lambda run: run.seconds)
    return ordered[len(ordered) // 2]


def create_project(server: BenchServer, title: str, sampling: str) -> int:
    response = server.session.post(
        server.api("projects/"),
        json={"title": title, "label_config": CONFIG, "sampling": sampling},
    )
    response.raise_for_status()
    return response.json()["id"]


POLL_SECONDS = 0.25
"""How often the import's job is asked about. Each answer costs the server
a request, which on two cores the import would pay for; the time is read
from the job's own ``finished_at``, so polling slower loses nothing."""


def import_tasks(server: BenchServer, project_id: int, body: bytes) -> Timed:
    """From sending the body to the import's last task committed."""
    with MemoryPeak(server.pid) as memory:
        started = time.time()
        response = server.session.post(
            server.api(f"projects/{project_id}/import"),
            data=body,
            headers={"Content-Type": "application/json"},
        )
        if response.status_code not in (201, 202):
            raise SystemExit(f"Import answered {response.status_code}: {response.text}")
        finished = time.time()
        if response.status_code == 202:
            finished = _wait_for_job(server, response.json()["job"]["id"])
    return Timed(finished - started, memory.before, memory.peak)


def _wait_for_job(server: BenchServer, job_id: int) -> float:
    """The job's ``finished_at`` (the server's clock, this machine's) once
    it finished, as a Unix time."""
    while True:
        job = server.session.get(server.api(f"jobs/{job_id}")).json()
        if job["state"] == "finished":
            moment = datetime.fromisoformat(job["finished_at"].replace("Z", "+00:00"))
            return moment.timestamp()
        if job["state"] in ("failed", "cancelled"):
            raise SystemExit(f"Job {job_id} {job['state']}: {job['error']}")
        time.sleep(POLL_SECONDS)


def export_tasks(server: BenchServer, project_id: int, kind: str) -> tuple[Timed, int]:
    """A streamed export read to its end; (timing, bytes)."""
    with MemoryPeak(server.pid) as memory:
        started = time.perf_counter()
        response = server.session.get(
            server.api(f"projects/{project_id}/export"),
            params={"exportType": kind, "download_all_tasks": "true"},
            stream=True,
        )
        response.raise_for_status()
        size = sum(len(chunk) for chunk in response.iter_content(1 << 20))
        seconds = time.perf_counter() - started
    return Timed(seconds, memory.before, memory.peak), size


def memory_figure(what: str, runs: list[Timed]) -> Figure:
    """The largest growth of the runs: the first one usually, which also
    pays for what stays (caches, the allocator's arenas)."""
    run = max(runs, key=lambda run: run.growth)
    return Figure(
        f"server memory during {what}: growth",
        run.growth,
        "MB",
        "<= 100",
        f"{run.memory_before:.0f} → {run.memory_peak:.0f} MB, largest of {len(runs)}",
    )


def measure_next(
    server: BenchServer, project_id: int, sampling: str, requests_count: int
) -> list[Figure]:
    """Latency of ``/next/`` with each task skipped after, so the next is new."""
    server.session.patch(
        server.api(f"projects/{project_id}/"), json={"sampling": sampling}
    ).raise_for_status()
    latencies = []
    for number in range(requests_count + 20):
        started = time.perf_counter()
        response = server.session.get(server.api(f"projects/{project_id}/next/"))
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        task_id = response.json()["id"]
        if number >= 20:
            latencies.append(elapsed * 1000)
        server.session.post(
            server.api(f"tasks/{task_id}/annotations/"),
            json={"result": [], "was_cancelled": True},
        ).raise_for_status()

    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return [
        Figure(f"next task, {sampling}: median", statistics.median(latencies), "ms"),
        Figure(f"next task, {sampling}: p95", p95, "ms", "<= 8"),
    ]
