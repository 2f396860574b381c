"""What a running job sees: its parameters, its progress and its checkpoint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from labelcore.models import Job, db, utcnow

LEASE = timedelta(seconds=12)
"""How long a running job stays its runner's without a sign of life. The
heartbeat renews it every third of that, so a reconciler takes a dead
runner's job over within about this long plus its own interval."""


class JobCancelled(Exception):
    """Raised inside a job when someone cancelled it; the runner records it."""


class JobLost(Exception):
    """Raised inside a job whose runner no longer owns it: its lease lapsed
    and another runner claimed it. The work of the refused batch is rolled
    back and the runner leaves the record to the new owner."""


class JobContext:
    """Handed to a job function.

    Progress and checkpoints are written in the job's own session and
    committed with it, so that a batch of work and the checkpoint that
    records it are one transaction: a job killed between two batches
    resumes exactly after the last committed one. Each write checks that
    this runner still owns the job (its state is running and its attempt
    number is the one this runner claimed), so a runner that was presumed
    dead and replaced cannot commit work twice.
    """

    def __init__(self, job: Job):
        self.job = job
        self.job_id = job.id
        self.attempt = job.attempts
        self.params: dict[str, Any] = dict(job.params or {})

    @property
    def checkpoint(self) -> dict[str, Any]:
        return dict(self.job.checkpoint or {})

    def checkpoint_update(
        self,
        data: dict[str, Any] | None = None,
        done: int | None = None,
        total: int | None = None,
    ) -> sa.Update:
        """The UPDATE that records progress (and a checkpoint) for this job,
        matching no row unless this runner still owns it. Run it on the
        connection whose transaction holds the work it records."""
        values: dict[str, Any] = {"lease_until": utcnow() + LEASE}
        if data is not None:
            values["checkpoint"] = dict(data)
        if done is not None:
            values["progress_done"] = done
        if total is not None:
            values["progress_total"] = total
        return (
            sa.update(Job)
            .where(
                Job.id == self.job_id,
                Job.state == "running",
                Job.attempts == self.attempt,
            )
            .values(**values)
        )

    def progress(self, done: int, total: int | None = None) -> None:
        self._commit_owned(self.checkpoint_update(done=done, total=total))

    def save_checkpoint(self, data: dict[str, Any], done: int | None = None) -> None:
        self._commit_owned(self.checkpoint_update(data, done=done))

    def _commit_owned(self, statement: sa.Update) -> None:
        if db.session.execute(statement).rowcount != 1:
            db.session.rollback()
            self.raise_if_not_owned()
        db.session.commit()
        # The ORM copy of the row was written behind the session's back.
        db.session.expire(self.job)

    def raise_if_not_owned(self) -> None:
        """Raise JobCancelled or JobLost after a checkpoint matched no row."""
        state, attempt = self._state()
        if state == "cancelled":
            raise JobCancelled(f"Job {self.job_id} was cancelled.")
        raise JobLost(
            f"Job {self.job_id} is no longer this runner's (state {state}, "
            f"attempt {attempt}, this runner's attempt {self.attempt})."
        )

    def _state(self) -> tuple[str, int]:
        # Outside a request every SQLite transaction begins IMMEDIATE and
        # holds the write lock until it ends: a check made between batches
        # must end the transaction it opened, or the job would keep every
        # other writer (annotators, the cancel request itself) waiting.
        idle = not db.session().in_transaction()
        state, attempt = db.session.execute(
            sa.select(Job.state, Job.attempts).where(Job.id == self.job_id)
        ).one()
        if idle:
            db.session.commit()
        return state, attempt

    def cancelled(self) -> bool:
        return self._state()[0] == "cancelled"

    def raise_if_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled(f"Job {self.job_id} was cancelled.")
