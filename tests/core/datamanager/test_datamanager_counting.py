"""Totals of a data-manager page: exact while cheap, counted aside when not."""

from __future__ import annotations

import pytest

from labelcore.datamanager import counting, wait_for_counts


@pytest.fixture
def small_bound(monkeypatch):
    monkeypatch.setattr(counting, "EXACT_UP_TO", 5)


@pytest.mark.postgres
def test_past_the_bound_the_total_is_a_lower_bound_then_exact(
    client, project_with_tasks, small_bound
):
    project = project_with_tasks(12)
    url = f"/api/tasks/?project={project['id']}&page_size=3"

    first = client.get(url)
    wait_for_counts()
    second = client.get(url)

    assert first.headers["X-Total-Exact"] == "false"
    assert first.json["total"] == 6
    assert first.json["total_exact"] is False
    assert second.headers["X-Total-Exact"] == "true"
    assert second.json["total"] == 12
    assert second.json["total_exact"] is True
    assert len(second.json["tasks"]) == 3


def test_an_action_forgets_the_cached_total(client, project_with_tasks, small_bound):
    project = project_with_tasks(12)
    url = f"/api/tasks/?project={project['id']}"
    client.get(url)
    wait_for_counts()
    assert client.get(url).json["total"] == 12

    client.post(
        f"/api/dm/actions?id=delete_tasks&project={project['id']}",
        json={"selectedItems": {"all": False, "included": project["task_ids"][:2]}},
    )
    after = client.get(url)
    wait_for_counts()

    assert after.headers["X-Total-Exact"] == "false"
    assert client.get(url).json["total"] == 10


def test_small_totals_are_exact_and_follow_annotations(
    client, project_with_tasks, sections
):
    from tests.core.api.debian_packages import choice_result

    project = project_with_tasks(3)
    url = f"/api/tasks/?project={project['id']}"
    before = client.get(url).json["total_annotations"]

    client.post(
        f"/api/tasks/{project['task_ids'][0]}/annotations",
        json={"result": choice_result(sections[0])},
    )
    after = client.get(url)

    assert before == 0
    assert after.json["total_annotations"] == 1
    assert after.headers["X-Total-Exact"] == "true"
