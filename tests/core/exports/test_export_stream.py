"""The export stream: Label Studio's shape, page by page, filtered as asked."""

import orjson
import pytest

from labelcore.exports import stream

pytestmark = pytest.mark.postgres

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="label" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>"""

TASK_KEYS = {
    "id",
    "data",
    "annotations",
    "predictions",
    "meta",
    "inner_id",
    "total_annotations",
    "cancelled_annotations",
    "total_predictions",
    "created_at",
    "updated_at",
    "project",
    "drafts",
    "file_upload",
    "updated_by",
}
ANNOTATION_KEYS = {
    "id",
    "completed_by",
    "result",
    "was_cancelled",
    "ground_truth",
    "created_at",
    "updated_at",
    "lead_time",
    "task",
    "project",
    "prediction",
    "parent_prediction",
    "parent_annotation",
}
PREDICTION_KEYS = {"id", "model_version", "score", "result", "task", "project"}


def result(value):
    return [
        {
            "id": "r1",
            "from_name": "label",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": [value]},
        }
    ]


@pytest.fixture
def project(client):
    project = client.post(
        "/api/projects/", json={"title": "Export", "label_config": CONFIG}
    ).get_json()
    tasks = [
        {"data": {"text": "one"}, "annotations": [{"result": result("A")}]},
        {"data": {"text": "two"}},
        {
            "data": {"text": "three"},
            "meta": {"batch": 3},
            "annotations": [{"result": result("B"), "ground_truth": True}],
            "predictions": [
                {"result": result("A"), "score": 0.5, "model_version": "v"}
            ],
        },
    ]
    response = client.post(f"/api/projects/{project['id']}/import", json=tasks)
    assert response.status_code == 201, response.get_json()
    return project


def export(client, project, query=""):
    response = client.get(
        f"/api/projects/{project['id']}/export?exportType=JSON{query}"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return orjson.loads(response.get_data())


def test_export_has_label_studio_shape_and_only_annotated_tasks(client, project):
    tasks = export(client, project)

    assert [task["data"]["text"] for task in tasks] == ["one", "three"]
    first, third = tasks
    assert set(first) >= TASK_KEYS
    assert set(first["annotations"][0]) >= ANNOTATION_KEYS
    assert set(third["predictions"][0]) >= PREDICTION_KEYS
    assert first["project"] == project["id"]
    assert first["annotations"][0]["result"] == result("A")
    assert first["annotations"][0]["task"] == first["id"]
    assert third["annotations"][0]["ground_truth"] is True
    assert third["predictions"][0]["score"] == 0.5
    assert third["meta"] == {"batch": 3}
    assert (third["total_annotations"], third["total_predictions"]) == (1, 1)
    assert first["created_at"].endswith("Z")


def test_download_all_tasks_and_ids(client, project):
    everything = export(client, project, "&download_all_tasks=true")
    chosen = export(
        client, project, f"&download_all_tasks=true&ids={everything[1]['id']}"
    )

    assert [task["data"]["text"] for task in everything] == ["one", "two", "three"]
    assert [task["data"]["text"] for task in chosen] == ["two"]


def test_pages_follow_each_other_without_gaps(client, project, monkeypatch):
    monkeypatch.setattr(stream, "PAGE_SIZE", 2)
    tasks = [{"text": f"t{n}"} for n in range(7)]
    client.post(f"/api/projects/{project['id']}/import", json=tasks)

    exported = export(client, project, "&download_all_tasks=1")

    assert len(exported) == 10
    assert [task["id"] for task in exported] == sorted(task["id"] for task in exported)
    assert len({task["id"] for task in exported}) == 10


def test_projects_whose_tasks_interleave_export_only_their_own(
    client, project, monkeypatch
):
    monkeypatch.setattr(stream, "PAGE_SIZE", 2)
    other = client.post(
        "/api/projects/", json={"title": "Other", "label_config": CONFIG}
    ).get_json()
    for number in range(3):
        for target in (other, project):
            client.post(
                f"/api/projects/{target['id']}/import",
                json=[{"text": f"{target['title']} {number}"}],
            )

    mine = export(client, project, "&download_all_tasks=1")
    theirs = export(client, other, "&download_all_tasks=1")

    assert [task["data"]["text"] for task in mine][3:] == [
        "Export 0",
        "Export 1",
        "Export 2",
    ]
    assert [task["data"]["text"] for task in theirs] == [
        "Other 0",
        "Other 1",
        "Other 2",
    ]
    assert export(client, {"id": other["id"]}, "&download_all_tasks=1&ids=999999") == []


def test_a_page_of_tasks_is_a_primary_key_range_on_sqlite(app, client, project):
    import sqlalchemy as sa

    from labelcore.models import Project, db

    pages = []
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plan checked is SQLite's")

        def remember(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().startswith("SELECT task.id"):
                pages.append((statement, parameters))

        sa.event.listen(db.engine, "before_cursor_execute", remember)
        try:
            tasks = list(
                stream.stream_tasks(
                    db.session.get(Project, project["id"]), {"download_all_tasks": True}
                )
            )
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", remember)
        statement, parameters = pages[0]
        plan = db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        )
        details = " ".join(str(row[-1]) for row in plan)

    assert len(tasks) == 3
    assert "PRIMARY KEY" in details, details
    assert "TEMP B-TREE" not in details, details
