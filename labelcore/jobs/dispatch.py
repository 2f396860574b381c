"""Creating a job record and handing it to RQ or to the in-process pool."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import current_app

from labelcore.jobs.registry import runner_for
from labelcore.jobs.runner import run_job_in_app
from labelcore.models import Job, db, isoformat

log = logging.getLogger(__name__)

QUEUE_NAME = "labelcore"


class InProcessRunner:
    """The embedded default: jobs run on a small thread pool inside the server."""

    def __init__(self, app, workers: int):
        self.app = app
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="labelcore-job")

    def submit(self, job_id: int) -> None:
        self.pool.submit(run_job_in_app, self.app, job_id)

    def is_queued(self, job_id: int) -> bool:
        # The pool lives and dies with this process: a job still queued in the
        # database when the process started again was lost with the old pool.
        return False

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=False)


class RQRunner:
    """Jobs go to RQ on Redis; ``labelcore worker`` processes run them."""

    def __init__(self, redis_url: str):
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(redis_url)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def is_queued(self, job_id: int) -> bool:
        from rq.job import Job as RQJob

        return RQJob.exists(f"labelcore-job-{job_id}", connection=self.connection)

    def submit(self, job_id: int) -> None:
        self.queue.enqueue(
            "labelcore.jobs.runner.run_job_on_worker",
            job_id,
            job_id=f"labelcore-job-{job_id}",
            job_timeout=-1,
            result_ttl=3600,
            failure_ttl=86400,
        )

    def shutdown(self) -> None:
        self.connection.close()


def build_runner(app, settings):
    if settings.redis_url:
        return RQRunner(settings.redis_url)
    return InProcessRunner(app, settings.job_workers)


def enqueue(
    kind: str,
    params: dict[str, Any],
    *,
    organization_id: int | None = None,
    project_id: int | None = None,
    user_id: int | None = None,
    total: int | None = None,
) -> Job:
    """Record a job of ``kind`` and queue it; returns the committed row."""
    runner_for(kind)
    job = Job(
        kind=kind,
        params=params,
        organization_id=organization_id,
        project_id=project_id,
        created_by_id=user_id,
        progress_total=total,
    )
    db.session.add(job)
    db.session.commit()

    # The record is committed before the queue hears of it, so a worker
    # never looks for a row that is not there yet.
    current_app.extensions["labelcore"].job_runner.submit(job.id)
    log.debug("Job %s (%s) queued", job.id, kind)
    return job


def job_payload(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "project": job.project_id,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "result": job.result,
        "error": job.error,
        "attempts": job.attempts,
        "created_by": job.created_by_id,
        "created_at": isoformat(job.created_at),
        "started_at": isoformat(job.started_at),
        "finished_at": isoformat(job.finished_at),
    }
