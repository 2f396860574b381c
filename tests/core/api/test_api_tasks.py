"""Tasks: paging, reading, changing, creating and deleting."""

import pytest

from tests.core.api.debian_packages import choice_result


@pytest.mark.postgres
def test_tasks_are_paged_in_import_order(client, project_with_tasks, packages):
    project = project_with_tasks(25)

    pages = [
        client.get(f"/api/tasks/?project={project['id']}&page={page}&page_size=10").json
        for page in (1, 2, 3)
    ]

    assert [len(page["tasks"]) for page in pages] == [10, 10, 5]
    assert all(page["total"] == 25 for page in pages)
    listed = [task["id"] for page in pages for task in page["tasks"]]
    assert listed == project["task_ids"]
    assert pages[2]["tasks"][-1]["data"]["text"] == packages[24]["text"]
    assert pages[0]["tasks"][0]["inner_id"] == 1


@pytest.mark.postgres
def test_a_page_past_the_end_is_404(client, project_with_tasks):
    project = project_with_tasks(25)

    response = client.get(f"/api/tasks?project={project['id']}&page=4&page_size=10")

    assert response.status_code == 404
    assert response.json["code"] == "not_found"
    assert "Page 4" in response.json["detail"]


def test_the_first_page_of_an_empty_project_is_empty_not_404(client, new_project):
    project = new_project()

    response = client.get(f"/api/tasks?project={project['id']}")

    assert response.status_code == 200
    assert response.json == {
        "tasks": [],
        "total": 0,
        "total_annotations": 0,
        "total_predictions": 0,
        "total_exact": True,
    }


def test_the_page_totals_count_annotations_and_predictions(
    client, project_with_tasks, sections
):
    project = project_with_tasks(4)
    first, second = project["task_ids"][:2]
    client.post(
        f"/api/tasks/{first}/annotations", json={"result": choice_result(sections[0])}
    )
    client.post(
        "/api/predictions",
        json={"task": second, "result": choice_result(sections[1]), "score": 0.5},
    )

    page = client.get(f"/api/tasks?project={project['id']}").json

    assert page["total_annotations"] == 1
    assert page["total_predictions"] == 1
    counts = {task["id"]: task for task in page["tasks"]}
    assert counts[first]["total_annotations"] == 1
    assert counts[second]["total_predictions"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "project"),
        ("project=abc", "project"),
        ("project={id}&page=0", "page"),
        ("project={id}&page_size=many", "page_size"),
    ],
)
def test_bad_paging_arguments_name_the_argument(client, new_project, query, field):
    project = new_project()

    response = client.get("/api/tasks/?" + query.format(id=project["id"]))

    assert response.status_code == 400
    assert field in response.json["validation_errors"]


def test_tasks_of_an_unknown_project_are_404(client):
    response = client.get("/api/tasks/?project=4242")

    assert response.status_code == 404
    assert "Project 4242" in response.json["detail"]


def test_read_a_task_with_its_annotations_and_predictions(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    task_id = project["task_ids"][0]
    client.post(
        f"/api/tasks/{task_id}/annotations",
        json={"result": choice_result(sections[0])},
    )
    client.post(
        "/api/predictions",
        json={"task": task_id, "result": choice_result(sections[1]), "score": 0.9},
    )

    task = client.get(f"/api/tasks/{task_id}/").json

    assert task["id"] == task_id
    assert task["project"] == project["id"]
    assert task["meta"]["package"]
    assert [a["result"] for a in task["annotations"]] == [choice_result(sections[0])]
    assert [p["score"] for p in task["predictions"]] == [0.9]


def test_patch_changes_data_and_meta(client, project_with_tasks):
    project = project_with_tasks(1)
    path = f"/api/tasks/{project['task_ids'][0]}"

    response = client.patch(
        path, json={"data": {"text": "A new text"}, "meta": {"checked": True}}
    )

    assert response.status_code == 200
    assert client.get(path).json["data"] == {"text": "A new text"}
    assert client.get(path).json["meta"] == {"checked": True}


def test_patch_refuses_data_without_the_configs_key(client, project_with_tasks):
    project = project_with_tasks(1)
    path = f"/api/tasks/{project['task_ids'][0]}"
    before = client.get(path).json["data"]

    response = client.patch(path, json={"data": {"body": "no text key"}})

    assert response.status_code == 400
    assert "'text'" in response.json["validation_errors"]["data"][0]
    assert client.get(path).json["data"] == before


def test_create_one_task(client, new_project):
    project = new_project()

    created = client.post(
        "/api/tasks/",
        json={"project": project["id"], "data": {"text": "Hello"}, "meta": {"a": 1}},
    )

    assert created.status_code == 201
    assert created.json["data"] == {"text": "Hello"}
    assert created.json["inner_id"] == 1
    assert created.json["state"] == "unlabeled"
    assert client.get(f"/api/tasks?project={project['id']}").json["total"] == 1


def test_create_refuses_a_task_without_project_or_data(client, new_project):
    project = new_project()

    no_project = client.post("/api/tasks/", json={"data": {"text": "x"}})
    no_data = client.post("/api/tasks/", json={"project": project["id"]})

    assert no_project.status_code == 400
    assert "project" in no_project.json["validation_errors"]
    assert no_data.status_code == 400
    assert "data" in no_data.json["validation_errors"]


@pytest.mark.postgres
def test_delete_a_task_with_its_annotations(client, project_with_tasks, sections):
    project = project_with_tasks(3)
    task_id = project["task_ids"][1]
    annotation = client.post(
        f"/api/tasks/{task_id}/annotations",
        json={"result": choice_result(sections[0])},
    ).json

    deleted = client.delete(f"/api/tasks/{task_id}/")

    assert deleted.status_code == 204
    assert client.get(f"/api/tasks/{task_id}").status_code == 404
    assert client.get(f"/api/annotations/{annotation['id']}").status_code == 404
    assert client.get(f"/api/tasks?project={project['id']}").json["total"] == 2
