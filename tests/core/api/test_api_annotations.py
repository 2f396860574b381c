"""Annotations and predictions: counters and task state follow every change."""

import pytest

from tests.core.api.debian_packages import choice_result


def _task(client, task_id):
    return client.get(f"/api/tasks/{task_id}").json


def _annotate(client, task_id, section, **extra):
    response = client.post(
        f"/api/tasks/{task_id}/annotations/",
        json={"result": choice_result(section), **extra},
    )
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.postgres
def test_an_annotation_completes_a_task_with_overlap_one(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    task_id = project["task_ids"][0]
    assert _task(client, task_id)["state"] == "unlabeled"

    annotation = _annotate(client, task_id, sections[0], lead_time=12.5)

    assert annotation["task"] == task_id
    assert annotation["project"] == project["id"]
    assert annotation["completed_by"] == 1
    assert annotation["lead_time"] == 12.5
    task = _task(client, task_id)
    assert task["total_annotations"] == 1
    assert task["is_labeled"] is True
    assert task["state"] == "completed"
    listed = client.get(f"/api/tasks/{task_id}/annotations").json
    assert [item["id"] for item in listed] == [annotation["id"]]


@pytest.mark.postgres
def test_with_overlap_two_the_state_moves_through_in_progress(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(1, maximum_annotations=2)
    task_id = project["task_ids"][0]

    _annotate(client, task_id, sections[0])
    after_one = _task(client, task_id)
    _annotate(annotator_client(), task_id, sections[1])
    after_two = _task(client, task_id)

    assert (after_one["state"], after_one["is_labeled"]) == ("in_progress", False)
    assert (after_two["state"], after_two["is_labeled"]) == ("completed", True)
    assert after_two["total_annotations"] == 2


@pytest.mark.postgres
def test_deleting_the_annotation_moves_the_task_back(
    client, project_with_tasks, sections
):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    annotation = _annotate(client, task_id, sections[0])

    deleted = client.delete(f"/api/annotations/{annotation['id']}/")

    assert deleted.status_code == 204
    task = _task(client, task_id)
    assert (task["state"], task["is_labeled"], task["total_annotations"]) == (
        "unlabeled",
        False,
        0,
    )
    assert client.get(f"/api/annotations/{annotation['id']}").status_code == 404
    project_now = client.get(f"/api/projects/{project['id']}").json
    assert project_now["total_annotations_number"] == 0


def test_a_skip_counts_as_cancelled_and_leaves_the_state(client, project_with_tasks):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]

    skip = client.post(
        f"/api/tasks/{task_id}/annotations", json={"was_cancelled": True}
    )

    assert skip.status_code == 201
    assert skip.json["result"] == []
    task = _task(client, task_id)
    assert task["cancelled_annotations"] == 1
    assert task["total_annotations"] == 0
    assert task["state"] == "unlabeled"
    assert (
        client.get(f"/api/projects/{project['id']}").json["skipped_annotations_number"]
        == 1
    )


def test_deleting_a_skip_lowers_only_the_cancelled_count(client, project_with_tasks):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    skip = client.post(
        f"/api/tasks/{task_id}/annotations", json={"was_cancelled": True}
    ).json

    client.delete(f"/api/annotations/{skip['id']}")

    task = _task(client, task_id)
    assert (task["cancelled_annotations"], task["total_annotations"]) == (0, 0)


def test_patch_changes_the_result(client, project_with_tasks, sections):
    project = project_with_tasks(1)
    annotation = _annotate(client, project["task_ids"][0], sections[0])

    patched = client.patch(
        f"/api/annotations/{annotation['id']}",
        json={"result": choice_result(sections[3]), "lead_time": 3},
    )

    assert patched.status_code == 200
    stored = client.get(f"/api/annotations/{annotation['id']}/").json
    assert stored["result"] == choice_result(sections[3])
    assert stored["lead_time"] == 3


def test_patch_refuses_a_bad_result_and_keeps_the_old(
    client, project_with_tasks, sections
):
    project = project_with_tasks(1)
    annotation = _annotate(client, project["task_ids"][0], sections[0])

    patched = client.patch(
        f"/api/annotations/{annotation['id']}",
        json={"result": choice_result("no-such-section")},
    )

    assert patched.status_code == 400
    assert "'no-such-section'" in patched.json["detail"]
    stored = client.get(f"/api/annotations/{annotation['id']}").json
    assert stored["result"] == choice_result(sections[0])


def test_cancelling_an_annotation_by_patch_moves_counts_and_state(
    client, project_with_tasks, sections
):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    annotation = _annotate(client, task_id, sections[0])

    client.patch(f"/api/annotations/{annotation['id']}", json={"was_cancelled": True})
    cancelled = _task(client, task_id)
    client.patch(f"/api/annotations/{annotation['id']}", json={"was_cancelled": False})
    restored = _task(client, task_id)

    assert (cancelled["total_annotations"], cancelled["cancelled_annotations"]) == (
        0,
        1,
    )
    assert cancelled["state"] == "unlabeled"
    assert (restored["total_annotations"], restored["cancelled_annotations"]) == (
        1,
        0,
    )
    assert restored["state"] == "completed"


@pytest.mark.parametrize(
    ("item", "names"),
    [
        (
            {"from_name": "sektion", "to_name": "text", "type": "choices",
             "value": {"choices": ["devel"]}},
            ["result item 0", "'from_name'", "'sektion'"],
        ),
        (
            {"from_name": "section", "to_name": "text", "type": "choices",
             "value": {"choices": ["no-such-section"]}},
            ["result item 0", "value.choices", "'no-such-section'"],
        ),
        (
            {"from_name": "section", "to_name": "picture", "type": "choices",
             "value": {"choices": ["devel"]}},
            ["result item 0", "to_name", "'picture'"],
        ),
        (
            {"from_name": "section", "to_name": "text", "type": "choices",
             "value": {}},
            ["result item 0", "choices"],
        ),
    ],
    ids=["unknown-from-name", "label-not-in-config", "unknown-to-name", "no-value"],
)  # fmt: skip
def test_a_bad_result_item_is_refused_naming_item_field_and_rule(
    client, project_with_tasks, item, names
):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]

    response = client.post(f"/api/tasks/{task_id}/annotations", json={"result": [item]})

    assert response.status_code == 400
    message = response.json["validation_errors"]["result"][0]
    for name in names:
        assert name in message
    assert _task(client, task_id)["total_annotations"] == 0


def test_a_result_that_is_not_a_list_is_refused(client, project_with_tasks):
    project = project_with_tasks(1)

    response = client.post(
        f"/api/tasks/{project['task_ids'][0]}/annotations",
        json={"result": {"choices": ["devel"]}},
    )

    assert response.status_code == 400
    assert "list" in response.json["validation_errors"]["result"][0]


def test_an_empty_submission_is_refused_unless_the_project_allows_it(
    client, project_with_tasks
):
    strict = project_with_tasks(1, enable_empty_annotation=False)
    lenient = project_with_tasks(1, enable_empty_annotation=True)

    refused = client.post(
        f"/api/tasks/{strict['task_ids'][0]}/annotations", json={"result": []}
    )
    accepted = client.post(
        f"/api/tasks/{lenient['task_ids'][0]}/annotations", json={"result": []}
    )

    assert refused.status_code == 400
    assert "empty" in refused.json["validation_errors"]["result"][0]
    assert accepted.status_code == 201


def test_annotations_of_an_unknown_task_are_404(client):
    response = client.post("/api/tasks/4242/annotations", json={"result": []})

    assert response.status_code == 404
    assert "Task 4242" in response.json["detail"]


@pytest.mark.postgres
def test_predictions_are_stored_listed_and_deleted(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    task_id = project["task_ids"][0]

    created = client.post(
        "/api/predictions/",
        json={
            "task": task_id,
            "result": choice_result(sections[2]),
            "score": 0.75,
            "model_version": "tfidf-1",
        },
    )

    assert created.status_code == 201
    assert created.json["model_version"] == "tfidf-1"
    assert _task(client, task_id)["total_predictions"] == 1
    by_task = client.get(f"/api/predictions?task={task_id}").json
    by_project = client.get(f"/api/predictions/?project={project['id']}").json
    assert [item["id"] for item in by_task] == [created.json["id"]]
    assert [item["id"] for item in by_project] == [created.json["id"]]
    assert client.get(f"/api/predictions/{created.json['id']}").json["score"] == 0.75

    deleted = client.delete(f"/api/predictions/{created.json['id']}/")

    assert deleted.status_code == 204
    assert _task(client, task_id)["total_predictions"] == 0
    assert client.get(f"/api/predictions/{created.json['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"result": []}, "task", "required"),
        ({"result": [], "score": 1.5}, "score", "0 to 1"),
        ({"result": [], "model_version": 3}, "model_version", "string"),
        ({"result": choice_result("no-such-section")}, "result", "'no-such-section'"),
    ],
)
def test_a_bad_prediction_is_refused_naming_the_field(
    client, project_with_tasks, body, field, rule
):
    project = project_with_tasks(1)
    if field != "task":
        body = {"task": project["task_ids"][0], **body}

    response = client.post("/api/predictions", json=body)

    assert response.status_code == 400
    assert rule in response.json["validation_errors"][field][0]


def test_listing_predictions_needs_a_task_or_a_project(client):
    response = client.get("/api/predictions/")

    assert response.status_code == 400
    assert "task" in response.json["validation_errors"]


def test_an_annotation_from_a_prediction_links_to_it(
    client, project_with_tasks, sections
):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    prediction = client.post(
        "/api/predictions",
        json={"task": task_id, "result": choice_result(sections[0])},
    ).json

    annotation = _annotate(
        client, task_id, sections[0], parent_prediction=prediction["id"]
    )
    unknown = client.post(
        f"/api/tasks/{task_id}/annotations",
        json={"result": choice_result(sections[0]), "parent_prediction": 999},
    )

    assert annotation["parent_prediction"] == prediction["id"]
    assert unknown.status_code == 400
    assert "parent_prediction" in unknown.json["validation_errors"]


def test_imported_annotations_and_predictions_are_kept_and_counted(
    client, new_project, packages, sections
):
    project = new_project()
    tasks = [
        {
            "data": {"text": packages[0]["text"]},
            "annotations": [{"result": choice_result(sections[0])}],
            "predictions": [{"result": choice_result(sections[1]), "score": 0.4}],
        },
        {"text": packages[1]["text"]},
    ]

    imported = client.post(
        f"/api/projects/{project['id']}/import?return_task_ids=1", json=tasks
    )

    assert imported.status_code == 201, imported.json
    assert imported.json["task_count"] == 2
    assert imported.json["annotation_count"] == 1
    assert imported.json["prediction_count"] == 1
    first, second = (_task(client, task_id) for task_id in imported.json["task_ids"])
    assert first["annotations"][0]["result"] == choice_result(sections[0])
    assert first["predictions"][0]["score"] == 0.4
    assert (first["total_annotations"], first["state"]) == (1, "completed")
    assert second["data"] == {"text": packages[1]["text"]}
    assert second["state"] == "unlabeled"
