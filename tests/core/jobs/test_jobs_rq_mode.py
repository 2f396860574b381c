"""RQ mode: a real redis-server, a real ``labelcore serve`` and ``labelcore worker``.

With ``LABELCORE_REDIS_URL`` set the server only queues jobs; nothing runs
until a worker process takes them, and the job record in the database, not
the queue, is what the API reports.
"""

import json
import time

import pytest
import requests

from tests.core.api.debian_packages import as_tasks, debian_packages
from tests.support.services import stop_process

pytestmark = [pytest.mark.redis, pytest.mark.slow]

FINAL_STATES = {"finished", "failed", "cancelled"}


@pytest.fixture
def rq_server(launch_live_server, redis_url, database_url):
    return launch_live_server(database_url=database_url, redis_url=redis_url)


def _session(server) -> requests.Session:
    session = requests.Session()
    session.headers.update(server.headers)
    return session


def _new_project(session, server) -> int:
    response = session.post(
        server.api("/api/projects/"),
        json={
            "title": "RQ import",
            "label_config": '<View><Text name="text" value="$text"/></View>',
        },
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _job(session, server, job_id) -> dict:
    response = session.get(server.api(f"/api/jobs/{job_id}"), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def _wait(session, server, job_id, timeout=180) -> tuple[dict, list[dict]]:
    """The final job record, and every record seen on the way."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        job = _job(session, server, job_id)
        seen.append(job)
        if job["state"] in FINAL_STATES:
            return job, seen
        if time.monotonic() > deadline:
            pytest.fail(
                f"Job {job_id} is still {job['state']} after {timeout}s. Worker "
                f"log:\n{_worker_logs(server)[-3000:]}"
            )
        time.sleep(0.02)


def _worker_logs(server) -> str:
    return "".join(
        path.read_text(errors="replace")
        for path in sorted(server.data_dir.glob("worker-*.log"))
    )


@pytest.mark.postgres
def test_a_large_import_runs_as_an_rq_job_on_the_worker(rq_server, redis_server):
    records = debian_packages(1500)
    session = _session(rq_server)
    project_id = _new_project(session, rq_server)

    started = session.post(
        rq_server.api(f"/api/projects/{project_id}/import"),
        json=as_tasks(records),
        timeout=60,
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["job"]["id"]
    import_id = started.json()["import"]

    # No worker yet: the server itself must not run the job.
    time.sleep(1.5)
    assert _job(session, rq_server, job_id)["state"] == "queued"

    worker = rq_server.start_worker()
    job, _ = _wait(session, rq_server, job_id)

    assert job["state"] == "finished", job["error"]
    assert job["attempts"] == 1
    assert job["progress"] == {"done": 1500, "total": 1500}
    assert job["result"]["task_count"] == 1500
    status = session.get(
        rq_server.api(f"/api/projects/{project_id}/imports/{import_id}"), timeout=30
    ).json()
    assert status["status"] == "completed"
    assert len(status["task_ids"]) == 1500
    tasks = session.get(
        rq_server.api(f"/api/tasks?project={project_id}&page_size=1000&page=2"),
        timeout=30,
    ).json()
    assert tasks["total"] == 1500
    assert tasks["tasks"][-1]["data"]["text"] == records[-1]["text"]
    assert f"labelcore-job-{job_id}" in _worker_logs(rq_server)

    stop_process(worker)
    redis_server.flush()
    survived = _job(session, rq_server, job_id)
    assert survived["state"] == "finished"
    assert survived["progress"] == {"done": 1500, "total": 1500}
    assert survived["finished_at"]


def test_the_job_record_reports_progress_while_the_worker_runs(rq_server):
    session = _session(rq_server)
    project_id = _new_project(session, rq_server)
    count = 40_000
    lines = "\n".join(
        json.dumps({"text": f"package description number {number}"})
        for number in range(count)
    )
    rq_server.start_worker()

    started = session.post(
        rq_server.api(f"/api/projects/{project_id}/import"),
        files={"file": ("many.jsonl", lines.encode(), "application/jsonl")},
        timeout=120,
    )
    assert started.status_code == 202, started.text
    job, seen = _wait(session, rq_server, started.json()["job"]["id"])

    assert job["state"] == "finished", job["error"]
    assert job["progress"] == {"done": count, "total": count}
    done_values = [record["progress"]["done"] for record in seen]
    assert done_values == sorted(done_values)
    partial = [
        record
        for record in seen
        if record["state"] == "running" and 0 < record["progress"]["done"] < count
    ]
    assert partial, f"no progress was seen between 0 and {count}: {done_values}"
