"""What a running job sees: its parameters, its progress and its checkpoint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from labelcore.models import Job, db, utcnow

LEASE = timedelta(seconds=30)


class JobCancelled(Exception):
    """Raised inside a job when someone cancelled it; the runner records it."""


class JobContext:
    """Handed to a job function.

    Progress and checkpoints are written in the job's own session and
    committed with it, so that a batch of work and the checkpoint that
    records it are one transaction: a job killed between two batches
    resumes exactly after the last committed one.
    """

    def __init__(self, job: Job):
        self.job = job
        self.params: dict[str, Any] = dict(job.params or {})

    @property
    def checkpoint(self) -> dict[str, Any]:
        return dict(self.job.checkpoint or {})

    def progress(self, done: int, total: int | None = None) -> None:
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        self.job.lease_until = utcnow() + LEASE
        db.session.commit()

    def save_checkpoint(self, data: dict[str, Any], done: int | None = None) -> None:
        self.job.checkpoint = dict(data)
        if done is not None:
            self.job.progress_done = done
        self.job.lease_until = utcnow() + LEASE
        db.session.commit()

    def cancelled(self) -> bool:
        # Outside a request every SQLite transaction begins IMMEDIATE and
        # holds the write lock until it ends: a check made between batches
        # must end the transaction it opened, or the job would keep every
        # other writer (annotators, the cancel request itself) waiting.
        idle = not db.session().in_transaction()
        state = db.session.execute(
            sa.select(Job.state).where(Job.id == self.job.id)
        ).scalar_one()
        if idle:
            db.session.commit()
        return state == "cancelled"

    def raise_if_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled(f"Job {self.job.id} was cancelled.")
