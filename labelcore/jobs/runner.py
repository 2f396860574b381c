"""Running one job by id, the same way on RQ and on the in-process pool."""

from __future__ import annotations

import logging
import os
import time

from flask import Flask

from labelcore.jobs.context import LEASE, JobCancelled, JobContext
from labelcore.jobs.registry import runner_for
from labelcore.models import Job, db, utcnow

log = logging.getLogger(__name__)

FINAL_STATES = {"finished", "failed", "cancelled"}


def run_job(job_id: int) -> None:
    """Run job ``job_id`` inside the current app context and record the outcome."""
    job = db.session.get(Job, job_id)
    if job is None:
        log.warning("Job %s vanished before it ran", job_id)
        return
    if job.state in FINAL_STATES:
        log.info("Job %s is already %s; not running it again", job_id, job.state)
        return

    job.state = "running"
    job.attempts += 1
    job.started_at = job.started_at or utcnow()
    job.lease_until = utcnow() + LEASE
    db.session.commit()
    log.info("Job %s (%s) started, attempt %s", job.id, job.kind, job.attempts)
    started = time.monotonic()

    try:
        result = runner_for(job.kind)(JobContext(job))
    except JobCancelled:
        db.session.rollback()
        _finish(job_id, "cancelled", error="Cancelled by request.")
        log.info("Job %s cancelled", job_id)
        return
    except Exception as error:
        db.session.rollback()
        _finish(job_id, "failed", error=str(error) or type(error).__name__)
        log.error("Job %s (%s) failed: %s", job_id, job.kind, error, exc_info=True)
        return

    _finish(job_id, "finished", result=result or {})
    log.info(
        "Job %s (%s) finished in %.2f s", job_id, job.kind, time.monotonic() - started
    )


def _finish(job_id: int, state: str, *, result=None, error=None) -> None:
    job = db.session.get(Job, job_id)
    if job.state == "cancelled" and state != "cancelled":
        state = "cancelled"
    job.state = state
    job.result = result
    job.error = error
    job.finished_at = utcnow()
    job.lease_until = None
    if state == "finished" and job.progress_total is not None:
        job.progress_done = job.progress_total
    db.session.commit()


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
