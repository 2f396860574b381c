"""Actions on a selection: ``POST /api/dm/actions?id=...&project=...``."""

from __future__ import annotations

import pytest

from labelcore import DataManagerAction, hookimpl
from tests.core.api.debian_packages import choice_result


def _act(client, action, project_id, selected, **body):
    return client.post(
        f"/api/dm/actions?id={action}&project={project_id}",
        json={"selectedItems": selected, **body},
    )


def _task_ids(client, project_id):
    response = client.get(f"/api/tasks/?project={project_id}&page_size=1000")
    return [task["id"] for task in response.json["tasks"]]


def test_the_built_in_actions_are_listed_with_label_studio_ids(client):
    listed = client.get("/api/dm/actions/?project=1").json

    by_id = {action["id"]: action for action in listed}
    assert {
        "delete_tasks",
        "delete_tasks_annotations",
        "delete_tasks_predictions",
    } <= set(by_id)
    assert by_id["delete_tasks"]["dialog"]["type"] == "confirm"
    assert by_id["delete_tasks"]["title"] == "Delete tasks"


@pytest.mark.postgres
def test_delete_listed_tasks(client, project_with_tasks):
    project = project_with_tasks(6)
    ids = project["task_ids"]

    response = _act(
        client, "delete_tasks", project["id"], {"all": False, "included": ids[:2]}
    )

    assert response.status_code == 200, response.json
    assert response.json["processed_items"] == 2
    assert _task_ids(client, project["id"]) == ids[2:]


@pytest.mark.postgres
def test_delete_all_but_the_excluded_tasks_in_batches(
    client, project_with_tasks, monkeypatch
):
    from labelcore.datamanager import actions

    monkeypatch.setattr(actions, "BATCH", 2)
    project = project_with_tasks(7)
    ids = project["task_ids"]

    response = _act(
        client, "delete_tasks", project["id"], {"all": True, "excluded": [ids[3]]}
    )

    assert response.json["processed_items"] == 6
    assert _task_ids(client, project["id"]) == [ids[3]]


@pytest.mark.postgres
def test_select_all_means_all_the_filters_match(client, project_with_tasks):
    project = project_with_tasks(10)
    ids = project["task_ids"]
    filters = {
        "conjunction": "and",
        "items": [
            {
                "filter": "filter:tasks:id",
                "operator": "greater",
                "type": "Number",
                "value": ids[6],
            }
        ],
    }

    response = _act(
        client,
        "delete_tasks",
        project["id"],
        {"all": True, "excluded": []},
        filters=filters,
    )

    assert response.json["processed_items"] == 3
    assert _task_ids(client, project["id"]) == ids[:7]


def test_select_all_in_a_view_uses_the_view_filters(client, project_with_tasks):
    project = project_with_tasks(10)
    ids = project["task_ids"]
    view = client.post(
        "/api/dm/views/",
        json={
            "project": project["id"],
            "data": {
                "filters": {
                    "conjunction": "and",
                    "items": [
                        {
                            "filter": "filter:tasks:id",
                            "operator": "less",
                            "type": "Number",
                            "value": ids[2],
                        }
                    ],
                }
            },
        },
    ).json

    response = client.post(
        f"/api/dm/actions?id=delete_tasks&project={project['id']}&view={view['id']}",
        json={"selectedItems": {"all": True, "excluded": []}},
    )

    assert response.json["processed_items"] == 2
    assert _task_ids(client, project["id"]) == ids[2:]


@pytest.mark.postgres
def test_delete_annotations_resets_counts_and_state(
    client, project_with_tasks, sections
):
    project = project_with_tasks(3)
    first, second, third = project["task_ids"]
    for task_id in (first, second):
        client.post(
            f"/api/tasks/{task_id}/annotations",
            json={"result": choice_result(sections[0])},
        )
    client.post(f"/api/tasks/{third}/annotations", json={"was_cancelled": True})

    response = _act(
        client, "delete_tasks_annotations", project["id"], {"all": True, "excluded": []}
    )

    assert response.json["processed_items"] == 3
    for task_id in project["task_ids"]:
        task = client.get(f"/api/tasks/{task_id}").json
        assert task["annotations"] == []
        assert (task["total_annotations"], task["cancelled_annotations"]) == (0, 0)
        assert task["state"] == "unlabeled"
        assert task["is_labeled"] is False
    assert client.get(f"/api/projects/{project['id']}/next/").json["id"] == first


@pytest.mark.postgres
def test_delete_predictions_clears_counts_and_sampling_keys(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    first, second = project["task_ids"]
    for task_id in (first, second):
        client.post(
            "/api/predictions",
            json={"task": task_id, "result": choice_result(sections[0]), "score": 0.3},
        )

    response = _act(
        client,
        "delete_tasks_predictions",
        project["id"],
        {"all": False, "included": [first]},
    )

    assert response.json["processed_items"] == 1
    listed = {
        task["id"]: task
        for task in client.get(f"/api/tasks/?project={project['id']}").json["tasks"]
    }
    assert listed[first]["total_predictions"] == 0
    assert listed[first]["predictions_score"] is None
    assert listed[second]["predictions_score"] == 0.3


def test_an_unknown_action_or_a_missing_selection_is_refused(
    client, project_with_tasks
):
    project = project_with_tasks(1)

    unknown = _act(client, "drop_everything", project["id"], {"all": True})
    missing = client.post(
        f"/api/dm/actions?id=delete_tasks&project={project['id']}", json={}
    )

    assert unknown.status_code == 400
    assert "delete_tasks" in unknown.json["detail"]
    assert missing.status_code == 400
    assert "selectedItems" in missing.json["validation_errors"]
    assert len(_task_ids(client, project["id"])) == 1


def test_the_legacy_sdk_delete_tasks_shape_works(client, project_with_tasks):
    project = project_with_tasks(3)
    ids = project["task_ids"]

    response = client.post(
        f"/api/dm/actions?project={project['id']}&id=delete_tasks",
        json={"selectedItems": {"all": False, "included": [ids[0]]}, "project": 1},
    )

    assert response.status_code == 200
    assert _task_ids(client, project["id"]) == ids[1:]


class _MarkPlugin:
    """An in-house action: writes a flag into the meta of the chosen tasks."""

    LABELCORE_PLUGIN_NAME = "mark_tasks"

    @staticmethod
    def mark(project, task_ids, user, params):
        import sqlalchemy as sa

        from labelcore.models import Task, db

        tasks = db.session.execute(sa.select(Task).where(Task.id.in_(task_ids)))
        count = 0
        for task in tasks.scalars():
            task.meta = {**(task.meta or {}), "mark": params.get("mark", "x")}
            count += 1
        db.session.commit()
        return {"processed_items": count}

    @hookimpl
    def register_data_manager_actions(self):
        return [DataManagerAction(id="mark", title="Mark", run=self.mark)]


def test_a_plugin_adds_an_action_that_runs_on_the_selection(make_app, packages):
    from tests.core.api.debian_packages import as_tasks, section_config
    from tests.support.credentials import ADMIN_TOKEN

    app = make_app(plugins=[_MarkPlugin()])
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project = client.post(
        "/api/projects/",
        json={"title": "Marks", "label_config": section_config(["libs", "devel"])},
    ).json
    imported = client.post(
        f"/api/projects/{project['id']}/import?return_task_ids=true",
        json=as_tasks(packages[:3]),
    ).json

    listed = [action["id"] for action in client.get("/api/dm/actions/").json]
    response = _act(
        client,
        "mark",
        project["id"],
        {"all": False, "included": imported["task_ids"][:2]},
        mark="seen",
    )

    assert "mark" in listed
    assert response.json == {"processed_items": 2}
    metas = [
        client.get(f"/api/tasks/{task_id}").json["meta"].get("mark")
        for task_id in imported["task_ids"]
    ]
    assert metas == ["seen", "seen", None]


class _Hijacker:
    LABELCORE_PLUGIN_NAME = "hijacker"

    @hookimpl
    def register_data_manager_actions(self):
        return [DataManagerAction(id="delete_tasks", title="Mine", run=print)]


def test_a_plugin_cannot_replace_a_built_in_action(make_app):
    from labelcore.plugins import PluginError

    with pytest.raises(PluginError, match=r"'hijacker'.*'delete_tasks'"):
        make_app(plugins=[_Hijacker()])
