"""Recomputing a whole project's sampling keys when its model version changes.

A small project is refreshed inside the request that notices; a large one
by a job (``sampling.refresh_keys``), in batches that each commit with a
checkpoint, while the stream goes on with the keys it has. The project
records the version its keys were computed for only once they all are.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from labelcore.jobs import enqueue, job_kind
from labelcore.models import Job, Project, Task, db
from labelcore.sampling.keys import (
    REFRESH_BATCH,
    UNFILTERED,
    keys_are_stale,
    project_config,
    refresh_keys,
    refresh_project_keys,
)

log = logging.getLogger(__name__)

JOB_KIND = "sampling.refresh_keys"
REFRESH_IN_REQUEST_UP_TO = 20_000
"""Projects with at most this many tasks are refreshed in the request."""


def _pending_job(project_id: int) -> bool:
    return (
        db.session.execute(
            sa.select(Job.id)
            .where(
                Job.kind == JOB_KIND,
                Job.project_id == project_id,
                Job.state.in_(("queued", "running")),
            )
            .limit(1),
            execution_options=UNFILTERED,
        ).first()
        is not None
    )


def refresh_if_stale(project: Project, keys: Sequence[str] = ()) -> Job | None:
    """Bring the project's keys (``keys``: those its sampler reads) to its
    model version and annotations, now or in a job.

    Returns the job when one was queued (which commits the session), else
    ``None``.
    """
    if not keys_are_stale(project, keys):
        return None
    if (project.task_number or 0) <= REFRESH_IN_REQUEST_UP_TO:
        refresh_project_keys(project, project_config(project))
        return None
    if _pending_job(project.id):
        return None
    log.info(
        "Project %s: model version %r is new to its sampling keys; refreshing "
        "them in a job",
        project.id,
        project.model_version,
    )
    return enqueue(
        JOB_KIND,
        {"model_version": project.model_version or ""},
        organization_id=project.organization_id,
        project_id=project.id,
        total=project.task_number,
    )


def _analyze_keys() -> None:
    """Fresh statistics on PostgreSQL after a large refresh: with the old
    ones the planner still thinks the keys are empty, expects one task from
    a sampler's index and sorts every keyed task instead of reading the
    first (0.5 s a request at 100,000 tasks, until autovacuum came by)."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(
        isolation_level="AUTOCOMMIT"
    ) as connection:
        connection.exec_driver_sql("ANALYZE task")


@job_kind(JOB_KIND, priority="high")
def run_refresh(context) -> dict[str, Any]:
    """Refresh the keys of every task of the job's project, in batches."""
    started = time.monotonic()
    project = db.session.get(Project, context.job.project_id)
    if project is None:
        return {"refreshed": 0}
    project_id = project.id
    version = context.params.get("model_version", "")
    parsed = project_config(project)
    last_id = int(context.checkpoint.get("last_id", 0))
    done = int(context.checkpoint.get("done", 0))
    written = 0

    while True:
        batch = list(
            db.session.execute(
                sa.select(Task.id)
                .where(Task.project_id == project_id, Task.id > last_id)
                .order_by(Task.id)
                .limit(REFRESH_BATCH),
                execution_options=UNFILTERED,
            ).scalars()
        )
        if not batch:
            break
        project = db.session.get(Project, project_id)
        if (project.model_version or "") != version:
            # The version changed again: the next request queues a new job.
            return {"refreshed": written, "superseded": True}
        written += refresh_keys(project, batch, parsed_config=parsed)
        last_id = batch[-1]
        done += len(batch)
        context.save_checkpoint({"last_id": last_id, "done": done}, done=done)

    # Before the keys count as current, so that no request plans with the
    # statistics of empty keys.
    _analyze_keys()
    project = db.session.get(Project, project_id)
    if (project.model_version or "") == version:
        project.sampling_keys_model_version = version
        project.disagreement_current = True
    db.session.commit()
    log.info(
        "Project %s: sampling keys of %d tasks refreshed for %r in %.1f s",
        project_id,
        written,
        version,
        time.monotonic() - started,
    )
    return {"refreshed": written, "model_version": version}
