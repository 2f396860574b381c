"""Who owns a running job, what a lost runner may still write, and the queue.

A runner owns a job while its state is running and its attempt number is the
one it claimed. A runner presumed dead and replaced must not commit work or
finish the record; a job recorded while the queue is unreachable waits for
the reconciler, and the list endpoint shows what a progress panel needs.
"""

import time

import pytest

from labelcore.jobs import JobLost, enqueue, job_kind
from labelcore.jobs.context import JobContext
from labelcore.jobs.runner import _claim, reconcile_jobs, run_job
from labelcore.models import Job, db, utcnow


@job_kind("tests.ownership.step")
def one_step(context):
    context.save_checkpoint({"step": 1}, done=1)
    return {"steps": 1}


def _record(app, kind="tests.ownership.step", **fields) -> int:
    with app.app_context():
        job = Job(kind=kind, params={}, organization_id=1, **fields)
        db.session.add(job)
        db.session.commit()
        return job.id


def test_a_replaced_runner_cannot_checkpoint_or_finish(app):
    job_id = _record(app)
    with app.app_context():
        assert _claim(job_id)
        stale = JobContext(db.session.get(Job, job_id))
        # The lease lapses and another runner claims the job.
        job = db.session.get(Job, job_id)
        job.lease_until = utcnow()
        db.session.commit()
        time.sleep(0.01)
        assert _claim(job_id)
        db.session.remove()

    with app.app_context():
        stale.job = db.session.get(Job, job_id)
        with pytest.raises(JobLost, match="attempt 2, this runner's attempt 1"):
            stale.save_checkpoint({"step": "from the lost runner"}, done=99)
        job = db.session.get(Job, job_id)
        assert (job.state, job.attempts, job.checkpoint) == ("running", 2, {})
        db.session.remove()


def test_a_cancelled_job_stops_at_its_next_checkpoint(app):
    job_id = _record(app)
    with app.app_context():
        assert _claim(job_id)
        context = JobContext(db.session.get(Job, job_id))
        db.session.get(Job, job_id).state = "cancelled"
        db.session.commit()

        from labelcore.jobs import JobCancelled

        with pytest.raises(JobCancelled):
            context.save_checkpoint({"step": 1})
        db.session.remove()


def test_the_reconciler_requeues_a_job_the_queue_lost(app):
    job_id = _record(app)

    with app.app_context():
        db.session.get(Job, job_id).created_at = utcnow()
        db.session.commit()
        db.session.remove()
    assert reconcile_jobs(app, stale_queued_seconds=3600) == []
    assert reconcile_jobs(app, stale_queued_seconds=0) == [job_id]

    deadline = time.monotonic() + 10
    while True:
        with app.app_context():
            state = db.session.get(Job, job_id).state
            db.session.remove()
        if state == "finished" or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert state == "finished"


def test_a_job_whose_runner_died_is_taken_over_with_its_checkpoint(app):
    job_id = _record(app, state="running", attempts=1, checkpoint={"step": 0})
    with app.app_context():
        db.session.get(Job, job_id).lease_until = utcnow()
        db.session.commit()
        run_job(job_id)
        job = db.session.get(Job, job_id)
        assert (job.state, job.attempts, job.result) == ("finished", 2, {"steps": 1})
        db.session.remove()


def test_a_job_recorded_while_redis_is_down_stays_queued(make_app):
    from tests.support.ports import free_port

    app = make_app(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    with app.app_context():
        job = enqueue("tests.ownership.step", {}, organization_id=1)
        assert job.state == "queued"
        assert db.session.get(Job, job.id) is not None
        db.session.remove()


@pytest.mark.redis
def test_priorities_go_to_their_own_queues(make_app, redis_url):
    from redis import Redis

    app = make_app(redis_url=redis_url)
    with app.app_context():
        urgent = enqueue("tests.ownership.step", {}, organization_id=1, priority="high")
        usual = enqueue("tests.ownership.step", {}, organization_id=1)
        priorities = (urgent.priority, usual.priority)
        urgent, usual = urgent.id, usual.id
        with pytest.raises(ValueError, match="use one of high, default, low"):
            enqueue("tests.ownership.step", {}, organization_id=1, priority="asap")
        db.session.remove()

    connection = Redis.from_url(redis_url)
    assert connection.lrange("rq:queue:labelcore-high", 0, -1) == [
        f"labelcore-job-{urgent}".encode()
    ]
    assert connection.lrange("rq:queue:labelcore", 0, -1) == [
        f"labelcore-job-{usual}".encode()
    ]
    assert priorities == ("high", "default")


def test_the_job_list_filters_by_state_kind_and_project(app, client):
    finished = _record(app, state="finished", project_id=None)
    queued = _record(app, kind="tests.ownership.other")
    with app.app_context():
        db.session.get(Job, queued).state = "queued"
        db.session.commit()

    def ids(query):
        response = client.get(f"/api/jobs/?{query}")
        assert response.status_code == 200, response.get_json()
        return [job["id"] for job in response.get_json()]

    assert finished in ids("state=finished") and queued not in ids("state=finished")
    assert ids("kind=tests.ownership.other") == [queued]
    assert queued in ids("active=true") and finished not in ids("active=true")
    refused = client.get("/api/jobs/?state=sleeping")
    assert refused.status_code == 400
    assert "'sleeping' is not a job state" in refused.get_json()["detail"]
