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


def every_task_and_its_pages(project_id):
    """Inside an app context: every task of the project as the stream gives
    it, and the (statement, parameters) of each page's query of task ids."""
    import sqlalchemy as sa

    from labelcore.models import Project, db

    pages = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT task.id"):
            pages.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", remember)
    try:
        tasks = list(
            stream.stream_tasks(
                db.session.get(Project, project_id), {"download_all_tasks": True}
            )
        )
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", remember)
    return tasks, pages


def test_a_page_of_tasks_is_a_primary_key_range_on_sqlite(app, client, project):
    from labelcore.models import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the plan checked is SQLite's")
        tasks, pages = every_task_and_its_pages(project["id"])
        statement, parameters = pages[0]
        plan = db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        )
        details = " ".join(str(row[-1]) for row in plan)

    assert len(tasks) == 3
    assert "PRIMARY KEY" in details, details
    assert "TEMP B-TREE" not in details, details


def test_pages_find_every_task_once_among_another_projects_and_a_filter(
    app, client, monkeypatch
):
    # Pages of five tasks, so that the windows of ids each page looks in
    # widen over the other project's ids and the unannotated tasks, and
    # narrow again where the project's annotated tasks are dense.
    monkeypatch.setattr(stream, "PAGE_SIZE", 5)
    from labelcore.models import Project, db

    mine, theirs = (
        client.post(
            "/api/projects/", json={"title": title, "label_config": CONFIG}
        ).get_json()["id"]
        for title in ("Mine", "Theirs")
    )
    expected, annotated = [], []
    for batch, size in enumerate((3, 40, 1, 25, 7, 60, 2)):
        tasks = [
            {"data": {"text": f"{batch}-{number}"}}
            if batch % 3 and number % 4
            else {
                "data": {"text": f"{batch}-{number}"},
                "annotations": [{"result": result("A")}],
            }
            for number in range(size)
        ]
        answer = client.post(
            f"/api/projects/{mine}/import?return_task_ids=true", json=tasks
        ).get_json()
        expected += answer["task_ids"]
        annotated += [
            task_id
            for task_id, task in zip(answer["task_ids"], tasks, strict=True)
            if "annotations" in task
        ]
        other = [{"data": {"text": "theirs"}}] * (batch * 13 % 50 + 1)
        client.post(f"/api/projects/{theirs}/import", json=other)

    with app.app_context():
        project = db.session.get(Project, mine)
        everything = [
            task["id"]
            for task in stream.stream_tasks(project, {"download_all_tasks": True})
        ]
        only_annotated = [task["id"] for task in stream.stream_tasks(project, {})]
        resumed = [
            task["id"]
            for task in stream.stream_tasks(
                project, {"download_all_tasks": True}, after_id=expected[50]
            )
        ]
        chosen = expected[::9]
        some = [
            task["id"]
            for task in stream.stream_tasks(
                project, {"download_all_tasks": True, "ids": chosen}
            )
        ]

    assert everything == expected
    assert only_annotated == annotated
    assert resumed == expected[51:]
    assert some == chosen


def test_a_page_reads_no_more_than_its_window_when_postgres_sorts(app, client):
    # Before autovacuum's first ANALYZE of a new database, PostgreSQL plans
    # a page of a project of 100,000 tasks as "gather every task of the
    # project after the last one, sort them, keep 1,000" (it takes the
    # project for a handful of rows). Plain index scans turned off, a small
    # project gets that plan too; the page must still read only its window.
    from labelcore.models import db

    project_id = client.post(
        "/api/projects/", json={"title": "Sorted", "label_config": CONFIG}
    ).get_json()["id"]
    for start in range(0, 5000, 1000):
        client.post(
            f"/api/projects/{project_id}/import",
            json=[{"text": f"task {number}"} for number in range(start, start + 1000)],
        )
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the plan checked is PostgreSQL's")
        tasks, pages = every_task_and_its_pages(project_id)
        connection = db.session.connection()
        connection.exec_driver_sql("SET LOCAL enable_indexscan = off")
        statement, parameters = pages[1]
        plan = connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
        ).scalar()
        db.session.rollback()

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    assert len(tasks) == 5000
    assert "Sort" in {node["Node Type"] for node in nodes(plan[0]["Plan"])}, plan
    read = max(node["Actual Rows"] for node in nodes(plan[0]["Plan"]))
    assert read <= 2 * stream.PAGE_SIZE, plan


def test_timestamps_have_one_shape_whatever_the_database(app, client, project):
    from datetime import datetime

    import sqlalchemy as sa

    from labelcore.models import Annotation, Task, db

    whole_second = datetime(2024, 2, 29, 23, 59, 7)
    some_micros = datetime(2024, 2, 29, 23, 59, 7, 120)
    with app.app_context():
        first = db.session.scalars(
            sa.select(Task.id).where(Task.project_id == project["id"]).order_by(Task.id)
        ).first()
        db.session.execute(
            sa.update(Task)
            .where(Task.id == first)
            .values(created_at=whole_second, updated_at=some_micros)
        )
        db.session.execute(
            sa.update(Annotation)
            .where(Annotation.task_id == first)
            .values(created_at=some_micros, updated_at=whole_second)
        )
        db.session.commit()

    task = export(client, project)[0]

    assert task["created_at"] == "2024-02-29T23:59:07.000000Z"
    assert task["updated_at"] == "2024-02-29T23:59:07.000120Z"
    annotation = task["annotations"][0]
    assert annotation["created_at"] == "2024-02-29T23:59:07.000120Z"
    assert annotation["updated_at"] == "2024-02-29T23:59:07.000000Z"
    assert stream.stamp(whole_second) == "2024-02-29T23:59:07.000000Z"
    assert stream.stamp(some_micros) == "2024-02-29T23:59:07.000120Z"
    assert stream.stamp("2024-02-29 23:59:07") == "2024-02-29T23:59:07.000000Z"
