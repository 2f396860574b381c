"""Jobs in the embedded mode: records, progress, failure, cancellation, reruns."""

import time

import pytest

from labelcore import hookimpl
from labelcore.jobs import enqueue, job_kind
from labelcore.jobs.runner import run_job
from labelcore.models import Job, db
from tests.core.api.waiting import wait_for_job
from tests.support.credentials import ADMIN_TOKEN

TEXT_CONFIG = '<View><Text name="text" value="$text"/></View>'


@job_kind("tests.count")
def count_to(context):
    total = context.params["up_to"]
    for number in range(1, total + 1):
        context.progress(number, total)
    return {"counted": total}


@job_kind("tests.fail")
def fail(context):
    context.progress(1, 3)
    raise ValueError("the input file vanished")


@job_kind("tests.wait")
def wait_until_cancelled(context):
    # Like an import: commit a step, check for cancellation, work a while.
    deadline = time.monotonic() + 30
    step = 0
    while time.monotonic() < deadline:
        step += 1
        context.progress(step)
        context.raise_if_cancelled()
        time.sleep(0.02)
    raise AssertionError("the job was never cancelled")


@job_kind("tests.pause")
def commit_then_pause(context):
    for step in range(1, context.params["steps"] + 1):
        context.progress(step, context.params["steps"])
        context.raise_if_cancelled()
        time.sleep(context.params["pause"])
    return {}


def _enqueue(app, kind, **params) -> int:
    with app.app_context():
        return enqueue(kind, params, organization_id=1).id


def test_a_job_runs_and_records_its_result_and_progress(app, client):
    job_id = _enqueue(app, "tests.count", up_to=5)

    job = wait_for_job(client, job_id)

    assert job["state"] == "finished"
    assert job["result"] == {"counted": 5}
    assert job["progress"] == {"done": 5, "total": 5}
    assert job["attempts"] == 1
    assert job["error"] is None


def test_a_failing_job_records_the_error(app, client):
    job_id = _enqueue(app, "tests.fail")

    job = wait_for_job(client, job_id)

    assert job["state"] == "failed"
    assert job["error"] == "the input file vanished"
    assert job["progress"]["done"] == 1
    assert job["finished_at"]


def test_a_running_job_stops_when_cancelled(app, client):
    job_id = _enqueue(app, "tests.wait")
    deadline = time.monotonic() + 10
    while client.get(f"/api/jobs/{job_id}").json["state"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)

    cancelled = client.post(f"/api/jobs/{job_id}/cancel/")
    job = wait_for_job(client, job_id)

    # The job may finish the step it was in; after that it does no more.
    time.sleep(0.3)
    settled = client.get(f"/api/jobs/{job_id}").json
    time.sleep(0.3)
    later = client.get(f"/api/jobs/{job_id}").json

    assert cancelled.status_code == 200
    assert job["state"] == "cancelled"
    assert later["state"] == "cancelled"
    assert later["progress"]["done"] == settled["progress"]["done"]


def test_a_job_between_steps_does_not_hold_up_other_writers(app, client):
    job_id = _enqueue(app, "tests.pause", steps=8, pause=0.5)
    deadline = time.monotonic() + 10
    while client.get(f"/api/jobs/{job_id}").json["progress"]["done"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.02)

    waits = []
    for number in range(5):
        started = time.monotonic()
        response = client.post(
            "/api/projects/", json={"title": f"P{number}", "label_config": TEXT_CONFIG}
        )
        waits.append(time.monotonic() - started)
        assert response.status_code == 201
        time.sleep(0.1)

    assert wait_for_job(client, job_id)["state"] == "finished"
    assert max(waits) < 0.25, f"writes waited {waits} s for the job's lock"


def test_a_finished_job_is_not_run_again(app, client):
    job_id = _enqueue(app, "tests.count", up_to=2)
    wait_for_job(client, job_id)

    with app.app_context():
        run_job(job_id)
        job = db.session.get(Job, job_id)
        attempts = job.attempts

    assert attempts == 1


def test_an_unknown_job_kind_is_refused_naming_the_known(app):
    with app.app_context(), pytest.raises(LookupError) as raised:
        enqueue("tests.nothing", {})

    assert "'tests.nothing'" in str(raised.value)
    assert "import" in str(raised.value)


def test_a_job_kind_cannot_be_registered_twice():
    with pytest.raises(ValueError, match=r"'tests\.count'"):

        @job_kind("tests.count")
        def another(context):
            return {}


class _FinishedJobs:
    LABELCORE_PLUGIN_NAME = "finished-jobs"

    def __init__(self):
        self.told: list[tuple[int, str]] = []

    @hookimpl
    def on_job_finished(self, job):
        self.told.append((job.id, job.state))


def test_a_job_cancelled_while_queued_is_told_of_once(make_app):
    heard = _FinishedJobs()
    app = make_app(plugins=[heard], job_workers=1)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    running = _enqueue(app, "tests.wait")
    queued = _enqueue(app, "tests.count", up_to=3)

    cancelled = client.post(f"/api/jobs/{queued}/cancel")
    client.post(f"/api/jobs/{running}/cancel")
    # The running job's runner tells of it once the job stops at a checkpoint.
    deadline = time.monotonic() + 30
    while (running, "cancelled") not in heard.told:
        assert time.monotonic() < deadline, heard.told
        time.sleep(0.02)

    assert cancelled.status_code == 200, cancelled.json
    assert cancelled.json["state"] == "cancelled"
    assert heard.told.count((queued, "cancelled")) == 1
    assert heard.told.count((running, "cancelled")) == 1
    assert wait_for_job(client, queued)["state"] == "cancelled"
