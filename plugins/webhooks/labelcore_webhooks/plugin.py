"""The ``webhooks`` plugin: its API, its tables, and the events it listens to.

Each ``on_*`` hook notes its event in the outbox of the transaction that
makes the change. Importing this module registers the delivery job kind and
attaches the outbox's commit events to the core's session.
"""

from __future__ import annotations

from pathlib import Path

from labelcore import hookimpl
from labelcore.models import Task, db
from labelcore_webhooks import delivery, outbox
from labelcore_webhooks.api import blp
from labelcore_webhooks.catalogue import (
    annotation_body,
    job_body,
    project_body,
    task_body,
)
from labelcore_webhooks.outbox import (
    DELIVERY_KIND,
    Noted,
    note,
    tasks_of_import,
)

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
def on_annotation_deleted(annotation):
    body = {"id": annotation.id}
    note(db.session, Noted("ANNOTATIONS_DELETED", annotation.project_id, body=body))


@hookimpl
def on_task_transitioned(task, event, from_state, to_state, actor, comment):
    body = {
        "task": task_body(task),
        "event": event,
        "from_state": from_state,
        "to_state": to_state,
        "actor": getattr(actor, "id", None),
        "comment": comment,
    }
    note(db.session, Noted("TASK_TRANSITIONED", task.project_id, body=body))


@hookimpl
def on_import_finished(project, summary):
    # Told after the import committed: the events get a commit of their own.
    for task in tasks_of_import(db.session, project, summary):
        note(db.session, Noted("TASKS_CREATED", project.id, body=task))
    db.session.commit()


@hookimpl
def on_tasks_created(project, task_ids):
    for task_id in task_ids:
        task = db.session.get(Task, task_id)
        note(db.session, Noted("TASKS_CREATED", project.id, body=task_body(task)))


@hookimpl
def on_tasks_deleted(project, task_ids):
    for task_id in task_ids:
        note(db.session, Noted("TASKS_DELETED", project.id, body={"id": task_id}))


@hookimpl
def on_project_changed(project, change):
    if change == "created":
        noted = Noted("PROJECT_CREATED", None, project.organization_id)
        noted.project_row = project
    elif change == "updated":
        noted = Noted("PROJECT_UPDATED", project.id, project.organization_id)
    else:
        # Its own webhooks go with it; the organization's hear of it.
        noted = Noted(
            "PROJECT_DELETED",
            None,
            project.organization_id,
            project=project_body(project),
        )
    note(db.session, noted)


@hookimpl
def on_job_finished(job):
    if job.kind == DELIVERY_KIND:
        return
    body = {"job": job_body(job)}
    note(db.session, Noted("JOB_FINISHED", job.project_id, job.organization_id, body))
