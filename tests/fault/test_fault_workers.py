"""A worker killed mid-job, and Redis gone: no task lost, none twice, no job lost.

Each test uses a real ``labelcore serve`` in RQ mode, real ``labelcore
worker`` processes and a real redis-server. A killed worker's job keeps its
record in the database; its lease lapses, and the reconciler of another
worker queues it again. The new runner reads the last checkpoint, which was
committed together with the last batch, and goes on from there.
"""

from __future__ import annotations

import time

import orjson
import pytest

from tests.fault.conftest import (
    job_of,
    session_for,
    task_counts,
    wait_for_job,
)

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.timeout(600)]

CONFIG = '<View><Text name="text" value="$text"/></View>'
COUNT = 200_000


def new_project(session, server, title: str) -> int:
    response = session.post(
        server.api("/api/projects/"),
        json={"title": title, "label_config": CONFIG},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def start_import(session, server, project_id: int, count: int) -> dict:
    body = b"\n".join(
        orjson.dumps({"text": f"task number {number}", "number": number})
        for number in range(count)
    )
    response = session.post(
        server.api(f"/api/projects/{project_id}/import"),
        files={"file": ("tasks.jsonl", body, "application/jsonl")},
        timeout=300,
    )
    assert response.status_code == 202, response.text
    return response.json()


@pytest.mark.postgres
def test_a_killed_import_worker_is_replaced_and_leaves_each_task_once(
    rq_setup, redis_url
):
    server, workers = rq_setup(redis_url)
    session = session_for(server)
    project_id = new_project(session, server, "Kill during import")
    started = start_import(session, server, project_id, COUNT)
    job_id = started["job"]["id"]

    first = workers.start()
    job = wait_for_job(
        session,
        server,
        job_id,
        workers,
        until=lambda job: job["state"] == "running" and job["progress"]["done"] > 0,
    )
    workers.kill(first)
    killed_at = job_of(session, server, job_id)
    assert killed_at["state"] == "running", killed_at
    assert 0 < killed_at["progress"]["done"] < COUNT, (
        f"the import ended before the kill ({killed_at['progress']}); the test "
        f"needs it halfway"
    )

    workers.start()
    job = wait_for_job(session, server, job_id, workers)

    assert job["state"] == "finished", job["error"]
    assert job["attempts"] == 2
    assert job["result"]["task_count"] == COUNT
    assert task_counts(server, project_id) == {
        "rows": COUNT,
        "indexes": COUNT,
        "inner_ids": COUNT,
        "first": 1,
        "last": COUNT,
    }
    record = session.get(
        server.api(f"/api/projects/{project_id}/imports/{started['import']}"),
        timeout=60,
    ).json()
    assert (record["status"], record["task_count"]) == ("completed", COUNT)
    assert len(record["task_ids"]) == COUNT
    assert "left to its new runner" not in workers.logs()


@pytest.mark.postgres
def test_a_killed_export_worker_is_replaced_and_writes_each_task_once(
    rq_setup, redis_url
):
    server, workers = rq_setup(redis_url)
    session = session_for(server)
    project_id = new_project(session, server, "Kill during export")
    imported = start_import(session, server, project_id, COUNT)
    importer = workers.start()
    finished = wait_for_job(session, server, imported["job"]["id"], workers)
    assert finished["state"] == "finished", finished["error"]
    workers.kill(importer)

    created = session.post(
        server.api(f"/api/projects/{project_id}/exports/"),
        json={"title": "all tasks"},
        timeout=60,
    )
    assert created.status_code == 201, created.text
    snapshot = created.json()
    job_id = snapshot["job"]["id"]
    assert snapshot["status"] == "in_progress"

    first = workers.start()
    wait_for_job(
        session,
        server,
        job_id,
        workers,
        until=lambda job: job["state"] == "running" and job["progress"]["done"] > 0,
    )
    workers.kill(first)
    killed_at = job_of(session, server, job_id)
    assert 0 < killed_at["progress"]["done"] < COUNT, killed_at

    workers.start()
    job = wait_for_job(session, server, job_id, workers)

    assert job["state"] == "finished", job["error"]
    assert job["attempts"] == 2
    detail = session.get(
        server.api(f"/api/projects/{project_id}/exports/{snapshot['id']}"), timeout=30
    ).json()
    assert detail["status"] == "completed"
    assert detail["counters"]["task_number"] == COUNT
    download = session.get(server.api(detail["download_url"]), timeout=300)
    assert download.status_code == 200, download.text[:500]
    tasks = orjson.loads(download.content)
    numbers = [task["data"]["number"] for task in tasks]
    assert len(numbers) == COUNT
    assert sorted(numbers) == list(range(COUNT))
    ids = [task["id"] for task in tasks]
    assert ids == sorted(set(ids))


def test_a_job_recorded_while_redis_is_down_runs_once_redis_is_back(
    rq_setup, own_redis
):
    server, workers = rq_setup(f"redis://127.0.0.1:{own_redis.port}/0")
    session = session_for(server)
    project_id = new_project(session, server, "Redis down")

    started = start_import(session, server, project_id, 5_000)
    job_id = started["job"]["id"]
    assert job_of(session, server, job_id)["state"] == "queued"

    own_redis.start()
    workers.start()
    job = wait_for_job(session, server, job_id, workers, timeout=120)

    assert job["state"] == "finished", job["error"]
    assert job["result"]["task_count"] == 5_000
    assert task_counts(server, project_id)["rows"] == 5_000


def test_a_job_whose_queue_entry_vanished_with_a_redis_restart_still_runs(
    rq_setup, own_redis
):
    own_redis.start()
    server, workers = rq_setup(f"redis://127.0.0.1:{own_redis.port}/0")
    session = session_for(server)
    project_id = new_project(session, server, "Redis restarted")

    started = start_import(session, server, project_id, 5_000)
    job_id = started["job"]["id"]
    own_redis.halt()
    own_redis.start()
    time.sleep(0.5)
    assert job_of(session, server, job_id)["state"] == "queued"

    workers.start()
    job = wait_for_job(session, server, job_id, workers, timeout=120)

    assert job["state"] == "finished", job["error"]
    assert job["attempts"] == 1
    assert task_counts(server, project_id)["rows"] == 5_000
