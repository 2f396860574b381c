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
from sqlalchemy.orm import Session

from labelcore.models import Annotation, Prediction, Project, Task
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
        alive = _alive(session, tasks)
        prediction_tasks = [t for t in alive if "predictions" in tasks[t]]
        annotation_tasks = [t for t in alive if "predictions" not in tasks[t]]
        parsed = project_config(project)
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
                session.expire(
                    task,
                    [
                        "prediction_score",
                        "prediction_margin",
                        "prediction_entropy",
                        "disagreement",
                    ],
                )


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
