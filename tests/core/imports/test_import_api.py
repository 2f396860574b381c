"""POST /api/projects/<id>/import through the real app: inline, as a job, refused."""

import csv
import io
import time

import orjson
import pytest

from labelcore import hookimpl
from labelcore.models import Annotation, Prediction, Task, TaskEvent, db

pytestmark = pytest.mark.postgres

TEXT_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/><Choice value="Negative"/>
  </Choices>
</View>"""


def choice(value):
    return {
        "from_name": "sentiment",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": [value]},
    }


@pytest.fixture
def project_id(client):
    response = client.post(
        "/api/projects/", json={"title": "Imports", "label_config": TEXT_CONFIG}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def post_import(client, project_id, query="", **kwargs):
    return client.post(f"/api/projects/{project_id}/import{query}", **kwargs)


def task_rows(app, project_id):
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(Task).where(Task.project_id == project_id).order_by(Task.id)
            )
        )


def wait_for_import(client, project_id, import_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/projects/{project_id}/imports/{import_id}").get_json()
        if body["status"] in ("completed", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"import {import_id} did not finish: {body}")


@pytest.mark.parametrize("query", ["?return_task_ids=true", ""])
def test_json_list_imports_inline_with_task_ids(app, client, project_id, query):
    tasks = [{"text": "good"}, {"data": {"text": "bad"}, "meta": {"source": "x"}}]

    response = post_import(client, project_id, query, json=tasks)

    body = response.get_json()
    assert response.status_code == 201, body
    assert body["task_count"] == 2
    assert body["data_columns"] == ["text"]
    assert body["found_formats"] == [".json"]
    rows = task_rows(app, project_id)
    assert body["task_ids"] == [row.id for row in rows]
    assert [row.data for row in rows] == [{"text": "good"}, {"text": "bad"}]
    assert [row.inner_id for row in rows] == [1, 2]
    assert rows[1].meta == {"source": "x"}
    assert {row.state for row in rows} == {"unlabeled"}
    assert all(0 <= row.random_key < 1 for row in rows)


def test_inner_ids_continue_across_imports(app, client, project_id):
    post_import(client, project_id, json=[{"text": "a"}, {"text": "b"}])
    post_import(client, project_id, json={"text": "c"})

    assert [row.inner_id for row in task_rows(app, project_id)] == [1, 2, 3]


def test_embedded_annotations_and_predictions_set_counters_and_state(
    app, client, project_id
):
    tasks = [
        {
            "data": {"text": "liked it"},
            "annotations": [{"result": [choice("Positive")], "lead_time": 2.5}],
            "predictions": [
                {"result": [choice("Negative")], "score": 0.4, "model_version": "m1"}
            ],
        },
        {
            "data": {"text": "old"},
            "completions": [{"result": [], "was_cancelled": True}],
        },
    ]

    body = post_import(client, project_id, json=tasks).get_json()

    assert (body["task_count"], body["annotation_count"], body["prediction_count"]) == (
        2,
        2,
        1,
    )
    first, second = task_rows(app, project_id)
    assert (first.state, first.is_labeled, first.total_annotations) == (
        "completed",
        True,
        1,
    )
    assert first.total_predictions == 1
    assert (second.state, second.cancelled_annotations, second.is_labeled) == (
        "unlabeled",
        1,
        False,
    )
    with app.app_context():
        annotation = db.session.scalars(
            db.select(Annotation).where(Annotation.task_id == first.id)
        ).one()
        prediction = db.session.scalars(db.select(Prediction)).one()
        events = db.session.scalars(db.select(TaskEvent)).all()
    assert annotation.result == [choice("Positive")]
    assert annotation.lead_time == 2.5
    assert (prediction.score, prediction.model_version) == (0.4, "m1")
    assert [(e.task_id, e.from_state, e.to_state) for e in events] == [
        (first.id, "unlabeled", "completed")
    ]


def test_bad_items_are_listed_and_the_good_ones_imported(app, client, project_id):
    tasks = [
        {"text": "fine"},
        {"body": "no text key"},
        {"data": {"text": "x"}, "annotations": [{"result": [choice("Maybe")]}]},
    ]

    response = post_import(client, project_id, json=tasks)

    body = response.get_json()
    assert response.status_code == 201
    assert body["task_count"] == 1
    assert [(e["index"], e["field"]) for e in body["errors"]] == [
        (2, "data"),
        (3, "annotations[0]"),
    ]
    assert "'text'" in body["errors"][0]["message"]
    assert "missing" in body["errors"][0]["message"]
    assert "'Maybe'" in body["errors"][1]["message"]
    assert body["errors"][0]["text"].startswith("item 2: data: ")


def test_nothing_importable_is_400_naming_each_item_and_writes_nothing(
    app, client, project_id
):
    data = b'{"text": ["a list"]}\n{"title": "x"}\n'

    response = post_import(
        client,
        project_id,
        data={"file": (io.BytesIO(data), "tasks.jsonl")},
        content_type="multipart/form-data",
    )

    body = response.get_json()
    assert response.status_code == 400
    assert body["detail"].startswith("No task could be imported: line 1: data: ")
    assert [e["location"] for e in body["errors"]] == ["line 1", "line 2"]
    assert len(body["validation_errors"]["tasks"]) == 2
    assert task_rows(app, project_id) == []


def test_multipart_csv_tsv_and_txt_files(app, client, project_id):
    files = {
        "a": (io.BytesIO('\ufefftext,extra\n"two\nlines",1\n'.encode()), "a.csv"),
        "b": (io.BytesIO(b"text\tn\ntab\t2\n"), "b.tsv"),
        "c": (io.BytesIO(b"one line\nanother\n"), "c.txt"),
    }

    response = post_import(
        client, project_id, data=files, content_type="multipart/form-data"
    )

    body = response.get_json()
    assert response.status_code == 201, body
    assert body["task_count"] == 4
    assert body["found_formats"] == [".csv", ".tsv", ".txt"]
    assert [row.data["text"] for row in task_rows(app, project_id)] == [
        "two\nlines",
        "tab",
        "one line",
        "another",
    ]


def test_several_files_in_one_field_and_a_broken_line_named_with_its_file(
    client, project_id
):
    files = {
        "file": [
            (io.BytesIO(b'{"text": "ok"}\n'), "a.jsonl"),
            (io.BytesIO(b'{"text": "ok"}\n{oops\n'), "b.jsonl"),
        ]
    }

    body = post_import(
        client, project_id, data=files, content_type="multipart/form-data"
    ).get_json()

    assert body["task_count"] == 2
    assert body["errors"][0]["location"] == "b.jsonl, line 2"


def test_body_in_an_unknown_format_is_refused(client, project_id):
    response = post_import(
        client, project_id, data=b"some bytes", content_type="application/octet-stream"
    )

    assert response.status_code == 400
    assert "Cannot tell the format" in response.get_json()["detail"]


def test_empty_body_is_refused(client, project_id):
    response = post_import(
        client, project_id, data=b"", content_type="application/json"
    )

    assert response.status_code == 400
    assert "no tasks" in response.get_json()["detail"]


def test_large_import_runs_as_a_job_and_reports_like_label_studio(
    make_import_app, client_for, data_dir
):
    app = make_import_app(sync_import_limit=10)
    client = client_for(app)
    project = client.post(
        "/api/projects/", json={"title": "Big", "label_config": TEXT_CONFIG}
    ).get_json()
    tasks = [{"text": f"t{i}"} for i in range(25)] + [{"nope": 1}]

    response = client.post(
        f"/api/projects/{project['id']}/import",
        data=orjson.dumps(tasks),
        content_type="application/json",
    )

    body = response.get_json()
    assert response.status_code == 202, body
    assert response.headers["Location"] == f"/api/jobs/{body['job']['id']}"
    status = wait_for_import(client, project["id"], body["import"])
    assert status["status"] == "completed", status
    assert status["task_count"] == 25
    assert [e["index"] for e in status["errors"]] == [26]
    rows = task_rows(app, project["id"])
    assert status["task_ids"] == [row.id for row in rows]
    assert [row.import_index for row in rows] == list(range(1, 26))
    job = client.get(f"/api/jobs/{body['job']['id']}").get_json()
    assert job["state"] == "finished"
    assert job["result"]["task_count"] == 25
    assert job["progress"] == {"done": 26, "total": 26}
    assert not (data_dir / "imports" / f"{body['import']}.json").exists()


def test_txt_lines_go_to_the_one_key_the_config_reads(app, client):
    config = '<View><Text name="review" value="$review"/></View>'
    project = client.post(
        "/api/projects/", json={"title": "Reviews", "label_config": config}
    ).get_json()

    response = post_import(
        client,
        project["id"],
        data={"file": (io.BytesIO(b"great\nawful\n"), "reviews.txt")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 201, response.get_json()
    assert [row.data for row in task_rows(app, project["id"])] == [
        {"review": "great"},
        {"review": "awful"},
    ]


class ImportListener:
    LABELCORE_PLUGIN_NAME = "import-listener"

    def __init__(self):
        self.summaries = []

    @hookimpl
    def on_import_finished(self, project, summary):
        self.summaries.append((project.id, summary))


def test_plugins_hear_of_inline_and_job_imports(make_import_app, client_for):
    listener = ImportListener()
    app = make_import_app(plugins=[listener], sync_import_limit=3)
    client = client_for(app)
    project = client.post(
        "/api/projects/", json={"title": "Heard", "label_config": TEXT_CONFIG}
    ).get_json()

    inline = client.post(
        f"/api/projects/{project['id']}/import", json=[{"text": "a"}]
    ).get_json()
    queued = client.post(
        f"/api/projects/{project['id']}/import",
        json=[{"text": str(n)} for n in range(5)],
    ).get_json()
    wait_for_import(client, project["id"], queued["import"])

    assert listener.summaries == [
        (
            project["id"],
            {
                "task_count": 1,
                "annotation_count": 0,
                "prediction_count": 0,
                "import_id": None,
                "task_ids": inline["task_ids"],
            },
        ),
        (
            project["id"],
            {
                "task_count": 5,
                "annotation_count": 0,
                "prediction_count": 0,
                "import_id": queued["import"],
            },
        ),
    ]


def test_preannotated_from_fields_turns_a_column_into_a_prediction(
    app, client, project_id
):
    table = io.StringIO()
    csv.writer(table).writerows(
        [["text", "guess"], ["nice", orjson.dumps([choice("Positive")]).decode()]]
    )
    rows = table.getvalue().encode()

    response = post_import(
        client,
        project_id,
        "?preannotated_from_fields=guess",
        data={"file": (io.BytesIO(rows), "rows.csv")},
        content_type="multipart/form-data",
    )

    body = response.get_json()
    assert response.status_code == 201, body
    assert body["prediction_count"] == 1
    [task] = task_rows(app, project_id)
    assert task.data == {"text": "nice"}
    with app.app_context():
        prediction = db.session.scalars(db.select(Prediction)).one()
    assert prediction.result == [choice("Positive")]


def test_preannotated_field_that_is_missing_is_named(client, project_id):
    response = post_import(
        client,
        project_id,
        "?preannotated_from_fields=guess",
        json=[{"text": "a", "guess": []}, {"text": "b"}],
    )

    body = response.get_json()
    assert body["task_count"] == 1
    assert body["errors"][0]["field"] == "data.guess"
    assert "is missing" in body["errors"][0]["message"]
