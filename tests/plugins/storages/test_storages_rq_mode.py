"""Storage jobs in RQ mode: a real ``labelcore serve``, redis-server and worker.

The sync runs on the worker, and an export write is queued on Redis only
once the request that saved the annotation committed.
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.plugins.storages.storage_helpers import CHOICE, PNG, TEXT_CONFIG

pytestmark = [pytest.mark.redis, pytest.mark.slow]


def wait(session, server, job_id: int, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = session.get(server.api(f"/api/jobs/{job_id}"), timeout=30).json()
        if job["state"] in {"finished", "failed", "cancelled"}:
            return job
        time.sleep(0.05)
    raise AssertionError(f"Job {job_id} did not finish: {job}\n{server.log_text()}")


def test_sync_and_export_run_on_the_worker(
    launch_live_server, redis_url, database_url, s3_bucket
):
    server = launch_live_server(
        database_url=database_url,
        redis_url=redis_url,
        extra_environment={"LABELCORE_OUTBOUND_ALLOW": "127.0.0.1"},
    )
    server.start_worker()
    session = requests.Session()
    session.headers.update(server.headers)
    client, bucket = s3_bucket["client"], s3_bucket["name"]
    client.put_object(
        Bucket=bucket, Key="in/tasks.json", Body=json.dumps([{"text": "rq"}]).encode()
    )
    client.put_object(Bucket=bucket, Key="in/skip.png", Body=PNG)
    project = session.post(
        server.api("/api/projects/"),
        json={"title": "RQ storages", "label_config": TEXT_CONFIG},
        timeout=30,
    ).json()["id"]
    credentials = {
        "project": project,
        "bucket": bucket,
        "s3_endpoint": s3_bucket["endpoint"],
        "aws_access_key_id": "rq-key",
        "aws_secret_access_key": "rq-secret",
    }
    source = session.post(
        server.api("/api/storages/s3"),
        json={**credentials, "prefix": "in/", "regex_filter": r".*\.json"},
        timeout=30,
    ).json()
    session.post(
        server.api("/api/storages/export/s3"),
        json={**credentials, "prefix": "out"},
        timeout=30,
    )

    started = session.post(server.api(f"/api/storages/s3/{source['id']}/sync"))
    synced = wait(session, server, started.json()["job"]["id"])
    task = session.get(server.api(f"/api/tasks/?project={project}")).json()["tasks"][0]
    annotation = session.post(
        server.api(f"/api/tasks/{task['id']}/annotations/"), json={"result": [CHOICE]}
    ).json()
    jobs = session.get(server.api(f"/api/jobs/?project={project}")).json()
    written = wait(session, server, jobs[0]["id"])

    assert synced["state"] == "finished", synced
    assert synced["result"]["task_count"] == 1
    assert task["data"] == {"text": "rq"}
    assert jobs[0]["kind"] == "storages.write_annotation"
    assert written["state"] == "finished", written
    body = client.get_object(Bucket=bucket, Key=f"out/{annotation['id']}.json")["Body"]
    assert json.loads(body.read())["annotations"][0]["result"] == [CHOICE]
