"""ML jobs in RQ mode: a real ``labelcore serve``, redis-server and worker, on
SQLite and PostgreSQL. The training that the N-th annotation asks for runs on
the worker, its model is signed there and loaded again for the predictions."""

from __future__ import annotations

import time

import pytest
import requests

from tests.core.api.debian_packages import as_tasks, choice_result, section_config

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.postgres]


def _wait_for(check, server, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"Timed out.\n{server.log_text()}")


def test_training_and_predictions_run_on_the_worker(
    launch_live_server, redis_url, database_url, protocol_backend, records, sections
):
    server = launch_live_server(
        database_url=database_url,
        redis_url=redis_url,
        extra_environment={"LABELCORE_OUTBOUND_ALLOW": "127.0.0.1"},
    )
    server.start_worker()
    session = requests.Session()
    session.headers.update(server.headers)
    project = session.post(
        server.api("/api/projects/"),
        json={
            "title": "RQ models",
            "label_config": section_config(sections),
            "settings": {"ml_train_every": 10},
        },
        timeout=30,
    ).json()
    task_ids = session.post(
        server.api(f"/api/projects/{project['id']}/import?return_task_ids=true"),
        json=as_tasks(records[:30]),
        timeout=60,
    ).json()["task_ids"]
    classifier = session.post(
        server.api("/api/ml/"),
        json={"project": project["id"], "url": "labelcore://text_classifier"},
        timeout=30,
    ).json()
    remote = session.post(
        server.api("/api/ml/"),
        json={"project": project["id"], "url": protocol_backend.url},
        timeout=30,
    ).json()

    for task_id, record in zip(task_ids[:10], records, strict=False):
        session.post(
            server.api(f"/api/tasks/{task_id}/annotations/"),
            json={"result": choice_result(record["section"])},
            timeout=30,
        )

    def switched():
        answer = session.get(server.api(f"/api/projects/{project['id']}/")).json()
        return answer["model_version"] == "text_classifier-v1" and answer

    _wait_for(switched, server)
    predicted = session.get(server.api(f"/api/tasks/{task_ids[20]}/")).json()
    assert predicted["predictions"][0]["model_version"] == "text_classifier-v1"
    runs = session.get(server.api(f"/api/ml/{classifier['id']}/training-runs")).json()
    assert [(run["trigger"], run["state"]) for run in runs] == [
        ("annotations", "finished")
    ]

    started = session.post(
        server.api(f"/api/ml/{remote['id']}/predict"), json={}, timeout=30
    ).json()
    job_url = server.api(f"/api/jobs/{started['job']['id']}")
    job = _wait_for(
        lambda: (
            (found := session.get(job_url).json())["state"] in {"finished", "failed"}
            and found
        ),
        server,
    )
    assert job["state"] == "finished", job
    assert job["result"]["predicted"] == 30
    assert protocol_backend.calls("/predict")
