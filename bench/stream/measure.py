"""The measurements: next-task latency for one and many annotators, and a
data-manager page with a filter and a sort."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.stream.setup import Server

WARM_UP = 10
RESULT = [
    {
        "from_name": "section",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": ["libs"]},
    }
]


@dataclass
class Latency:
    what: str
    samples: list[float]
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def use_sampler(server: Server, project_id: int, sampler: str, parameters=None) -> None:
    session = server.session()
    response = session.patch(
        server.api(f"projects/{project_id}/"),
        json={
            "sampling": sampler,
            "settings": {"sampler_parameters": parameters or {}},
        },
    )
    response.raise_for_status()


def _next_and_annotate(
    session, server: Server, project_id: int
) -> tuple[float, int | None]:
    started = time.perf_counter()
    response = session.get(server.api(f"projects/{project_id}/next/"))
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code == 404:
        return elapsed, None
    response.raise_for_status()
    task_id = response.json()["id"]
    session.post(
        server.api(f"tasks/{task_id}/annotations/"), json={"result": RESULT}
    ).raise_for_status()
    return elapsed, task_id


def reset_annotations(server: Server, project_id: int) -> None:
    """Delete every annotation, so that each sampler starts on the same project."""
    session = server.session()
    response = session.post(
        server.api(f"dm/actions?id=delete_tasks_annotations&project={project_id}"),
        json={
            "selectedItems": {"all": True, "excluded": []},
            "filters": _filters(_item("total_annotations", "greater", 0, "Number")),
        },
    )
    response.raise_for_status()


def first_next(server: Server, project_id: int, token: str) -> float:
    """Seconds of the first request after a sampler change (it may refresh the
    project's stored keys once)."""
    session = server.session(token)
    started = time.perf_counter()
    response = session.get(server.api(f"projects/{project_id}/next/"))
    response.raise_for_status()
    return time.perf_counter() - started


def wait_for_jobs(server: Server, project_id: int, timeout: float = 1800) -> float:
    """Seconds until the project has no queued or running job (a sampler
    switch may refresh every task's stored keys in one), so that the
    figures after it time the stream, not the refresh beside it."""
    session = server.session()
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        active = session.get(
            server.api("jobs/"), params={"project": project_id, "active": "true"}
        )
        active.raise_for_status()
        if not active.json():
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def one_annotator(server: Server, project_id: int, token: str, requests: int) -> list:
    session = server.session(token)
    samples = []
    for number in range(requests + WARM_UP):
        elapsed, _ = _next_and_annotate(session, server, project_id)
        if number >= WARM_UP:
            samples.append(elapsed)
    return samples


ANNOTATORS_SCRIPT = Path(__file__).with_name("annotators.mjs")


def many_annotators(
    server: Server, project_id: int, tokens: list[str], requests: int
) -> tuple[list[float], int, float]:
    """Every annotator doing next and annotate back to back, from one
    Node.js process (``annotators.mjs``); the next-task latencies, how many
    tasks went to more than one of them (must be 0, overlap one) and the
    next + annotate pairs per second."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("The many-annotators figure needs Node.js (`node`).")
    finished = subprocess.run(
        [
            node,
            str(ANNOTATORS_SCRIPT),
            server.url,
            str(project_id),
            str(requests),
            str(WARM_UP),
            *tokens,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    answer = json.loads(finished.stdout)
    counted = Counter(task_id for ids in answer["handed"] for task_id in ids)
    shared = sum(1 for times in counted.values() if times > 1)
    return answer["latencies"], shared, answer["pairs_per_second"]


def _filters(*items) -> dict:
    return {"conjunction": "and", "items": list(items)}


def _item(column: str, operator: str, value, kind: str = "String") -> dict:
    return {
        "filter": f"filter:tasks:{column}",
        "operator": operator,
        "type": kind,
        "value": value,
    }


def make_index(
    server: Server, project_id: int, key: str, kind: str, timeout: float = 3600
) -> float:
    """Seconds until the index is built: the request queues a job (202), or
    answers 200 when the index exists already; the job is waited for."""
    session = server.session()
    started = time.perf_counter()
    response = session.post(
        server.api("dm/indexes/"),
        json={"project": project_id, "key": key, "kind": kind},
    )
    response.raise_for_status()
    if response.status_code == 202:
        job_id = response.json()["job"]["id"]
        while True:
            job = session.get(server.api(f"jobs/{job_id}")).json()
            if job["state"] == "finished":
                break
            if job["state"] in ("failed", "cancelled"):
                raise SystemExit(
                    f"Building the {kind} index on data.{key} {job['state']}: "
                    f"{job.get('error')}"
                )
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"The {kind} index on data.{key} is still building.")
            time.sleep(0.2)
    return time.perf_counter() - started


def data_manager_page(
    server: Server, project_id: int, query: dict, requests: int, pages: int = 5
) -> list[float]:
    """A page of 100 tasks, pages 1 to ``pages`` (as far as there are) in turn."""
    session = server.session()
    first = session.get(
        server.api("tasks/"),
        params={"project": project_id, "page_size": 100, "query": json.dumps(query)},
    )
    first.raise_for_status()
    pages = max(1, min(pages, -(-first.json()["total"] // 100)))
    samples = []
    for number in range(requests + WARM_UP):
        started = time.perf_counter()
        response = session.get(
            server.api("tasks/"),
            params={
                "project": project_id,
                "page": number % pages + 1,
                "page_size": 100,
                "query": json.dumps(query),
            },
        )
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        if number >= WARM_UP:
            samples.append(elapsed)
    return samples


DATA_MANAGER_QUERIES = {
    "equal on data.section, sort by -id": {
        "filters": _filters(_item("data.section", "equal", "libs")),
        "ordering": ["-tasks:id"],
    },
    "equal on data.section, sort by data.section (pinned by the filter)": {
        "filters": _filters(_item("data.section", "equal", "libs")),
        "ordering": ["tasks:data.section"],
    },
    "equal on data.section, sort by data.n": {
        "filters": _filters(_item("data.section", "equal", "libs")),
        "ordering": ["tasks:data.n"],
    },
    "range on data.n, sort by data.n": {
        "filters": _filters(_item("data.n", "greater", 50_000, "Number")),
        "ordering": ["tasks:data.n"],
    },
    "contains on data.text (full-text index)": {
        "filters": _filters(_item("data.text", "contains", "library")),
        "ordering": [],
    },
}
