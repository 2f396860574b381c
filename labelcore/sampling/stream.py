"""Handing out the next task: candidates, the sampler's order, and a lock.

The cost depends on the number of annotators, not of tasks: one indexed
query walks the project's unfinished tasks in the sampler's order and stops
at the first that this annotator has not done and that is not reserved by
enough others to fill its overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from labelcore.contrib.samplers import SamplingContext
from labelcore.models import Annotation, Project, Task, TaskLock, User, db, utcnow

MAX_HELD = 3
"""How many tasks one annotator may hold at once (on screen plus prefetched)."""


@dataclass
class NextTask:
    task: Task | None
    reason: str = ""


def _candidates(project: Project, user: User, now) -> sa.Select:
    done_by_user = (
        sa.select(Annotation.id)
        .where(Annotation.task_id == Task.id, Annotation.completed_by_id == user.id)
        .exists()
    )
    reserved_by_others = (
        sa.select(sa.func.count(TaskLock.id))
        .where(
            TaskLock.task_id == Task.id,
            TaskLock.expires_at > now,
            TaskLock.user_id != user.id,
        )
        .scalar_subquery()
    )
    return sa.select(Task).where(
        Task.project_id == project.id,
        Task.is_labeled == sa.false(),
        ~done_by_user,
        Task.total_annotations + reserved_by_others < project.maximum_annotations,
    )


def _held_lock(project: Project, user: User, now, exclude) -> Task | None:
    """The task this annotator already holds, so asking twice gives it back."""
    query = (
        sa.select(Task)
        .join(TaskLock, TaskLock.task_id == Task.id)
        .where(
            TaskLock.project_id == project.id,
            TaskLock.user_id == user.id,
            TaskLock.expires_at > now,
            Task.is_labeled == sa.false(),
        )
        .order_by(TaskLock.id)
        .limit(1)
    )
    if exclude:
        query = query.where(Task.id.not_in(exclude))
    return db.session.execute(query).scalar_one_or_none()


def _lock(task: Task, user: User, now, ttl: timedelta, keep) -> None:
    """Reserve ``task``; the annotator's other reservations lapse, except the
    ones in ``keep`` (the task on screen while the next one is prefetched)."""
    released = sa.delete(TaskLock).where(
        TaskLock.project_id == task.project_id,
        TaskLock.user_id == user.id,
    )
    if keep:
        released = released.where(TaskLock.task_id.not_in(keep))
    db.session.execute(released)
    db.session.add(
        TaskLock(
            task_id=task.id,
            project_id=task.project_id,
            user_id=user.id,
            expires_at=now + ttl,
        )
    )


def _ordered_queries(project: Project, user: User, candidates) -> Sequence:
    state = current_app.extensions["labelcore"]
    sampler = state.plugins.samplers.get(project.sampler)
    if sampler is None:
        known = ", ".join(sorted(state.plugins.samplers)) or "none installed"
        raise LookupError(
            f"Project {project.id} uses the sampler {project.sampler!r}, which no "
            f"installed plugin provides (installed: {known})."
        )
    context = SamplingContext(
        project=project,
        user=user,
        task=Task,
        parameters=(project.settings or {}).get("sampler_parameters", {}),
        dialect=db.engine.dialect.name,
    )
    ordered = sampler.order(candidates, context)
    return ordered if isinstance(ordered, (list, tuple)) else [ordered]


def next_task_for(
    project: Project, user: User, exclude: Sequence[int] = ()
) -> NextTask:
    """Pick, lock and return the caller's next task; the caller commits.

    ``exclude`` names tasks the caller has on screen and keeps: the web UI
    prefetches the task after the current one this way, holding both.
    """
    exclude = tuple(exclude)[:MAX_HELD]
    now = utcnow()
    ttl = timedelta(
        seconds=(project.settings or {}).get(
            "lock_ttl_seconds",
            current_app.extensions["labelcore"].settings.lock_ttl_seconds,
        )
    )

    held = _held_lock(project, user, now, exclude)
    if held is not None:
        db.session.execute(
            sa.update(TaskLock)
            .where(TaskLock.task_id == held.id, TaskLock.user_id == user.id)
            .values(expires_at=now + ttl)
        )
        return NextTask(held)

    postgres = db.engine.dialect.name == "postgresql"
    candidates = _candidates(project, user, now)
    if exclude:
        candidates = candidates.where(Task.id.not_in(exclude))
    for query in _ordered_queries(project, user, candidates):
        query = query.limit(1)
        if postgres:
            query = query.with_for_update(skip_locked=True, of=Task)
        task = db.session.execute(query).scalar_one_or_none()
        if task is not None:
            _lock(task, user, now, ttl, exclude)
            return NextTask(task)

    return NextTask(
        None,
        "No more tasks for you in this project: every task is labeled, "
        "done by you, or reserved by other annotators.",
    )
