"""Handing out the next task: candidates, the sampler's order, and a lock.

The cost depends on the number of annotators, not of tasks: each query
walks one index of the project's unfinished tasks in the sampler's order
and stops at the first that this annotator has not done and that is not
reserved by enough others to fill its overlap. The stages, tried in turn:
tasks others started (when the overlap is above one), every candidate,
then the annotator's own skipped tasks (when skips come back to them).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from labelcore.contrib.samplers import SamplingContext
from labelcore.models import (
    Annotation,
    Prediction,
    Project,
    Task,
    TaskLock,
    User,
    db,
    utcnow,
)
from labelcore.sampling.policy import IGNORE_SKIPPED, REQUEUE_FOR_ME, StreamPolicy
from labelcore.sampling.refreshing import refresh_if_stale

MAX_HELD = 3
"""How many tasks one annotator may hold at once (on screen plus prefetched)."""

RECHECKS = 8
"""How many picked tasks a PostgreSQL request may find taken after all (a
rival committed between our snapshot and our row lock) before giving up on
a stage."""

RELEASE_EVERY = 60.0
"""Seconds between two clean-ups of a project's expired locks."""

NOTHING_LEFT = (
    "No more tasks for you in this project: every task is labeled, done or "
    "skipped by you, or reserved by other annotators."
)


@dataclass
class NextTask:
    task: Any
    """The task's row (its columns as attributes), ``None`` when none is left."""
    reason: str = ""
    stage: str = ""
    """Which stage found the task: ``held``, ``partial``, ``fresh`` or ``skipped``."""


def _state():
    return current_app.extensions["labelcore"]


# The stream's statements are built once per policy and read their caller,
# project and clock from these parameters: building them anew for every
# request cost more than running them.
# Named apart from every column: an UPDATE reserves its columns' names.
_PROJECT = sa.bindparam("for_project")
_USER = sa.bindparam("for_user")
_NOW = sa.bindparam("now")


def _reserved_by_others() -> Any:
    return (
        sa.select(sa.func.count(TaskLock.id))
        .where(
            TaskLock.task_id == Task.id,
            TaskLock.expires_at > _NOW,
            TaskLock.user_id != _USER,
        )
        .scalar_subquery()
    )


def _done_by(*, submitted_only: bool) -> Any:
    done = sa.select(Annotation.id).where(
        Annotation.task_id == Task.id, Annotation.completed_by_id == _USER
    )
    if submitted_only:
        done = done.where(Annotation.was_cancelled.is_(False))
    return done.exists()


def _open_tasks(policy: StreamPolicy) -> Any:
    """Tasks of the project that still need an annotator other than those
    holding them: the conditions every stage shares."""
    query = sa.select(Task).where(
        Task.project_id == _PROJECT,
        Task.is_labeled == sa.false(),
        Task.total_annotations + _reserved_by_others() < policy.overlap_of(Task),
    )
    if policy.skip_queue == IGNORE_SKIPPED:
        query = query.where(Task.cancelled_annotations == 0)
    return query


_HELD = (
    sa.select(Task)
    .join(TaskLock, TaskLock.task_id == Task.id)
    .where(
        TaskLock.project_id == _PROJECT,
        TaskLock.user_id == _USER,
        TaskLock.expires_at > _NOW,
        Task.is_labeled == sa.false(),
    )
    .order_by(TaskLock.id)
    .limit(1)
)
_HELD_AGAIN = (
    sa.update(TaskLock)
    .where(TaskLock.task_id == sa.bindparam("held_id"), TaskLock.user_id == _USER)
    .values(expires_at=sa.bindparam("held_until"))
)
_RELEASE_MINE = sa.delete(TaskLock).where(
    TaskLock.project_id == _PROJECT, TaskLock.user_id == _USER
)
_LOCK = sa.insert(TaskLock)


def _held_lock(parameters: dict[str, Any], exclude) -> Any:
    """The task this annotator already holds, so asking twice gives it back."""
    query = _HELD.where(Task.id.not_in(exclude)) if exclude else _HELD
    return _connection().execute(query, parameters).first()


def _connection() -> sa.Connection:
    # The stream reads rows, not ORM objects: a task's row is all a lock and
    # a payload need, at a tenth of an ORM load's cost. The connection is the
    # session's own, in its transaction.
    return db.session.connection()


_last_release: dict[tuple[str, int], float] = {}


def _release_expired(project: Project, now: datetime, postgres: bool) -> None:
    """Delete the project's expired locks, at most once a minute per process:
    the queries ignore them anyway, so this only keeps the table small."""
    moment = time.monotonic()
    key = (str(db.engine.url), project.id)
    if moment - _last_release.get(key, float("-inf")) < RELEASE_EVERY:
        return
    _last_release[key] = moment

    expired = sa.select(TaskLock.id).where(
        TaskLock.project_id == project.id, TaskLock.expires_at <= now
    )
    if postgres:
        # Twenty annotators clearing the same rows must not queue behind
        # each other: each takes the expired locks nobody else is on.
        expired = expired.with_for_update(skip_locked=True)
    _connection().execute(sa.delete(TaskLock).where(TaskLock.id.in_(expired)))


def _lock(task: Any, parameters: dict[str, Any], policy: StreamPolicy, keep) -> None:
    """Reserve ``task``; the annotator's other reservations lapse, except the
    ones in ``keep`` (the task on screen while the next one is prefetched)."""
    released = _RELEASE_MINE
    if keep:
        released = released.where(TaskLock.task_id.not_in(keep))
    connection = _connection()
    connection.execute(released, parameters)
    connection.execute(
        _LOCK,
        {
            "task_id": task.id,
            "project_id": parameters["for_project"],
            "user_id": parameters["for_user"],
            "expires_at": parameters["now"] + policy.lock_ttl,
        },
    )


def _sampler(project: Project):
    samplers = _state().plugins.samplers
    sampler = samplers.get(project.sampler)
    if sampler is None:
        known = ", ".join(sorted(samplers)) or "none installed"
        raise LookupError(
            f"Project {project.id} uses the sampler {project.sampler!r}, which no "
            f"installed plugin provides (installed: {known}). Choose one of those "
            f"in the project's settings."
        )
    return sampler


def sampling_context(project: Project, user: User, sampler) -> SamplingContext:
    """The context a sampler orders with; raises ``SamplerParametersInvalid``."""
    given = (project.settings or {}).get("sampler_parameters")
    return SamplingContext(
        project=project,
        user=user,
        task=Task,
        parameters=sampler.check_parameters(given),
        dialect=db.engine.dialect.name,
        prediction=Prediction,
        annotation=Annotation,
    )


def _ordered(sampler, candidates, context) -> list:
    ordered = sampler.order(candidates, context)
    return list(ordered) if isinstance(ordered, (list, tuple)) else [ordered]


def _stages(policy: StreamPolicy, restrict, exclude) -> list[tuple[str, Any]]:
    """The candidate selects of each stage, before the sampler orders them."""
    stages = _policy_stages(
        policy.overlap,
        policy.cohort_percentage,
        policy.skip_queue,
        policy.finish_partial_first,
    )
    if restrict is None and not exclude:
        return stages
    narrowed = []
    for stage, query in stages:
        if restrict is not None:
            query = query.where(restrict)
        if exclude:
            query = query.where(Task.id.not_in(exclude))
        narrowed.append((stage, query))
    return narrowed


@functools.lru_cache(maxsize=256)
def _policy_stages(
    overlap: int, cohort_percentage: int, skip_queue: str, finish_partial_first: bool
) -> list[tuple[str, Any]]:
    policy = StreamPolicy(
        overlap, cohort_percentage, skip_queue, timedelta(0), finish_partial_first
    )
    base = _open_tasks(policy)
    fresh = base.where(~_done_by(submitted_only=False))
    stages = []
    if policy.overlap > 1 and policy.finish_partial_first:
        # Literal terms, so that SQLite matches the partial index
        # ix_task_partial, whose WHERE clause they imply.
        started = fresh.where(Task.total_annotations > sa.literal_column("0"))
        stages.append(("partial", started))
    stages.append(("fresh", fresh))

    if policy.skip_queue == REQUEUE_FOR_ME:
        mine_skipped = sa.select(Annotation.task_id).where(
            Annotation.project_id == _PROJECT,
            Annotation.completed_by_id == _USER,
            Annotation.was_cancelled.is_(True),
        )
        skipped = base.where(Task.id.in_(mine_skipped), ~_done_by(submitted_only=True))
        stages.append(("skipped", skipped))
    return stages


def _still_open(task_id: int, parameters: dict[str, Any], policy) -> bool:
    """Re-read a picked task under its row lock, in a fresh snapshot.

    On PostgreSQL a rival that locked the same row and committed between
    our snapshot and our lock is invisible to the picking query; every
    hand-out locks the row first, so a new statement now sees its lock.
    """
    query = _still_open_query(policy.overlap, policy.cohort_percentage)
    fresh = {**parameters, "now": utcnow(), "picked": task_id}
    return _connection().execute(query, fresh).first() is not None


@functools.lru_cache(maxsize=256)
def _still_open_query(overlap: int, cohort_percentage: int) -> Any:
    policy = StreamPolicy(
        overlap, cohort_percentage, REQUEUE_FOR_ME, timedelta(0), False
    )
    return sa.select(Task.id).where(
        Task.id == sa.bindparam("picked"),
        Task.total_annotations + _reserved_by_others() < policy.overlap_of(Task),
    )


def _pick(query, parameters, policy, postgres: bool) -> Any:
    passed: list[int] = []
    for _ in range(RECHECKS if postgres else 1):
        attempt = query.where(Task.id.not_in(passed)) if passed else query
        attempt = attempt.limit(1)
        if postgres:
            attempt = attempt.with_for_update(skip_locked=True, of=Task)
        task = _connection().execute(attempt, parameters).first()
        if task is None:
            return None
        if not postgres or _still_open(task.id, parameters, policy):
            return task
        passed.append(task.id)
    return None


def next_task_for(
    project: Project,
    user: User,
    exclude: Sequence[int] = (),
    restrict: Any = None,
) -> NextTask:
    """Pick, lock and return the caller's next task; the caller commits.

    ``exclude`` names tasks the caller has on screen and keeps: the web UI
    prefetches the task after the current one this way, holding both.
    ``restrict`` is a SQL condition on Task that narrows the candidates
    (a data-manager view's filters). Raises ``LookupError`` for a sampler
    that is not installed, ``SamplerParametersInvalid`` and
    ``StreamSettingsInvalid`` for settings it cannot use.
    """
    exclude = tuple(exclude)[:MAX_HELD]
    now = utcnow()
    parameters = {"for_project": project.id, "for_user": user.id, "now": now}
    policy = StreamPolicy.of(project, _state().settings.lock_ttl_seconds)
    sampler = _sampler(project)
    context = sampling_context(project, user, sampler)

    if sampler.keys:
        refresh_if_stale(project, sampler.keys)
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:
        # One request per annotator and project at a time: the second of two
        # simultaneous asks waits for the first and then finds its lock, so
        # asking twice gives one task, not two.
        _connection().execute(
            sa.select(sa.func.pg_advisory_xact_lock(project.id, user.id))
        )
    held = _held_lock(parameters, exclude)
    if held is not None:
        _connection().execute(
            _HELD_AGAIN,
            {**parameters, "held_id": held.id, "held_until": now + policy.lock_ttl},
        )
        return NextTask(held, stage="held")

    _release_expired(project, now, postgres)
    for stage, candidates in _stages(policy, restrict, exclude):
        for query in _ordered(sampler, candidates, context):
            task = _pick(query, parameters, policy, postgres)
            if task is not None:
                _lock(task, parameters, policy, exclude)
                return NextTask(task, stage=stage)

    return NextTask(None, NOTHING_LEFT)
