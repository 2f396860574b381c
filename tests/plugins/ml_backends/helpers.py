"""Steps the ML backend tests share: annotating, waiting for jobs."""

from __future__ import annotations

from tests.core.api.debian_packages import choice_result
from tests.core.api.waiting import wait_for_job

__all__ = ["annotate", "finished_job", "wait_for_job"]


def annotate(client, task_id: int, section: str) -> dict:
    """Submit an annotation that picks ``section`` for the task."""
    response = client.post(
        f"/api/tasks/{task_id}/annotations/", json={"result": choice_result(section)}
    )
    assert response.status_code == 201, response.json
    return response.json


def finished_job(client, response) -> dict:
    """The job of a 202 answer, waited for; it must have finished."""
    assert response.status_code == 202, response.json
    job = wait_for_job(client, response.json["job"]["id"])
    assert job["state"] == "finished", job
    return job
