"""An import job killed midway and run again leaves exactly one copy of each task."""

import io
import time

import pytest

from labelcore import Importer, ImportFormatError, hookimpl
from labelcore.imports import pipeline
from labelcore.jobs.runner import run_job
from labelcore.models import ImportRecord, Job, Task, db

pytestmark = pytest.mark.postgres

CONFIG = '<View><Text name="text" value="$text"/></View>'


class FlakyLines(Importer):
    """One task per line; dies at ``fail_at`` while that is set, like a crash."""

    name = "flaky"
    extensions = (".flaky",)

    def __init__(self):
        self.fail_at = None

    def check(self, stream, options):
        # The crash stands for a worker dying mid-import, not for a file that
        # cannot be read: the file itself is whole.
        return None

    def read(self, stream, options):
        for number, line in enumerate(stream, 1):
            if number == self.fail_at:
                raise RuntimeError("worker lost")
            text = line.decode().strip()
            if text == "bad":
                yield ImportFormatError(f"line {number}", "bad line")
            else:
                yield f"line {number}", {"text": text}


class FlakyPlugin:
    LABELCORE_PLUGIN_NAME = "flaky"

    def __init__(self):
        self.importer = FlakyLines()

    @hookimpl
    def register_importers(self):
        return [self.importer]


def wait_until_final(app, job_id, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(Job, job_id)
            if job.state in ("finished", "failed", "cancelled"):
                return job.state
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def rerun(app, job_id, keep_checkpoint=True):
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.state = "queued"
        if not keep_checkpoint:
            job.checkpoint = {}
        db.session.commit()
        run_job(job_id)
        db.session.remove()


def imported(app, project_id):
    with app.app_context():
        rows = db.session.execute(
            db.select(Task.import_index, Task.inner_id, Task.data)
            .where(Task.project_id == project_id)
            .order_by(Task.import_index)
        ).all()
        return [tuple(row) for row in rows]


@pytest.mark.postgres
def test_resumed_job_skips_committed_batches(make_import_app, client_for, monkeypatch):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 5)
    plugin = FlakyPlugin()
    plugin.importer.fail_at = 13
    app = make_import_app(plugins=[plugin], sync_import_limit=3)
    client = client_for(app)
    project = client.post(
        "/api/projects/", json={"title": "Resume", "label_config": CONFIG}
    ).get_json()
    lines = [f"task {n}" if n != 7 else "bad" for n in range(1, 26)]

    response = client.post(
        f"/api/projects/{project['id']}/import",
        data={"file": (io.BytesIO("\n".join(lines).encode()), "tasks.flaky")},
        content_type="multipart/form-data",
    )
    body = response.get_json()
    assert response.status_code == 202, body
    job_id, import_id = body["job"]["id"], body["import"]

    assert wait_until_final(app, job_id) == "failed"
    status = client.get(f"/api/projects/{project['id']}/imports/{import_id}").get_json()
    assert status["status"] == "failed"
    assert status["error"] == "worker lost"
    assert len(imported(app, project["id"])) == 10

    plugin.importer.fail_at = None
    rerun(app, job_id)

    rows = imported(app, project["id"])
    expected = [n for n in range(1, 26) if n != 7]
    assert [row[0] for row in rows] == expected
    assert [row[1] for row in rows] == list(range(1, 25))
    assert [row[2]["text"] for row in rows] == [f"task {n}" for n in expected]
    with app.app_context():
        record = db.session.get(ImportRecord, import_id)
        assert (record.status, record.task_count) == ("completed", 24)
        assert [error["location"] for error in record.errors] == ["line 7"]

    rerun(app, job_id, keep_checkpoint=False)

    assert len(imported(app, project["id"])) == 24
