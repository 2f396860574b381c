"""Keep the sampling keys current for every prediction and annotation the ORM
writes, whichever module writes it.

Bulk writers that bypass the ORM (the importer's ``INSERT ... SELECT``)
call ``labelcore.sampling.refresh_keys`` themselves for the tasks they
wrote.
"""

from __future__ import annotations

import logging
from itertools import chain

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from labelcore.models import SAMPLING_KEYS, Annotation, Prediction, Project, Task
from labelcore.sampling.keys import project_config, refresh_keys

log = logging.getLogger(__name__)

_PENDING = "labelcore_sampling_pending"


def _note_writes(session: Session, _flush_context) -> None:
    pending = session.info.setdefault(_PENDING, {})
    for row in chain(session.new, session.dirty, session.deleted):
        if isinstance(row, Prediction):
            kind = "predictions"
        elif isinstance(row, Annotation):
            kind = "annotations"
        else:
            continue
        if row.task_id is None or row.project_id is None:
            continue
        tasks = pending.setdefault(row.project_id, {})
        tasks.setdefault(row.task_id, set()).add(kind)


def _refresh_pending(session: Session, _flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return

    for project_id, tasks in pending.items():
        project = session.get(Project, project_id)
        if project is None:
            continue
        prediction_tasks = [t for t, kinds in tasks.items() if "predictions" in kinds]
        annotation_tasks = [
            t for t, kinds in tasks.items() if "predictions" not in kinds
        ]
        if annotation_tasks and not _reads_disagreement(project):
            # Nothing orders by it now: skip the work, and let a sampler that
            # reads it refresh the keys before it does.
            _disagreement_no_longer_current(session, project)
            annotation_tasks = []
        if not prediction_tasks and not annotation_tasks:
            continue

        alive = _alive(session, prediction_tasks + annotation_tasks)
        parsed = project_config(project)
        prediction_tasks = [t for t in prediction_tasks if t in alive]
        annotation_tasks = [t for t in annotation_tasks if t in alive]
        if prediction_tasks:
            refresh_keys(
                project, prediction_tasks, parsed_config=parsed, session=session
            )
        if annotation_tasks:
            refresh_keys(
                project,
                annotation_tasks,
                predictions=False,
                parsed_config=parsed,
                session=session,
            )
        for task_id in alive:
            task = session.identity_map.get(session.identity_key(Task, task_id))
            if task is not None:
                session.expire(task, list(SAMPLING_KEYS))


def _reads_disagreement(project: Project) -> bool:
    """Whether the project's sampler orders by the stored disagreement (an
    unknown sampler, or no app to ask, counts as yes)."""
    state = current_app.extensions.get("labelcore") if has_app_context() else None
    if state is None:
        return True
    sampler = state.plugins.samplers.get(project.sampler)
    return sampler is None or "disagreement" in sampler.keys


def _disagreement_no_longer_current(session: Session, project: Project) -> None:
    if not project.disagreement_current:
        return
    session.connection().execute(
        sa.update(Project)
        .where(Project.id == project.id)
        .values(disagreement_current=False)
    )
    set_committed_value(project, "disagreement_current", False)


def _alive(session: Session, task_ids) -> set[int]:
    """Those of ``task_ids`` that still exist: a task this session holds and
    has not deleted needs no query (the usual case, one annotated task)."""
    alive = set()
    unknown = []
    for task_id in task_ids:
        task = session.identity_map.get(session.identity_key(Task, task_id))
        if task is None or sa.inspect(task).was_deleted:
            unknown.append(task_id)
        else:
            alive.add(task_id)
    if unknown:
        found = session.connection().execute(
            sa.select(Task.id).where(Task.id.in_(unknown))
        )
        alive.update(found.scalars())
    return alive


def install() -> None:
    """Listen on every session once (idempotent)."""
    if not sa.event.contains(Session, "after_flush", _note_writes):
        sa.event.listen(Session, "after_flush", _note_writes)
        sa.event.listen(Session, "after_flush_postexec", _refresh_pending)
