"""The worker takes jobs from the high, the default and the low queue in turn."""

import pytest

from labelcore.jobs import enqueue, job_kind
from labelcore.jobs.worker import queue_names, run_worker
from labelcore.models import Job, db

pytestmark = pytest.mark.redis


@job_kind("tests.worker.noop")
def noop(context):
    return {"ran": context.params["name"]}


def test_a_worker_runs_high_priority_jobs_first(make_app, redis_url):
    app = make_app(redis_url=redis_url)
    with app.app_context():
        order = [
            enqueue(
                "tests.worker.noop", {"name": name}, organization_id=1, priority=p
            ).id
            for name, p in (("low", "low"), ("usual", "default"), ("urgent", "high"))
        ]
        db.session.remove()

    run_worker(app, redis_url, burst=True, reconcile=False)

    with app.app_context():
        jobs = [db.session.get(Job, job_id) for job_id in order]
        assert [job.state for job in jobs] == ["finished"] * 3
        by_start = sorted(jobs, key=lambda job: job.started_at)
        assert [job.result["ran"] for job in by_start] == ["urgent", "usual", "low"]
        db.session.remove()
    assert queue_names() == ["labelcore-high", "labelcore", "labelcore-low"]
