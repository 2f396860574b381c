"""Creating a job record and handing it to RQ or to the in-process pool."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import current_app

from labelcore.jobs.registry import priority_of, runner_for
from labelcore.jobs.runner import run_job_in_app
from labelcore.models import Job, db, isoformat, utcnow

log = logging.getLogger(__name__)

QUEUE_NAME = "labelcore"
PRIORITIES = ("high", "default", "low")
QUEUE_NAMES = {"high": "labelcore-high", "default": QUEUE_NAME, "low": "labelcore-low"}
"""RQ queue per priority; a worker takes from them in this order."""


class QueueUnavailable(RuntimeError):
    """The queue could not be told of a job; its record waits for the
    reconciler, which queues it once the queue answers again."""


class InProcessRunner:
    """The embedded default: jobs run on a small thread pool inside the server."""

    def __init__(self, app, workers: int):
        self.app = app
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="labelcore-job")
        self.waiting: set[int] = set()
        self.lock = threading.Lock()

    def submit(self, job_id: int, priority: str = "default") -> None:
        with self.lock:
            self.waiting.add(job_id)
        self.pool.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        with self.lock:
            self.waiting.discard(job_id)
        run_job_in_app(self.app, job_id)

    def is_queued(self, job_id: int) -> bool:
        # The pool lives and dies with this process: a job that is queued
        # in the database but not waiting here was lost with an old pool.
        return self.is_waiting(job_id)

    def is_waiting(self, job_id: int) -> bool:
        with self.lock:
            return job_id in self.waiting

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=False)


class RQRunner:
    """Jobs go to RQ on Redis; ``labelcore worker`` processes run them."""

    def __init__(self, redis_url: str):
        from redis import Redis
        from rq import Queue

        # Short timeouts: a request that records a job must not hang on a
        # Redis that is down; the reconciler queues the job later.
        self.connection = Redis.from_url(
            redis_url, socket_connect_timeout=2, socket_timeout=5
        )
        self.queues = {
            priority: Queue(name, connection=self.connection)
            for priority, name in QUEUE_NAMES.items()
        }

    def _status(self, job_id: int) -> str | None:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RQJob

        try:
            entry = RQJob.fetch(rq_job_id(job_id), connection=self.connection)
        except NoSuchJobError:
            return None
        status = entry.get_status(refresh=False)
        return getattr(status, "value", status)

    def is_queued(self, job_id: int) -> bool:
        """Whether a worker will get (or just got) the job from Redis."""
        return self._status(job_id) in {"queued", "started", "scheduled", "deferred"}

    def is_waiting(self, job_id: int) -> bool:
        """Whether the job's entry waits on a queue for a worker."""
        return self._status(job_id) in {"queued", "scheduled", "deferred"}

    def submit(self, job_id: int, priority: str = "default") -> None:
        from redis.exceptions import RedisError

        queue = self.queues.get(priority, self.queues["default"])
        try:
            queue.enqueue(
                "labelcore.jobs.runner.run_job_on_worker",
                job_id,
                job_id=rq_job_id(job_id),
                job_timeout=-1,
                result_ttl=3600,
                failure_ttl=86400,
            )
        except RedisError as error:
            raise QueueUnavailable(
                f"Redis did not take job {job_id} ({error})."
            ) from error

    def shutdown(self) -> None:
        self.connection.close()


def rq_job_id(job_id: int) -> str:
    return f"labelcore-job-{job_id}"


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
    priority: str | None = None,
) -> Job:
    """Record a job of ``kind`` and queue it; returns the committed row.

    ``priority`` (``high``, ``default``, ``low``; by default the kind's own)
    picks the queue. When the queue cannot be reached the record stays
    queued and the reconciler queues it once it can, so no job is lost.
    """
    runner_for(kind)
    priority = priority or priority_of(kind)
    if priority not in PRIORITIES:
        raise ValueError(
            f"Job priority {priority!r} is unknown; use one of {', '.join(PRIORITIES)}."
        )
    job = Job(
        kind=kind,
        params=params,
        organization_id=organization_id,
        project_id=project_id,
        created_by_id=user_id,
        progress_total=total,
        priority=priority,
    )
    db.session.add(job)
    db.session.commit()

    # The record is committed before the queue hears of it, so a worker
    # never looks for a row that is not there yet.
    try:
        current_app.extensions["labelcore"].job_runner.submit(job.id, priority)
    except QueueUnavailable as error:
        log.warning("Job %s (%s) recorded but not queued yet: %s", job.id, kind, error)
    else:
        log.debug("Job %s (%s) queued on %s", job.id, kind, priority)
    return job


class JobAlreadyOver(ValueError):
    """A job that finished, failed or was cancelled cannot be cancelled."""


def request_cancel(job: Job) -> None:
    """Ask a queued or running job to stop; commits. A running job stops at
    its next checkpoint and its runner records the end; a queued one will
    never run, so plugins are told of its end here."""
    if job.state in {"finished", "failed", "cancelled"}:
        raise JobAlreadyOver(
            f"Job {job.id} is already {job.state}; only queued or running jobs "
            f"can be cancelled."
        )
    was_queued = job.state == "queued"
    job.state = "cancelled"
    job.finished_at = utcnow()
    if was_queued:
        current_app.extensions["labelcore"].plugins.hook.on_job_finished(job=job)
    db.session.commit()


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
        "priority": job.priority,
        "created_by": job.created_by_id,
        "created_at": isoformat(job.created_at),
        "started_at": isoformat(job.started_at),
        "finished_at": isoformat(job.finished_at),
    }
