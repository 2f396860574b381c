"""Export snapshots as jobs: Label Studio's API, filters, conversion, resuming."""

import csv
import io
import time

import orjson
import pytest

from labelcore.exports import snapshot
from labelcore.jobs.runner import run_job
from labelcore.models import Job, db

pytestmark = pytest.mark.postgres

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="label" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>"""


def result(value):
    return [
        {
            "from_name": "label",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": [value]},
        }
    ]


TASKS = [
    {"data": {"text": "annotated"}, "annotations": [{"result": result("A")}]},
    {"data": {"text": "bare"}},
    {
        "data": {"text": "skipped"},
        "annotations": [{"result": [], "was_cancelled": True}],
    },
    {
        "data": {"text": "truth"},
        "annotations": [
            {"result": result("B"), "ground_truth": True},
            {"result": result("A")},
        ],
        "predictions": [{"result": result("A"), "score": 0.9, "model_version": "m"}],
    },
]


@pytest.fixture
def project(client):
    project = client.post(
        "/api/projects/", json={"title": "Snapshots", "label_config": CONFIG}
    ).get_json()
    imported = client.post(f"/api/projects/{project['id']}/import", json=TASKS)
    assert imported.status_code == 201, imported.get_json()
    return project


def create(client, project, **body):
    response = client.post(f"/api/projects/{project['id']}/exports/", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def wait(client, project, export_id, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(
            f"/api/projects/{project['id']}/exports/{export_id}"
        ).get_json()
        if body["status"] in ("completed", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"export {export_id} did not finish: {body}")


def download(client, project, export_id, kind="JSON"):
    response = client.get(
        f"/api/projects/{project['id']}/exports/{export_id}/download?exportType={kind}"
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def texts(tasks):
    return [task["data"]["text"] for task in tasks]


def test_a_snapshot_runs_as_a_job_and_downloads_in_label_studio_shape(client, project):
    created = create(client, project, title="Everything")

    # Four tasks may be written before the answer leaves: the job is the point.
    assert created["status"] in ("in_progress", "completed")
    assert created["job"]["kind"] == "export"
    done = wait(client, project, created["id"])
    assert done["status"] == "completed", done
    assert done["counters"] == {
        "task_number": 4,
        "annotation_number": 4,
        "prediction_number": 1,
    }
    assert len(done["md5"]) == 32
    assert done["created_by"]["email"]
    tasks = orjson.loads(download(client, project, created["id"]).get_data())
    assert texts(tasks) == ["annotated", "bare", "skipped", "truth"]
    assert tasks[3]["predictions"][0]["score"] == 0.9
    listed = client.get(f"/api/projects/{project['id']}/exports/").get_json()
    assert [entry["id"] for entry in listed] == [created["id"]]
    job = client.get(f"/api/jobs/{created['job']['id']}").get_json()
    assert (job["state"], job["progress"]) == ("finished", {"done": 4, "total": 4})


@pytest.mark.parametrize(
    ("task_filter", "annotation_filter", "expected_texts", "annotations_per_task"),
    [
        ({"only_with_annotations": True}, {}, ["annotated", "skipped", "truth"], None),
        ({"annotated": "only"}, {}, ["annotated", "truth"], None),
        ({"skipped": "exclude"}, {}, ["annotated", "bare", "truth"], None),
        ({"finished": "only"}, {}, ["annotated", "truth"], None),
        (
            {"only_with_annotations": True},
            {"skipped": False, "ground_truth": False},
            ["annotated", "skipped", "truth"],
            [1, 0, 1],
        ),
        (
            {"only_with_annotations": True},
            {"usual": False},
            ["annotated", "skipped", "truth"],
            [0, 1, 1],
        ),
    ],
)
def test_snapshot_filters(
    client,
    project,
    task_filter,
    annotation_filter,
    expected_texts,
    annotations_per_task,
):
    created = create(
        client,
        project,
        task_filter_options=task_filter,
        annotation_filter_options=annotation_filter,
    )
    wait(client, project, created["id"])

    tasks = orjson.loads(download(client, project, created["id"]).get_data())
    assert texts(tasks) == expected_texts
    if annotations_per_task is not None:
        assert [len(task["annotations"]) for task in tasks] == annotations_per_task


def test_predictions_as_ids_or_left_out(client, project):
    ids_only = create(
        client, project, serialization_options={"predictions": {"only_id": True}}
    )
    without = create(client, project, serialization_options={"predictions": False})
    wait(client, project, ids_only["id"])
    wait(client, project, without["id"])

    with_ids = orjson.loads(download(client, project, ids_only["id"]).get_data())
    bare = orjson.loads(download(client, project, without["id"]).get_data())
    assert isinstance(with_ids[3]["predictions"][0], int)
    assert bare[3]["predictions"] == []


def test_a_bad_filter_is_refused_naming_it(client, project):
    response = client.post(
        f"/api/projects/{project['id']}/exports/",
        json={"task_filter_options": {"annotated": "sometimes"}},
    )

    assert response.status_code == 400
    assert response.get_json()["validation_errors"] == {
        "task_filter_options.annotated": [
            "must be 'only', 'exclude' or null, got 'sometimes'."
        ]
    }


def test_convert_makes_a_file_that_download_serves(client, project):
    created = create(client, project)
    wait(client, project, created["id"])

    converted = client.post(
        f"/api/projects/{project['id']}/exports/{created['id']}/convert",
        json={"export_type": "CSV"},
    )
    assert converted.status_code == 200, converted.get_json()
    assert converted.get_json() == {"export_type": "CSV", "converted_format": 1}
    deadline = time.monotonic() + 30
    while True:
        detail = client.get(
            f"/api/projects/{project['id']}/exports/{created['id']}"
        ).get_json()
        if detail["converted_formats"][0]["status"] == "completed":
            break
        assert time.monotonic() < deadline, detail
        time.sleep(0.05)

    response = download(client, project, created["id"], "CSV")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    # As in Label Studio's CSV, a row per annotation that was not skipped: the
    # task whose only annotation was skipped has no row, the bare task one.
    assert [row["text"] for row in rows] == [
        "annotated",
        "bare",
        "truth",
        "truth",
    ]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".csv" in response.headers["Content-Disposition"]


def test_a_snapshot_downloads_its_lines_unparsed_and_a_conversion_shows_progress(
    client, project
):
    created = create(client, project)
    wait(client, project, created["id"])
    lines = [
        line
        for line in open_snapshot_lines(client, project, created["id"])
        if line.strip()
    ]

    body = download(client, project, created["id"]).get_data()
    assert body == b"[\n" + b",\n".join(lines) + b"\n]\n"
    client.post(
        f"/api/projects/{project['id']}/exports/{created['id']}/convert",
        json={"export_type": "CSV"},
    )
    deadline = time.monotonic() + 30
    while True:
        jobs = client.get(
            f"/api/jobs/?project={project['id']}&kind=export_convert"
        ).get_json()
        if jobs and jobs[0]["state"] == "finished":
            break
        assert time.monotonic() < deadline, jobs
        time.sleep(0.05)
    assert jobs[0]["progress"] == {"done": 4, "total": 4}


def open_snapshot_lines(client, project, export_id):
    from labelcore.models import ExportSnapshot

    with client.application.app_context():
        path = db.session.get(ExportSnapshot, export_id).file_path
    with open(path, "rb") as source:
        return [line.rstrip(b"\n") for line in source]


def test_a_snapshot_not_yet_done_is_409_and_a_deleted_one_is_gone(client, project, app):
    with app.app_context():
        runner = app.extensions["labelcore"].job_runner
        submitted = runner.submit
        runner.submit = lambda *args, **kwargs: None
        try:
            created = create(client, project)
        finally:
            runner.submit = submitted

    early = client.get(
        f"/api/projects/{project['id']}/exports/{created['id']}/download"
    )
    assert early.status_code == 409
    assert "poll" in early.get_json()["detail"]

    gone = client.delete(f"/api/projects/{project['id']}/exports/{created['id']}")
    assert gone.status_code == 204
    assert (
        client.get(f"/api/projects/{project['id']}/exports/{created['id']}").status_code
        == 404
    )
    with app.app_context():
        assert db.session.get(Job, created["job"]["id"]).state == "cancelled"


def test_a_snapshot_job_run_again_after_a_crash_writes_each_task_once(
    client, project, app, monkeypatch
):
    monkeypatch.setattr(snapshot, "CHECKPOINT_TASKS", 2)
    extra = [{"text": f"more {number}"} for number in range(9)]
    client.post(f"/api/projects/{project['id']}/import", json=extra)
    with app.app_context():
        runner = app.extensions["labelcore"].job_runner
        submitted = runner.submit
        runner.submit = lambda *args, **kwargs: None
        try:
            created = create(client, project)
        finally:
            runner.submit = submitted

    calls = {"count": 0}
    real_stream = snapshot.stream_tasks

    def dying_stream(*args, **kwargs):
        for task in real_stream(*args, **kwargs):
            calls["count"] += 1
            if calls["count"] == 8:
                raise RuntimeError("worker lost")
            yield task

    monkeypatch.setattr(snapshot, "stream_tasks", dying_stream)
    job_id = created["job"]["id"]
    with app.app_context():
        run_job(job_id)
        job = db.session.get(Job, job_id)
        assert job.state == "failed"
        assert job.checkpoint["counters"]["task_number"] == 6
        job.state = "queued"
        db.session.commit()
        db.session.remove()

    monkeypatch.setattr(snapshot, "stream_tasks", real_stream)
    with app.app_context():
        run_job(job_id)
        db.session.remove()

    done = wait(client, project, created["id"])
    tasks = orjson.loads(download(client, project, created["id"]).get_data())
    assert done["counters"]["task_number"] == 13
    assert len(tasks) == 13
    assert len({task["id"] for task in tasks}) == 13


def test_a_data_manager_view_filters_the_snapshot(client, project):
    view = client.post(
        "/api/dm/views/",
        json={
            "project": project["id"],
            "data": {
                "title": "only t",
                "filters": {
                    "conjunction": "and",
                    "items": [
                        {
                            "filter": "filter:tasks:data.text",
                            "operator": "contains",
                            "type": "String",
                            "value": "t",
                        }
                    ],
                },
            },
        },
    )
    assert view.status_code == 201, view.get_json()

    created = create(
        client, project, task_filter_options={"view": view.get_json()["id"]}
    )
    done = wait(client, project, created["id"])

    assert done["status"] == "completed", done
    tasks = orjson.loads(download(client, project, created["id"]).get_data())
    assert texts(tasks) == ["annotated", "truth"]
    missing = client.post(
        f"/api/projects/{project['id']}/exports/",
        json={"task_filter_options": {"view": 999}},
    )
    assert missing.status_code == 400
    assert "has no data-manager view 999" in missing.get_json()["detail"]
