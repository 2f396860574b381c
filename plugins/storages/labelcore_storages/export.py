"""Export storages: annotations written as objects when saved, or all at once.

An object is ``<prefix>/<annotation id>.json`` holding the task (in Label
Studio's export shape) with that one annotation, or, with ``one_object_per``
set to ``task``, ``<prefix>/<task id>.json`` holding the task with all its
annotations. Either is a task file that an import storage reads back.

Writing never happens inside the transaction that saved the annotation: the
save adds a job row to that same transaction, and the job is handed to the
runner once the transaction committed. A rolled-back save writes nothing,
and a crashed write is a job that the reconciler runs again; the object's
key depends only on ids, so a second write replaces the first.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
import sqlalchemy as sa
from flask import current_app, has_app_context

from labelcore import StorageError, app_state, job_kind
from labelcore.models import Annotation, Job, Project, Task, db, utcnow
from labelcore_storages.models import Storage
from labelcore_storages.records import connector_config, open_connector
from labelcore_storages.sync import failure_message

log = logging.getLogger(__name__)

PENDING = "labelcore_storages.pending_jobs"
QUEUED = "labelcore_storages.queued_job_ids"
CONTENT_TYPE = "application/json"
TASKS_PER_READ = 200


def object_key(settings: dict[str, Any], task_id: int, annotation_id: int) -> str:
    one_per_task = settings.get("one_object_per") == "task"
    name = f"{task_id if one_per_task else annotation_id}.json"
    prefix = (settings.get("prefix") or "").strip("/")
    return f"{prefix}/{name}" if prefix else name


def task_export(task_id: int) -> dict[str, Any] | None:
    from labelcore.exports import stream_tasks

    task = db.session.get(Task, task_id)
    if task is None:
        return None
    project = db.session.get(Project, task.project_id)
    found = stream_tasks(project, {"ids": [task_id], "download_all_tasks": True})
    return next(iter(found), None)


def export_document(settings: dict[str, Any], task: dict, annotation_id: int) -> bytes:
    if settings.get("one_object_per") != "task":
        chosen = [item for item in task["annotations"] if item["id"] == annotation_id]
        task = {**task, "annotations": chosen}
    return orjson.dumps(task, option=orjson.OPT_INDENT_2)


def export_storages_of(project_id: int) -> list[Storage]:
    return list(
        db.session.scalars(
            sa.select(Storage).where(
                Storage.project_id == project_id, Storage.direction == "export"
            )
        )
    )


# Asked on every saved annotation, and almost always empty: one indexed read
# of ids on the session's connection, not an ORM query.
_EXPORT_STORAGE_IDS = sa.select(Storage.id).where(
    Storage.project_id == sa.bindparam("project_id"), Storage.direction == "export"
)


def export_storage_ids(project_id: int) -> list[int]:
    rows = db.session.connection().execute(
        _EXPORT_STORAGE_IDS, {"project_id": project_id}
    )
    return list(rows.scalars())


# -- jobs -------------------------------------------------------------------


@job_kind("storages.write_annotation")
def write_annotation(context) -> dict[str, Any]:
    """Write (or remove) the object of one annotation in each export storage.

    ``params``: ``annotation_id``, ``task_id``, ``storage_ids`` and ``deleted``.
    """
    params = context.params
    task = task_export(params["task_id"])
    targets = []
    for storage_id in params["storage_ids"]:
        storage = db.session.get(Storage, storage_id)
        if storage is None:
            continue
        try:
            targets.append(
                (storage_id, connector_config(storage), open_connector(storage))
            )
        except StorageError as error:
            targets.append((storage_id, {}, error))
    # The writes go over the network: no transaction stays open meanwhile.
    db.session.commit()

    written, removed, failures = 0, 0, []
    for storage_id, settings, connector in targets:
        try:
            if isinstance(connector, StorageError):
                raise connector
            outcome = _write_one(connector, settings, task, params)
        except StorageError as error:
            failures.append({"storage": storage_id, "message": str(error)})
            _record_failure(storage_id, error)
            continue
        written += outcome == "written"
        removed += outcome == "removed"
    if failures and not (written or removed):
        raise StorageError(failures[0]["message"])
    return {"written": written, "removed": removed, "failures": failures}


def _write_one(connector, settings: dict, task: dict | None, params: dict) -> str:
    key = object_key(settings, params["task_id"], params["annotation_id"])
    one_per_task = settings.get("one_object_per") == "task"

    gone = task is None or (one_per_task and not task["annotations"])
    if params.get("deleted") and (not one_per_task or gone):
        if not settings.get("can_delete_objects"):
            return "kept"
        connector.delete(key)
        return "removed"
    if task is None:
        return "kept"

    body = export_document(settings, task, params["annotation_id"])
    connector.write(key, body, CONTENT_TYPE)
    return "written"


def _record_failure(storage_id: int, error: StorageError) -> None:
    db.session.execute(
        sa.update(Storage)
        .where(Storage.id == storage_id)
        .values(status="failed", traceback=str(error))
    )
    db.session.commit()


@job_kind("storages.export")
def run_export(context) -> dict[str, Any]:
    """Write every annotation of the project to Storage ``params["storage_id"]``."""
    storage = db.session.get(Storage, context.params["storage_id"])
    if storage is None:
        raise LookupError(f"Storage {context.params['storage_id']} no longer exists.")
    try:
        return _export_all(context, storage)
    except BaseException as error:
        db.session.rollback()
        storage = db.session.get(Storage, context.params["storage_id"])
        if storage is not None:
            storage.status = "failed"
            storage.traceback = failure_message(error)
            db.session.commit()
        raise


def _export_all(context, storage: Storage) -> dict[str, Any]:
    from labelcore.exports import stream_tasks

    connector = open_connector(storage)
    settings = connector_config(storage)
    storage_id = storage.id
    project = db.session.get(Project, storage.project_id)
    task_ids = list(
        db.session.scalars(
            sa.select(Task.id)
            .where(
                Task.project_id == project.id,
                sa.exists().where(Annotation.task_id == Task.id),
            )
            .order_by(Task.id)
        )
    )
    storage.status = "in_progress"
    storage.last_sync_job = context.job.id
    db.session.commit()

    written = 0
    for start in range(0, len(task_ids), TASKS_PER_READ):
        chunk = task_ids[start : start + TASKS_PER_READ]
        tasks = list(stream_tasks(project, {"ids": chunk, "download_all_tasks": True}))
        # Read, then write with no transaction open: the writes are network
        # calls, and SQLite's write lock must not wait for them.
        db.session.commit()
        for task in tasks:
            for annotation_id in _objects_of(settings, task):
                key = object_key(settings, task["id"], annotation_id)
                connector.write(
                    key, export_document(settings, task, annotation_id), CONTENT_TYPE
                )
                written += 1
        context.progress(start + len(chunk), len(task_ids))
        context.raise_if_cancelled()

    storage = db.session.get(Storage, storage_id)
    storage.status = "completed"
    storage.last_sync = utcnow()
    storage.last_sync_count = written
    storage.traceback = None
    db.session.commit()
    log.info("Export storage %s: %d objects written", storage_id, written)
    return {"storage": storage_id, "objects_written": written}


def _objects_of(settings: dict[str, Any], task: dict) -> list[int]:
    """The annotation ids whose objects hold ``task``: one per annotation, or
    the first one's alone when each task is one object."""
    ids = [item["id"] for item in task["annotations"]]
    if settings.get("one_object_per") == "task":
        return ids[:1]
    return ids


# -- events -----------------------------------------------------------------


def annotation_saved(annotation: Annotation) -> None:
    """Queue the write of ``annotation`` to its project's export storages."""
    storage_ids = export_storage_ids(annotation.project_id)
    if storage_ids:
        _add_job(annotation, storage_ids, deleted=False)


def annotations_deleted(session, annotations: list[Annotation]) -> None:
    for annotation in annotations:
        storages = [
            storage.id
            for storage in export_storages_of(annotation.project_id)
            if (storage.settings or {}).get("can_delete_objects")
            or (storage.settings or {}).get("one_object_per") == "task"
        ]
        if storages:
            _add_job(annotation, storages, deleted=True, session=session)


def _add_job(annotation, storage_ids, *, deleted: bool, session=None) -> None:
    session = session or db.session()
    project = session.get(Project, annotation.project_id)
    job = Job(
        kind="storages.write_annotation",
        params={
            "annotation_id": annotation.id,
            "task_id": annotation.task_id,
            "storage_ids": storage_ids,
            "deleted": deleted,
        },
        organization_id=project.organization_id,
        project_id=project.id,
        created_by_id=annotation.completed_by_id,
    )
    session.add(job)
    session.info.setdefault(PENDING, []).append(job)


def _before_flush(session, flush_context, instances) -> None:
    if not _plugin_active():
        return
    deleted = [item for item in session.deleted if isinstance(item, Annotation)]
    if deleted:
        with session.no_autoflush:
            annotations_deleted(session, deleted)


def _after_flush(session, flush_context) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        session.info.setdefault(QUEUED, []).extend(job.id for job in pending)


def _after_commit(session) -> None:
    job_ids = session.info.pop(QUEUED, None)
    if not job_ids or not has_app_context():
        return
    runner = app_state().job_runner
    for job_id in job_ids:
        try:
            runner.submit(job_id)
        except Exception as error:
            # The row is committed: the reconciler queues it again later.
            log.warning("Export job %s could not be queued now: %s", job_id, error)


def _after_rollback(session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(QUEUED, None)


def _plugin_active() -> bool:
    return has_app_context() and "storages" in current_app.blueprints


def listen(session_factory) -> None:
    """Attach the transaction events once for the sessions of ``session_factory``."""
    events = (
        ("before_flush", _before_flush),
        ("after_flush_postexec", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    )
    for name, handler in events:
        if not sa.event.contains(session_factory, name, handler):
            sa.event.listen(session_factory, name, handler)
