"""The worker takes jobs from the high, the default and the low queue in turn."""

import os
import subprocess
import sys

import pytest

from labelcore.jobs import enqueue, job_kind
from labelcore.jobs.worker import queue_names, run_worker
from labelcore.models import Job, Project, db

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


def test_the_worker_command_serves_the_high_priority_queue(
    make_app, redis_url, data_dir
):
    """`labelcore worker`, the command a deployment runs, takes a high
    priority job (it once listened to the default queue alone, and a
    sampling-key refresh, a high one, waited there forever)."""
    app = make_app(redis_url=redis_url)
    with app.app_context():
        project = Project(organization_id=1, title="Keys", label_config="<View/>")
        db.session.add(project)
        db.session.commit()
        refresh = enqueue(
            "sampling.refresh_keys",
            {"model_version": ""},
            organization_id=1,
            project_id=project.id,
        )
        database_url = db.engine.url.render_as_string(hide_password=False)
        db.session.remove()
    assert refresh.priority == "high"

    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LABELCORE_")},
        "LABELCORE_DATABASE_URL": database_url,
        "LABELCORE_REDIS_URL": redis_url,
        "LABELCORE_DATA_DIR": str(data_dir),
        "LABELCORE_SECRET_KEY": "labelcore-test-secret-key",
    }
    finished = subprocess.run(
        [sys.executable, "-m", "labelcore.cli", "worker", "--burst"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert finished.returncode == 0, finished.stderr
    assert "labelcore-high" in finished.stdout
    with app.app_context():
        assert db.session.get(Job, refresh.id).state == "finished"
        db.session.remove()
