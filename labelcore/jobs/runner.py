"""Running one job by id, the same way on RQ and on the in-process pool."""

from __future__ import annotations

import logging
import os
import threading
import time

import sqlalchemy as sa
from flask import Flask, current_app

from labelcore.jobs.context import LEASE, JobCancelled, JobContext, JobLost
from labelcore.jobs.registry import runner_for
from labelcore.models import Job, db, utcnow

log = logging.getLogger(__name__)

FINAL_STATES = {"finished", "failed", "cancelled"}


def _claim(job_id: int) -> bool:
    """Take the job if it is queued, or running on a lease that lapsed.

    One UPDATE decides, so two runners handed the same job (a reconciler
    re-queued it while the first was only slow) never both run it.
    """
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Job)
        .where(
            Job.id == job_id,
            sa.or_(
                Job.state == "queued",
                sa.and_(Job.state == "running", Job.lease_until < now),
            ),
        )
        .values(
            state="running",
            attempts=Job.attempts + 1,
            started_at=sa.func.coalesce(Job.started_at, now),
            lease_until=now + LEASE,
        )
    ).rowcount
    db.session.commit()
    return claimed == 1


def run_job(job_id: int) -> None:
    """Run job ``job_id`` inside the current app context and record the outcome."""
    if not _claim(job_id):
        log.info("Job %s is gone, finished or held by another runner", job_id)
        return
    job = db.session.get(Job, job_id)
    context = JobContext(job)
    log.info("Job %s (%s) started, attempt %s", job.id, job.kind, job.attempts)
    started = time.monotonic()
    heartbeat = Heartbeat(job_id, context.attempt)
    heartbeat.start()

    try:
        result = runner_for(job.kind)(context)
    except JobLost as error:
        heartbeat.stop()
        db.session.rollback()
        log.warning("Job %s left to its new runner: %s", job_id, error)
        return
    except JobCancelled:
        heartbeat.stop()
        db.session.rollback()
        _finish(context, "cancelled", error="Cancelled by request.")
        log.info("Job %s cancelled", job_id)
        return
    except Exception as error:
        heartbeat.stop()
        db.session.rollback()
        _finish(context, "failed", error=str(error) or type(error).__name__)
        log.error("Job %s (%s) failed: %s", job_id, job.kind, error, exc_info=True)
        return

    heartbeat.stop()
    _finish(context, "finished", result=result or {})
    log.info(
        "Job %s (%s) finished in %.2f s", job_id, job.kind, time.monotonic() - started
    )


class Heartbeat:
    """Renews a running job's lease on its own connection while the job works,
    so that a reconciler takes over only when the runner is really gone."""

    def __init__(self, job_id: int, attempt: int):
        self.job_id = job_id
        self.attempt = attempt
        self.engine = db.engine
        self.stopped = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name=f"labelcore-job-{job_id}-lease", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        interval = LEASE.total_seconds() / 3
        while not self.stopped.wait(interval):
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        sa.update(Job)
                        .where(
                            Job.id == self.job_id,
                            Job.state == "running",
                            Job.attempts == self.attempt,
                        )
                        .values(lease_until=utcnow() + LEASE)
                    )
            except Exception as error:
                log.warning("Job %s: could not renew its lease: %s", self.job_id, error)


def _finish(context: JobContext, state: str, *, result=None, error=None) -> None:
    job = db.session.get(Job, context.job_id)
    db.session.refresh(job)
    if job.attempts != context.attempt:
        log.warning(
            "Job %s: attempt %s ended as %s, but attempt %s owns the job now",
            job.id,
            context.attempt,
            state,
            job.attempts,
        )
        db.session.rollback()
        return
    if job.state == "cancelled" and state != "cancelled":
        state = "cancelled"
    job.state = state
    job.result = result
    job.error = error
    job.finished_at = utcnow()
    job.lease_until = None
    # A finished job's progress is complete, also for jobs (such as a
    # streamed import) that could not know their total before the end.
    if state == "finished" and job.progress_total is not None:
        job.progress_done = job.progress_total
    elif state == "finished":
        job.progress_total = job.progress_done
    current_app.extensions["labelcore"].plugins.hook.on_job_finished(job=job)
    db.session.commit()


STALE_QUEUED_SECONDS = 10.0
"""A job queued this long ago and on no queue lost its queue entry."""
RECONCILE_INTERVAL = 5.0


def reconcile_jobs(
    app: Flask, stale_queued_seconds: float = STALE_QUEUED_SECONDS
) -> list[int]:
    """Queue again the jobs whose runner died (lease lapsed) or whose queue
    entry vanished (queued long ago and not on the queue); returns their ids."""
    with app.app_context():
        runner = current_app.extensions["labelcore"].job_runner
        now = utcnow()
        try:
            rows = db.session.execute(
                sa.select(Job.id, Job.state, Job.created_at, Job.priority).where(
                    sa.or_(
                        sa.and_(Job.state == "running", Job.lease_until < now),
                        Job.state == "queued",
                    )
                )
            ).all()
        finally:
            # The queue is asked below: no transaction (on SQLite, no write
            # lock) may stay open meanwhile.
            db.session.remove()

    requeued = []
    for job_id, job_state, created_at, priority in rows:
        if job_state == "queued":
            waited = (now - created_at).total_seconds()
            if waited < stale_queued_seconds or runner.is_queued(job_id):
                continue
        elif runner.is_waiting(job_id):
            continue
        runner.submit(job_id, priority or "default")
        requeued.append(job_id)
    if requeued:
        log.warning("Re-queued jobs whose runner or queue entry was lost: %s", requeued)
    return requeued


def start_reconciler(
    app: Flask, interval: float = RECONCILE_INTERVAL
) -> threading.Thread:
    """Run ``reconcile_jobs`` now and then every ``interval`` seconds."""

    def loop() -> None:
        while True:
            try:
                reconcile_jobs(app)
            except Exception as error:
                log.warning("Job reconciler failed: %s", error)
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="labelcore-reconciler", daemon=True)
    thread.start()
    return thread


def run_job_in_app(app: Flask, job_id: int) -> None:
    """Entry point of the in-process pool's threads."""
    with app.app_context():
        try:
            run_job(job_id)
        finally:
            db.session.remove()


_worker_app: Flask | None = None
_worker_pid: int | None = None


def set_worker_app(app: Flask) -> None:
    global _worker_app, _worker_pid
    _worker_app, _worker_pid = app, os.getpid()


def run_job_on_worker(job_id: int) -> None:
    """Entry point of RQ jobs, called inside a ``labelcore worker`` process."""
    global _worker_app, _worker_pid
    if _worker_app is None:
        from labelcore.app import create_app

        set_worker_app(create_app())
    with _worker_app.app_context():
        if os.getpid() != _worker_pid:
            # RQ forks a work horse per job: connections inherited from the
            # parent must not be shared with it.
            db.engine.dispose(close=False)
        try:
            run_job(job_id)
        finally:
            db.session.remove()
