"""Actions on a selection of tasks: the built-in ones and the plugins'.

Built-ins keep Label Studio's ids (``delete_tasks``,
``delete_tasks_annotations``, ``delete_tasks_predictions``) so that its
clients work unchanged; plugins add theirs through
``register_data_manager_actions``. Each action gets a select of the chosen
task ids and works through it in batches, committing each, so that a
million-task selection neither holds SQLite's write lock for minutes nor
loads every id into memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app

from labelcore.contrib.web import DataManagerAction
from labelcore.datamanager.counting import forget_totals
from labelcore.models import SAMPLING_KEYS, Annotation, Prediction, Task, TaskLock, db

log = logging.getLogger(__name__)

BATCH = 1000


def batches_of(task_ids: Any) -> Iterator[list[int]]:
    """The ids of ``task_ids`` (a select) in ascending batches of ``BATCH``.

    Reads the next batch after the last id seen, so it is safe when the
    action deletes what it read.
    """
    last_id = 0
    ids = task_ids.subquery()
    while True:
        batch = list(
            db.session.execute(
                sa.select(ids.c.id)
                .where(ids.c.id > last_id)
                .order_by(ids.c.id)
                .limit(BATCH)
            ).scalars()
        )
        if not batch:
            return
        yield batch
        last_id = batch[-1]


def _deleted(count: int, what: str) -> dict[str, Any]:
    return {"processed_items": count, "detail": f"Deleted {count} {what}."}


def delete_tasks(project, task_ids, user, params) -> dict[str, Any]:
    deleted = 0
    for batch in batches_of(task_ids):
        deleted += db.session.execute(
            sa.delete(Task).where(Task.id.in_(batch))
        ).rowcount
        hooks = current_app.extensions["labelcore"].plugins.hook
        hooks.on_tasks_deleted(project=project, task_ids=list(batch), actor=user)
        db.session.commit()
    log.info("Project %s: %d tasks deleted by user %s", project.id, deleted, user.id)
    return {**_deleted(deleted, "tasks"), "reload": True}


def _recount_state(task: Task, project, user) -> None:
    workflow = current_app.extensions["labelcore"].workflow
    allowed = workflow.allowed_events(project.workflow, task.state)
    for event in ("recount", "unannotate"):
        if event in allowed:
            workflow.apply(task, event, user, project)
            return


def delete_tasks_annotations(project, task_ids, user, params) -> dict[str, Any]:
    deleted = 0
    for batch in batches_of(task_ids):
        deleted += db.session.execute(
            sa.delete(Annotation).where(Annotation.task_id.in_(batch))
        ).rowcount
        db.session.execute(sa.delete(TaskLock).where(TaskLock.task_id.in_(batch)))
        tasks = db.session.execute(
            sa.select(Task).where(
                Task.id.in_(batch),
                sa.or_(Task.total_annotations > 0, Task.cancelled_annotations > 0),
            )
        ).scalars()
        for task in tasks:
            task.total_annotations = 0
            task.cancelled_annotations = 0
            task.is_labeled = False
            task.disagreement = None
            task.updated_by_id = user.id
            _recount_state(task, project, user)
        db.session.commit()
    return _deleted(deleted, "annotations")


def delete_tasks_predictions(project, task_ids, user, params) -> dict[str, Any]:
    deleted = 0
    for batch in batches_of(task_ids):
        deleted += db.session.execute(
            sa.delete(Prediction).where(Prediction.task_id.in_(batch))
        ).rowcount
        db.session.execute(
            Task.__table__.update()
            .where(Task.__table__.c.id.in_(batch))
            .values(total_predictions=0, **dict.fromkeys(SAMPLING_KEYS))
        )
        db.session.commit()
    return _deleted(deleted, "predictions")


def _confirm(text: str) -> dict[str, Any]:
    return {
        "title": "Destructive action",
        "text": text,
        "type": "confirm",
        "form": None,
    }


BUILT_IN_ACTIONS = (
    DataManagerAction(
        id="delete_tasks",
        title="Delete tasks",
        run=delete_tasks,
        dialog=_confirm(
            "You are going to delete the selected tasks with their annotations "
            "and predictions. Please confirm your action."
        ),
        order=100,
    ),
    DataManagerAction(
        id="delete_tasks_annotations",
        title="Delete annotations",
        run=delete_tasks_annotations,
        dialog=_confirm(
            "You are going to delete all annotations of the selected tasks. "
            "Please confirm your action."
        ),
        order=101,
    ),
    DataManagerAction(
        id="delete_tasks_predictions",
        title="Delete predictions",
        run=delete_tasks_predictions,
        dialog=_confirm(
            "You are going to delete all predictions of the selected tasks. "
            "Please confirm your action."
        ),
        order=102,
    ),
)


class ActionConflict(RuntimeError):
    """A plugin registers an action under a built-in action's id."""


def merge_actions(
    plugin_actions: Mapping[str, DataManagerAction],
    owner_of: Callable[[str], str | None] = lambda _id: None,
) -> dict[str, DataManagerAction]:
    """Built-in actions and the plugins', by id; a plugin may add actions but
    not replace a built-in one (a silent replacement of ``delete_tasks``
    would surprise every script that calls it)."""
    merged = {action.id: action for action in BUILT_IN_ACTIONS}
    for action_id, action in plugin_actions.items():
        if action_id in merged:
            raise ActionConflict(
                f"Plugin {owner_of(action_id)!r} registers the data-manager action "
                f"{action_id!r}, which is built in. Give the plugin's action "
                f"another id."
            )
        if not callable(action.run):
            raise ActionConflict(
                f"Plugin {owner_of(action_id)!r}: the data-manager action "
                f"{action_id!r} has no callable 'run'."
            )
        merged[action_id] = action
    return merged


def run_action(action: DataManagerAction, project, task_ids, user, params) -> dict:
    """Run ``action`` and forget the project's cached totals afterwards."""
    try:
        result = action.run(project, task_ids, user, params)
    finally:
        forget_totals(project.id)
    return result if isinstance(result, dict) else {"detail": str(result or "")}


def action_payload(action: DataManagerAction) -> dict[str, Any]:
    return {
        "id": action.id,
        "title": action.title,
        "order": action.order,
        "dialog": action.dialog or None,
        "permission": "tasks.change",
        "experimental": False,
    }
