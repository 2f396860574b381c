"""``POST /api/projects/<id>/import/predictions``: bulk upload from any model."""

from __future__ import annotations

import pytest

from tests.core.api.debian_packages import choice_result

pytestmark = pytest.mark.postgres


def test_predictions_are_stored_with_version_and_score(ml_client, section_project):
    project = section_project(3)
    body = [
        {
            "task": task_id,
            "result": choice_result("devel"),
            "score": 0.5,
            "model_version": "bulk-1",
        }
        for task_id in project["task_ids"]
    ]

    response = ml_client.post(
        f"/api/projects/{project['id']}/import/predictions", json=body
    )

    assert response.status_code == 201
    assert response.json == {"created": 3}
    task = ml_client.get(f"/api/tasks/{project['task_ids'][1]}/").json
    assert task["total_predictions"] == 1
    assert task["predictions"][0]["model_version"] == "bulk-1"
    assert task["predictions"][0]["score"] == 0.5


def test_one_bad_prediction_refuses_the_list_naming_each_item(
    ml_client, section_project, records
):
    project = section_project(3)
    other = section_project(1)
    ids = project["task_ids"]
    body = [
        {"task": ids[0], "result": choice_result(records[0]["section"])},
        {"task": ids[1], "result": choice_result("not-a-section")},
        {"task": ids[2], "result": choice_result("devel"), "score": 3},
        {"task": other["task_ids"][0], "result": []},
        {"result": []},
        "nonsense",
    ]

    response = ml_client.post(
        f"/api/projects/{project['id']}/import/predictions", json=body
    )

    assert response.status_code == 400
    problems = {item["index"]: item["message"] for item in response.json["problems"]}
    assert sorted(problems) == [1, 2, 3, 4, 5]
    assert "not-a-section" in problems[1] and "result item 0" in problems[1]
    assert "from 0 to 1" in problems[2]
    assert f"is not a task of project {project['id']}" in problems[3]
    assert "'task' must be the id of a task" in problems[4]
    assert "nothing was stored" in response.json["detail"]
    assert ml_client.get(f"/api/predictions/?project={project['id']}").json == []


def test_the_body_must_be_a_list(ml_client, section_project):
    project = section_project(1)

    response = ml_client.post(
        f"/api/projects/{project['id']}/import/predictions", json={"task": 1}
    )

    assert response.status_code == 400
    assert "JSON array" in response.json["detail"]
