"""The review stream: tasks that wait in a review state, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from labelcore.models import Task, db
from labelcore.workflow.engine import WorkflowEngine


class NoReviewState(LookupError):
    """The project's workflow has no state that waits for a reviewer."""


def review_states(engine: WorkflowEngine, project: Any) -> tuple[str, ...]:
    compiled = engine.compiled_for(project)
    if not compiled.review_states:
        raise NoReviewState(
            f"The workflow {compiled.name!r} of project {project.id} has no review "
            f"state, so no task waits for a reviewer. Switch the project to a "
            f"workflow with one (such as 'review') or mark a state with "
            f'"review": true.'
        )
    return compiled.review_states


def tasks_in_review(engine: WorkflowEngine, project: Any):
    """The select of the project's tasks that wait for review, oldest first."""
    return (
        sa.select(Task)
        .where(
            Task.project_id == project.id,
            Task.state.in_(review_states(engine, project)),
        )
        .order_by(Task.inner_id)
    )


def next_task_for_review(
    engine: WorkflowEngine, project: Any, exclude: Sequence[int] = ()
) -> Task | None:
    """The first task waiting for review, other than those in ``exclude``.

    Reviewers are not given locks: two reviewers on the same task race, and
    the second one's decision is refused because the task changed.
    """
    query = tasks_in_review(engine, project)
    if exclude:
        query = query.where(Task.id.not_in(list(exclude)))
    return db.session.execute(query.limit(1)).scalar_one_or_none()


def review_count(engine: WorkflowEngine, project: Any) -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(
            tasks_in_review(engine, project).order_by(None).subquery()
        )
    ).scalar_one()
