"""Jobs as a runner that died leaves them, for tests of taking them over."""

from __future__ import annotations

from datetime import timedelta
from typing import Any


def run_after_its_runner_died(
    *,
    kind: str,
    project_id: int,
    params: dict[str, Any],
    checkpoint: dict[str, Any],
    progress_done: int,
    progress_total: int | None = None,
) -> int:
    """Inside an app context: record a job of ``kind`` that a first runner
    left running at ``checkpoint`` before it died (its lease lapsed a
    second ago), run it again as a runner taking it over does, and return
    its id. The session is removed after the run, so that what the test
    reads next comes from the database."""
    from labelcore.jobs.runner import run_job
    from labelcore.models import Job, Project, db, utcnow

    job = Job(
        kind=kind,
        organization_id=db.session.get(Project, project_id).organization_id,
        project_id=project_id,
        params=params,
        state="running",
        attempts=1,
        lease_until=utcnow() - timedelta(seconds=1),
        progress_done=progress_done,
        progress_total=progress_total,
        checkpoint=checkpoint,
    )
    db.session.add(job)
    db.session.commit()
    job_id = job.id

    run_job(job_id)
    db.session.remove()

    return job_id
