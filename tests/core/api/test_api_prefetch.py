"""Prefetching the next task: ``next/?exclude=<id>`` holds both tasks."""

import pytest

from tests.core.api.debian_packages import choice_result


def _next(client, project_id, exclude=None):
    query = f"?exclude={','.join(map(str, exclude))}" if exclude else ""
    return client.get(f"/api/projects/{project_id}/next/{query}")


@pytest.mark.postgres
def test_prefetched_task_is_held_and_comes_next(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(4)
    first, second, *_ = project["task_ids"]

    on_screen = _next(client, project["id"]).json["id"]
    prefetched = _next(client, project["id"], [on_screen]).json["id"]

    assert (on_screen, prefetched) == (first, second)
    other = annotator_client()
    assert _next(other, project["id"]).json["id"] not in {first, second}

    response = client.post(
        f"/api/tasks/{on_screen}/annotations",
        json={"result": choice_result(sections[0])},
    )
    assert response.status_code == 201
    assert _next(client, project["id"]).json["id"] == prefetched


def test_asking_again_with_the_same_exclude_gives_the_same_prefetch(
    client, project_with_tasks
):
    project = project_with_tasks(4)
    on_screen = _next(client, project["id"]).json["id"]

    once = _next(client, project["id"], [on_screen]).json["id"]
    again = _next(client, project["id"], [on_screen]).json["id"]

    assert once == again != on_screen


def test_exclude_must_be_task_ids(client, project_with_tasks):
    project = project_with_tasks(1)

    response = client.get(f"/api/projects/{project['id']}/next/?exclude=abc")

    assert response.status_code == 400
    assert "exclude" in response.json["validation_errors"]
