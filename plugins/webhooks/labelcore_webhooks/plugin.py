"""The ``webhooks`` plugin: its API, its tables, and the events it listens to.

Importing this module registers the delivery job kind and attaches the
transaction events of the outbox to the core's session.
"""

from __future__ import annotations

from pathlib import Path

from labelcore import hookimpl
from labelcore.models import Task, db
from labelcore_webhooks import delivery, outbox
from labelcore_webhooks.api import blp
from labelcore_webhooks.catalogue import annotation_body, task_body
from labelcore_webhooks.outbox import Noted, note, tasks_of_import

LABELCORE_PLUGIN_NAME = "webhooks"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

outbox.listen(db.session)
JOB_KINDS = (delivery.deliver,)
"""Registered by importing ``delivery``; named so the import reads as used."""


@hookimpl
def register_blueprints():
    return [blp]


@hookimpl
def register_migration_folders():
    return [str(MIGRATIONS)]


@hookimpl
def on_annotation_saved(annotation, created):
    action = "ANNOTATION_CREATED" if created else "ANNOTATION_UPDATED"
    task = db.session.get(Task, annotation.task_id)
    body = {"annotation": annotation_body(annotation), "task": task_body(task)}
    note(db.session, Noted(action, annotation.project_id, body=body))


@hookimpl
def on_task_transitioned(task, event, from_state, to_state, actor):
    body = {
        "task": task_body(task),
        "event": event,
        "from_state": from_state,
        "to_state": to_state,
        "actor": getattr(actor, "id", None),
    }
    note(db.session, Noted("TASK_TRANSITIONED", task.project_id, body=body))


@hookimpl
def on_import_finished(project, summary):
    # Told after the import committed: the events get a commit of their own.
    for task in tasks_of_import(db.session, project, summary):
        note(db.session, Noted("TASKS_CREATED", project.id, body=task))
    db.session.commit()
