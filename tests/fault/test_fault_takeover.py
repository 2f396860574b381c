"""A worker killed in a storage sync or a prediction job: another takes over
in seconds, and each object and each prediction is written once.

Two real ``labelcore worker`` processes wait on a real redis-server; the
one that takes the job is SIGKILLed once a batch is committed, and the
other's reconciler queues the job again when the lease lapses. The time
from the kill to the second attempt's claim is held to the bound that
``takeover_bounds`` works out from the lease and reconciler settings.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from labelcore_ml_backends.predicting import REMOTE_BATCH

from tests.core.api.debian_packages import (
    as_tasks,
    debian_packages,
    most_common_sections,
    section_config,
)
from tests.fault.conftest import (
    BUILT_IN_PLUGINS,
    database_engine,
    kill_and_time_takeover,
    session_for,
    takeover_bounds,
    wait_for_job,
    wait_for_rq_workers,
)
from tests.plugins.ml_backends.protocol_server import ProtocolBackend

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.timeout(300)]

ALLOW_LOOPBACK = {"LABELCORE_OUTBOUND_ALLOW": "127.0.0.1"}
TEXT_CONFIG = '<View><Text name="text" value="$text"/></View>'


def rows(server, sql: str, **parameters) -> tuple:
    engine = database_engine(server)
    try:
        with engine.connect() as connection:
            return tuple(connection.execute(sa.text(sql), parameters).one())
    finally:
        engine.dispose()


def running_with_a_batch_committed(job: dict) -> bool:
    return job["state"] == "running" and job["progress"]["done"] > 0


def assert_taken_over_in_time(takeover) -> None:
    earliest, latest = takeover_bounds()
    assert earliest <= takeover.seconds <= latest, (
        f"the second attempt started {takeover.seconds:.1f} s after the kill; "
        f"the lease and reconciler settings put it between {earliest:.0f} and "
        f"{latest:.0f} s"
    )


def kill_halfway_and_finish(
    session, server, workers, redis_url, start_path: str, total: int, **request
) -> dict:
    """Start two workers, start the job at ``start_path``, SIGKILL the worker
    that runs it once a batch is committed and wait for the other to finish
    it. The finished job, checked to have been killed with between 0 and
    ``total`` done and to have been taken over in time."""
    workers.start()
    workers.start()
    wait_for_rq_workers(redis_url, 2, workers)

    started = session.post(server.api(start_path), timeout=30, **request)
    assert started.status_code == 202, started.text
    job_id = started.json()["job"]["id"]
    wait_for_job(session, server, job_id, workers, until=running_with_a_batch_committed)
    takeover = kill_and_time_takeover(session, server, job_id, workers, redis_url)
    job = wait_for_job(session, server, job_id, workers)

    assert 0 < takeover.killed_at["progress"]["done"] < total, (
        f"the job was not halfway at the kill ({takeover.killed_at['progress']})"
    )
    assert_taken_over_in_time(takeover)
    assert job["state"] == "finished", job["error"]
    assert job["attempts"] == 2
    return job


# -- storage sync ----------------------------------------------------------------

OBJECTS = 2_000
LINES_PER_OBJECT = 10
"""500 objects make one batch of 5,000 tasks: the sync commits four times."""


def fill_bucket(bucket: dict) -> None:
    def put(number: int) -> None:
        lines = (
            json.dumps({"text": f"object {number} line {line}"})
            for line in range(LINES_PER_OBJECT)
        )
        bucket["client"].put_object(
            Bucket=bucket["name"],
            Key=f"tasks/{number:05}.jsonl",
            Body="\n".join(lines).encode(),
        )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(put, range(OBJECTS)))


@pytest.mark.postgres
def test_a_killed_storage_sync_is_taken_over_in_seconds_and_imports_each_object_once(
    rq_setup, redis_url, s3_bucket
):
    fill_bucket(s3_bucket)
    server, workers = rq_setup(
        redis_url,
        plugins=f"{BUILT_IN_PLUGINS},storages",
        environment=ALLOW_LOOPBACK,
    )
    session = session_for(server)
    project = session.post(
        server.api("/api/projects/"),
        json={"title": "Kill during a sync", "label_config": TEXT_CONFIG},
        timeout=30,
    ).json()
    storage = session.post(
        server.api("/api/storages/s3"),
        json={
            "project": project["id"],
            "bucket": s3_bucket["name"],
            "s3_endpoint": s3_bucket["endpoint"],
            "aws_access_key_id": "kill-key",
            "aws_secret_access_key": "kill-secret",
            "prefix": "tasks/",
        },
        timeout=30,
    )
    assert storage.status_code == 201, storage.text

    job = kill_halfway_and_finish(
        session,
        server,
        workers,
        redis_url,
        f"/api/storages/s3/{storage.json()['id']}/sync",
        total=OBJECTS,
    )

    result = job["result"]
    assert result["objects_seen"] == OBJECTS
    assert result["objects_imported"] == OBJECTS
    assert result["task_count"] == OBJECTS * LINES_PER_OBJECT
    assert result["problem_count"] == 0
    objects = rows(
        server,
        "SELECT count(*), count(DISTINCT key) FROM storage_object "
        "WHERE storage_id = :storage",
        storage=storage.json()["id"],
    )
    assert objects == (OBJECTS, OBJECTS)
    tasks = rows(
        server,
        "SELECT count(*), count(DISTINCT CAST(data AS TEXT)), "
        "count(DISTINCT inner_id) FROM task WHERE project_id = :project",
        project=project["id"],
    )
    assert tasks == (OBJECTS * LINES_PER_OBJECT,) * 3
    answered = session.get(
        server.api(f"/api/storages/s3/{storage.json()['id']}"), timeout=30
    ).json()
    assert answered["status"] == "completed"
    assert answered["last_sync_count"] == OBJECTS * LINES_PER_OBJECT


# -- batch predictions -------------------------------------------------------------

PREDICTED_TASKS = 2_000
BACKEND_DELAY = 0.05
"""Seconds the stand-in backend takes per batch (16 tasks): 125 batches
make the job last several seconds, so the kill lands in its middle."""


@pytest.fixture
def slow_backend():
    records = debian_packages(PREDICTED_TASKS)
    backend = ProtocolBackend(most_common_sections(records)).start()
    backend.predict_mode, backend.delay = "slow", BACKEND_DELAY
    backend.records = records
    yield backend
    backend.stop()


@pytest.mark.postgres
def test_a_killed_prediction_job_is_taken_over_in_seconds_and_predicts_each_task_once(
    rq_setup, redis_url, slow_backend
):
    server, workers = rq_setup(
        redis_url,
        plugins=f"{BUILT_IN_PLUGINS},ml_backends",
        environment=ALLOW_LOOPBACK,
    )
    session = session_for(server)
    project = session.post(
        server.api("/api/projects/"),
        json={
            "title": "Kill during predictions",
            "label_config": section_config(slow_backend.labels),
        },
        timeout=30,
    ).json()
    task_ids = []
    for start in range(0, PREDICTED_TASKS, 1000):
        # At most 1,000 tasks a request import inline, with no worker yet.
        imported = session.post(
            server.api(f"/api/projects/{project['id']}/import?return_task_ids=true"),
            json=as_tasks(slow_backend.records[start : start + 1000]),
            timeout=120,
        )
        assert imported.status_code == 201, imported.text
        task_ids += imported.json()["task_ids"]
    backend = session.post(
        server.api("/api/ml/"),
        json={"project": project["id"], "url": slow_backend.url},
        timeout=30,
    )
    assert backend.status_code == 201, backend.text

    job = kill_halfway_and_finish(
        session,
        server,
        workers,
        redis_url,
        f"/api/ml/{backend.json()['id']}/predict",
        total=PREDICTED_TASKS,
        json={},
    )

    assert job["result"]["predicted"] == PREDICTED_TASKS
    assert job["progress"] == {"done": PREDICTED_TASKS, "total": PREDICTED_TASKS}
    predictions = rows(
        server,
        "SELECT count(*), count(DISTINCT task_id), min(model_version), "
        "max(model_version) FROM prediction WHERE project_id = :project",
        project=project["id"],
    )
    assert predictions == (PREDICTED_TASKS, PREDICTED_TASKS, "model-1", "model-1")
    counters = rows(
        server,
        "SELECT min(total_predictions), max(total_predictions) FROM task "
        "WHERE project_id = :project",
        project=project["id"],
    )
    assert counters == (1, 1)
    asked = [
        task["id"] for body in slow_backend.calls("/predict") for task in body["tasks"]
    ]
    assert set(asked) == set(task_ids)
    # Only the batch in flight at the kill is asked for twice: the new
    # runner goes on after the last committed batch.
    assert len(asked) - PREDICTED_TASKS <= REMOTE_BATCH
