"""The measurements: import through the API, next-task latency, raw inserts."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from bench.data import json_array, tasks
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


def create_project(server: BenchServer, title: str, sampling: str) -> int:
    response = server.session.post(
        server.api("projects/"),
        json={"title": title, "label_config": CONFIG, "sampling": sampling},
    )
    response.raise_for_status()
    return response.json()["id"]


def import_tasks(server: BenchServer, project_id: int, body: bytes) -> float:
    """Seconds from sending the body to the import's last task committed."""
    started = time.perf_counter()
    response = server.session.post(
        server.api(f"projects/{project_id}/import"),
        data=body,
        headers={"Content-Type": "application/json"},
    )
    if response.status_code == 201:
        return time.perf_counter() - started
    if response.status_code != 202:
        raise SystemExit(f"Import answered {response.status_code}: {response.text}")

    job_id = response.json()["job"]["id"]
    while True:
        job = server.session.get(server.api(f"jobs/{job_id}")).json()
        if job["state"] == "finished":
            return time.perf_counter() - started
        if job["state"] in ("failed", "cancelled"):
            raise SystemExit(f"Import job {job_id} {job['state']}: {job['error']}")
        time.sleep(0.02)


def measure_import(
    server: BenchServer, packages: list[dict], count: int, short: bool
) -> tuple[int, Figure]:
    body = json_array(tasks(packages, count, short))
    kind = "short texts" if short else "full descriptions"
    project_id = create_project(server, f"Import {count} {kind}", "Sequential sampling")
    seconds = import_tasks(server, project_id, body)
    megabytes = len(body) / 1e6
    return project_id, Figure(
        f"import {count:,} tasks via API ({kind}, {megabytes:.0f} MB)",
        count / seconds,
        "tasks/s",
        ">= 100,000 (short)" if short else "",
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


def measure_driver_insert(
    schema_source: Path, packages: list[dict], count: int, short: bool
) -> Figure:
    """The same rows through sqlite3's executemany alone: the floor for import."""
    target = schema_source.parent / "driver-insert.sqlite3"
    target.unlink(missing_ok=True)
    with sqlite3.connect(schema_source) as source:
        statements = [
            sql
            for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                "AND type IN ('table', 'index') ORDER BY type DESC"
            )
        ]
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    for sql in statements:
        connection.execute(sql)
    connection.execute(
        "INSERT INTO organization (id, title, created_at) VALUES (1, 'b', '2024-01-01')"
    )
    connection.execute(
        "INSERT INTO project (id, organization_id, title, description, label_config,"
        " config_version, expert_instruction, show_instruction, show_skip_button,"
        " enable_empty_annotation, color, maximum_annotations, sampler, workflow,"
        " model_version, settings, is_published, task_number, created_at,"
        " updated_at) VALUES (1, 1, 'b', '', '', 1, '', 0, 1, 1, '', 1,"
        " 'sequential', 'default', '', '{}', 1, 0, '2024-01-01', '2024-01-01')"
    )
    now = "2024-01-01 00:00:00.000000"
    rows = [
        (
            1,
            number,
            orjson.dumps(item).decode(),
            "{}",
            "unlabeled",
            False,
            0,
            0,
            0,
            random.random(),
            1,
            None,
            None,
            None,
            now,
            now,
        )
        for number, item in enumerate(tasks(packages, count, short), 1)
    ]
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO task (project_id, inner_id, data, meta, state, is_labeled,"
        " total_annotations, cancelled_annotations, total_predictions, random_key,"
        " version, import_id, import_index, updated_by_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    kind = "short texts" if short else "full descriptions"
    return Figure(
        f"raw sqlite3 executemany of the same {count:,} rows ({kind})",
        count / seconds,
        "rows/s",
    )
