"""Saved views (tabs) under ``/api/dm/views/``: round trip, order, and use."""

from __future__ import annotations

import pytest

SECTION_FILTER = {
    "conjunction": "and",
    "items": [
        {
            "filter": "filter:tasks:data.section",
            "operator": "equal",
            "type": "String",
            "value": "libs",
        }
    ],
}


@pytest.fixture
def libs_project(project_with_tasks, packages):
    project = project_with_tasks(40)
    records = dict(zip(project["task_ids"], packages[:40], strict=True))
    project["libs"] = [i for i, r in records.items() if r["section"] == "libs"]
    assert project["libs"], "the first 40 packages hold a libs package"
    return project


def _create(client, project_id, **data):
    body = {"project": project_id, "data": {"title": "Libraries", **data}}
    response = client.post("/api/dm/views/", json=body)
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.postgres
def test_a_view_round_trips_its_filters_ordering_and_columns(client, libs_project):
    data = {
        "filters": SECTION_FILTER,
        "ordering": ["-tasks:id"],
        "hiddenColumns": {"explore": ["tasks:inner_id"], "labeling": []},
        "columnsWidth": {"tasks:id": 80},
    }

    created = _create(client, libs_project["id"], **data)
    read = client.get(f"/api/dm/views/{created['id']}/").json
    listed = client.get(f"/api/dm/views/?project={libs_project['id']}").json

    assert read["data"] == {"title": "Libraries", **data}
    assert read["project"] == libs_project["id"]
    assert [view["id"] for view in listed] == [created["id"]]


@pytest.mark.postgres
def test_listing_tasks_of_a_view_applies_its_filters_and_ordering(client, libs_project):
    view = _create(
        client, libs_project["id"], filters=SECTION_FILTER, ordering=["-tasks:id"]
    )

    response = client.get(f"/api/tasks/?view={view['id']}")

    assert response.status_code == 200
    assert [task["id"] for task in response.json["tasks"]] == sorted(
        libs_project["libs"], reverse=True
    )


def test_a_request_query_overrides_the_view(client, libs_project):
    view = _create(client, libs_project["id"], filters=SECTION_FILTER)

    response = client.get(
        "/api/tasks/",
        query_string={
            "project": libs_project["id"],
            "view": view["id"],
            "query": '{"filters": {"conjunction": "and", "items": []}}',
        },
    )

    assert response.json["total"] == 40


def test_patch_replaces_data_and_a_bad_filter_is_refused_on_save(client, libs_project):
    view = _create(client, libs_project["id"], filters=SECTION_FILTER)

    changed = client.patch(
        f"/api/dm/views/{view['id']}/", json={"data": {"title": "All", "filters": {}}}
    )
    refused = client.patch(
        f"/api/dm/views/{view['id']}/",
        json={
            "data": {
                "filters": {
                    "conjunction": "and",
                    "items": [
                        {
                            "filter": "filter:tasks:annotators.password_hash",
                            "operator": "equal",
                            "value": "x",
                        }
                    ],
                }
            }
        },
    )

    assert changed.status_code == 200
    assert changed.json["data"]["title"] == "All"
    assert refused.status_code == 400
    assert client.get(f"/api/dm/views/{view['id']}/").json["data"]["title"] == "All"


def test_views_are_ordered_reordered_and_reset(client, libs_project):
    project_id = libs_project["id"]
    first = _create(client, project_id)
    second = _create(client, project_id)

    reordered = client.post(
        "/api/dm/views/order/",
        json={"project": project_id, "ids": [second["id"], first["id"]]},
    )
    listed = client.get(f"/api/dm/views/?project={project_id}").json
    reset = client.delete(f"/api/dm/views/reset/?project={project_id}")

    assert reordered.status_code == 204
    assert [view["id"] for view in listed] == [second["id"], first["id"]]
    assert reset.status_code == 204
    assert client.get(f"/api/dm/views/?project={project_id}").json == []


def test_a_deleted_view_is_gone(client, libs_project):
    view = _create(client, libs_project["id"])

    assert client.delete(f"/api/dm/views/{view['id']}/").status_code == 204
    assert client.get(f"/api/dm/views/{view['id']}/").status_code == 404


def test_a_view_of_another_organization_is_not_found(
    client, libs_project, app, annotator_client
):
    from labelcore.models import Organization, User, db

    view = _create(client, libs_project["id"])
    outsider = annotator_client()
    with app.app_context():
        elsewhere = Organization(title="Elsewhere")
        db.session.add(elsewhere)
        db.session.flush()
        db.session.get(User, outsider.user_id).active_organization_id = elsewhere.id
        db.session.commit()

    assert outsider.get(f"/api/dm/views/{view['id']}/").status_code == 404


@pytest.mark.postgres
def test_the_label_stream_runs_over_a_view(client, libs_project):
    view = _create(client, libs_project["id"], filters=SECTION_FILTER)

    handed = client.get(f"/api/projects/{libs_project['id']}/next/?view={view['id']}")

    assert handed.status_code == 200
    assert handed.json["id"] == libs_project["libs"][0]
    assert handed.json["data"]["section"] == "libs"


def test_the_label_stream_over_a_view_ends_when_the_view_is_done(
    client, libs_project, sections
):
    from tests.core.api.debian_packages import choice_result

    view = _create(client, libs_project["id"], filters=SECTION_FILTER)
    url = f"/api/projects/{libs_project['id']}/next/?view={view['id']}"

    handed = []
    while (response := client.get(url)).status_code == 200:
        handed.append(response.json["id"])
        client.post(
            f"/api/tasks/{response.json['id']}/annotations",
            json={"result": choice_result(sections[0])},
        )

    assert handed == libs_project["libs"]
    assert response.json["code"] == "no_more_tasks"
