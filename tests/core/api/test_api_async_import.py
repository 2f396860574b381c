"""Imports over 1,000 tasks run as a job (in-process mode), as Label Studio's do."""

import io
import json

import pytest

from tests.core.api.debian_packages import as_tasks
from tests.core.api.waiting import wait_for_job


def _import(client, project_id, tasks, **params):
    return client.post(
        f"/api/projects/{project_id}/import", json=tasks, query_string=params
    )


def _short_tasks(count: int) -> list[dict]:
    return [{"text": f"package description {number}"} for number in range(count)]


@pytest.mark.postgres
def test_a_large_import_answers_202_and_finishes_as_a_job(
    client, new_project, packages
):
    project = new_project()

    started = _import(client, project["id"], as_tasks(packages), return_task_ids=1)

    assert started.status_code == 202, started.json
    import_id = started.json["import"]
    job = started.json["job"]
    assert job["kind"] == "import"
    assert job["state"] in {"queued", "running", "finished"}
    assert job["project"] == project["id"]
    assert started.headers["Location"] == f"/api/jobs/{job['id']}"

    finished = wait_for_job(client, job["id"])

    assert finished["state"] == "finished", finished["error"]
    assert finished["progress"] == {"done": 1500, "total": 1500}
    assert finished["result"]["task_count"] == 1500
    assert finished["started_at"] and finished["finished_at"]
    status = client.get(f"/api/projects/{project['id']}/imports/{import_id}/").json
    assert status["status"] == "completed"
    assert status["task_count"] == 1500
    assert status["project"] == project["id"]
    assert len(status["task_ids"]) == 1500
    page = client.get(f"/api/tasks?project={project['id']}&page_size=1000&page=2").json
    assert page["total"] == 1500
    assert page["tasks"][-1]["data"]["text"] == packages[-1]["text"]
    assert page["tasks"][-1]["id"] == status["task_ids"][-1]


def test_exactly_one_thousand_tasks_import_at_once(client, new_project):
    project = new_project()

    response = _import(client, project["id"], _short_tasks(1000))

    assert response.status_code == 201
    assert response.json["task_count"] == 1000
    assert "import" not in response.json


def test_one_thousand_and_one_tasks_become_a_job(client, new_project):
    project = new_project()

    response = _import(client, project["id"], _short_tasks(1001))

    assert response.status_code == 202
    assert wait_for_job(client, response.json["job"]["id"])["state"] == "finished"
    assert client.get(f"/api/tasks?project={project['id']}").json["total"] == 1001


def test_a_large_file_upload_becomes_a_job(client, new_project, packages):
    project = new_project()
    lines = "\n".join(json.dumps({"text": record["text"]}) for record in packages)

    response = client.post(
        f"/api/projects/{project['id']}/import",
        data={"file": (io.BytesIO(lines.encode()), "packages.jsonl")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 202, response.json
    job = wait_for_job(client, response.json["job"]["id"])
    assert job["state"] == "finished", job["error"]
    status = client.get(
        f"/api/projects/{project['id']}/imports/{response.json['import']}"
    ).json
    assert status["task_count"] == len(packages)


def test_a_large_import_reports_the_items_it_refused(client, new_project):
    project = new_project()
    tasks = _short_tasks(1200)
    tasks[1099] = {"body": "no text key"}

    response = _import(client, project["id"], tasks)
    wait_for_job(client, response.json["job"]["id"])

    status = client.get(
        f"/api/projects/{project['id']}/imports/{response.json['import']}"
    ).json
    assert status["status"] == "completed"
    assert status["task_count"] == 1199
    [problem] = status["errors"]
    assert problem["location"] == "item 1100"
    assert "'text'" in problem["message"]


def test_the_jobs_of_a_project_are_listed_newest_first(client, new_project):
    first, second = new_project(), new_project()
    jobs = [
        _import(client, project["id"], _short_tasks(1001)).json["job"]["id"]
        for project in (first, second, first)
    ]
    for job_id in jobs:
        wait_for_job(client, job_id)

    everything = client.get("/api/jobs/").json
    of_first = client.get(f"/api/jobs?project={first['id']}").json

    assert [job["id"] for job in everything] == jobs[::-1]
    assert [job["id"] for job in of_first] == [jobs[2], jobs[0]]


def test_a_finished_job_cannot_be_cancelled(client, new_project):
    project = new_project()
    job_id = _import(client, project["id"], _short_tasks(1001)).json["job"]["id"]
    wait_for_job(client, job_id)

    response = client.post(f"/api/jobs/{job_id}/cancel")

    assert response.status_code == 400
    assert "already finished" in response.json["detail"]


def test_an_unknown_import_is_404(client, new_project):
    project = new_project()

    response = client.get(f"/api/projects/{project['id']}/imports/4242/")

    assert response.status_code == 404
    assert "Import 4242" in response.json["detail"]
