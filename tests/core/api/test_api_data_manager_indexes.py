"""Indexes on marked data keys: the same answers, and the index really used."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa


def _contains(client, project_id, key, needle):
    query = {
        "filters": {
            "conjunction": "and",
            "items": [
                {
                    "filter": f"filter:tasks:data.{key}",
                    "operator": "contains",
                    "type": "String",
                    "value": needle,
                }
            ],
        }
    }
    response = client.get(
        "/api/tasks/",
        query_string={"project": project_id, "query": json.dumps(query)},
    )
    assert response.status_code == 200, response.json
    return [task["id"] for task in response.json["tasks"]]


def _index(client, project_id, key, kind):
    response = client.post(
        "/api/dm/indexes/", json={"project": project_id, "key": key, "kind": kind}
    )
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.postgres
def test_a_text_index_answers_contains_like_the_scan_and_follows_edits(
    client, project_with_tasks
):
    project = project_with_tasks(80)
    before = _contains(client, project["id"], "text", "library")

    made = _index(client, project["id"], "text", "text")
    indexed = _contains(client, project["id"], "text", "LIBRARY")
    client.patch(
        f"/api/tasks/{project['task_ids'][0]}",
        json={"data": {"text": "a zebrafish library", "section": "misc"}},
    )
    client.delete(f"/api/tasks/{before[-1]}")
    after_edits = _contains(client, project["id"], "text", "zebrafish")
    after_delete = _contains(client, project["id"], "text", "library")

    assert made["kind"] == "text"
    assert indexed == before
    assert after_edits == [project["task_ids"][0]]
    assert before[-1] not in after_delete


def test_the_sqlite_text_index_serves_contains_from_fts(
    app, client, project_with_tasks
):
    project = project_with_tasks(30)
    made = _index(client, project["id"], "text", "text")
    new_task = client.post(
        "/api/tasks/",
        json={"project": project["id"], "data": {"text": "quokka", "section": "x"}},
    ).json

    with app.app_context():
        from labelcore.models import db

        rows = db.session.execute(
            sa.text(f'SELECT rowid FROM "{made["index_name"]}" WHERE value LIKE :p'),
            {"p": "%quokka%"},
        ).all()

    assert [row[0] for row in rows] == [new_task["id"]]
    assert _contains(client, project["id"], "text", "quokka") == [new_task["id"]]


def test_a_value_index_is_used_for_equality_on_its_key(app, client, project_with_tasks):
    from labelcore.datamanager import DataManagerQuery
    from labelcore.datamanager.query import ordered_tasks
    from labelcore.models import Project, db

    project = project_with_tasks(30)
    made = _index(client, project["id"], "section", "value")

    with app.app_context():
        row = db.session.get(Project, project["id"])
        query = DataManagerQuery.parse(
            {
                "filters": {
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
            }
        )
        select, _ = ordered_tasks(row, query)
        compiled = select.compile(
            db.engine, compile_kwargs={"literal_binds": True}
        ).string
        plan = db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}")).all()

    assert any(made["index_name"] in str(step) for step in plan), plan


def test_indexes_are_listed_made_once_and_dropped(client, project_with_tasks):
    project = project_with_tasks(5)

    first = _index(client, project["id"], "section", "value")
    again = client.post(
        "/api/dm/indexes/",
        json={"project": project["id"], "key": "section", "kind": "value"},
    )
    listed = client.get(f"/api/dm/indexes/?project={project['id']}").json
    dropped = client.delete(f"/api/dm/indexes/{first['id']}/")

    assert again.json["id"] == first["id"]
    assert [entry["key"] for entry in listed] == ["section"]
    assert dropped.status_code == 204
    assert client.get(f"/api/dm/indexes/?project={project['id']}").json == []
    assert _contains(client, project["id"], "section", "lib") is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "a'b", "kind": "value"}, "key"),
        ({"key": "text", "kind": "fuzzy"}, "kind"),
    ],
)
def test_a_bad_key_or_kind_is_refused(client, project_with_tasks, body, field):
    project = project_with_tasks(1)

    response = client.post("/api/dm/indexes/", json={"project": project["id"], **body})

    assert response.status_code == 400
    assert field in response.json["validation_errors"]
