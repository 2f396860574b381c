"""Export snapshots: the ``export`` and ``export_convert`` jobs.

A snapshot writes the project's tasks, in Label Studio's export shape, to a
file of one JSON task a line, page by page. After each page the job commits
a checkpoint with the last task id written and the file's length, so a job
killed and run again cuts the file back to that length and goes on after
that task: every task is in the file exactly once. Other formats are made
from that file, not from the database, so they show the same moment.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from flask import current_app

from labelcore.exports.filters import ExportFilters
from labelcore.exports.stream import export_context, stream_tasks
from labelcore.jobs import JobLost, enqueue, job_kind
from labelcore.models import ExportSnapshot, Project, Task, db, utcnow

log = logging.getLogger(__name__)

CHECKPOINT_TASKS = 2000
"""Tasks written between two checkpoints."""
PROGRESS_TASKS = 5000
"""Tasks converted between two progress reports."""
SYNC_BYTES = 64 << 20
"""Bytes written between two fsyncs: a checkpoint must never point past
what the disk holds after a power cut."""


def exports_folder(project_id: int) -> Path:
    settings = current_app.extensions["labelcore"].settings
    folder = settings.data_path / "exports" / str(project_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start_snapshot(project, user, options: Mapping[str, Any], title: str) -> Any:
    """Record a snapshot and queue its job; returns the committed row.

    Its options are checked first (``ExportOptionError`` names a bad one),
    a data-manager view included, so that a mistake is a 400 and not a
    failed job.
    """
    ExportFilters.from_options(_with_view(project, options))
    snapshot = ExportSnapshot(
        organization_id=project.organization_id,
        project_id=project.id,
        title=title or f"{project.title} at {utcnow():%Y-%m-%d %H:%M:%S}",
        status="in_progress",
        options=dict(options),
        counters={},
        converted_formats=[],
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(snapshot)
    db.session.commit()

    job = enqueue(
        "export",
        {"snapshot_id": snapshot.id},
        organization_id=project.organization_id,
        project_id=project.id,
        user_id=getattr(user, "id", None),
    )
    snapshot.job_id = job.id
    db.session.commit()
    return snapshot


@job_kind("export")
def run_export(context) -> dict[str, Any]:
    """Write snapshot ``params["snapshot_id"]`` to its file."""
    snapshot = db.session.get(ExportSnapshot, context.params["snapshot_id"])
    if snapshot is None:
        raise LookupError(f"Export {context.params['snapshot_id']} no longer exists.")

    snapshot_id = snapshot.id
    try:
        return _write_snapshot(context, snapshot)
    except JobLost:
        db.session.rollback()
        raise
    except BaseException as error:
        db.session.rollback()
        _fail(snapshot_id, str(error) or type(error).__name__)
        raise


def _write_snapshot(context, snapshot: ExportSnapshot) -> dict[str, Any]:
    started = time.monotonic()
    project = db.session.get(Project, snapshot.project_id)
    options = _with_view(project, snapshot.options or {})
    path = exports_folder(project.id) / f"{snapshot.id}.jsonl"
    snapshot.file_path = str(path)
    snapshot.status = "in_progress"
    snapshot.error = None

    saved = context.checkpoint
    counters = dict(saved.get("counters") or _empty_counters())
    offset = saved.get("offset", 0)
    last_id = saved.get("last_task_id", 0)
    if not path.exists() or path.stat().st_size < offset:
        # The file lost what the checkpoint says it held (another disk, a
        # power cut before the data reached it): begin again.
        offset, last_id, counters = 0, 0, _empty_counters()
    total = saved.get("total")
    if total is None:
        total = _count(project, options)
    db.session.commit()
    context.progress(counters["task_number"], total)

    with path.open("r+b" if path.exists() else "w+b") as target:
        target.truncate(offset)
        target.seek(offset)
        unsynced = 0
        pending = 0
        for task in stream_tasks(project, options, after_id=last_id, raw_json=True):
            line = orjson.dumps(task) + b"\n"
            target.write(line)
            unsynced += len(line)
            pending += 1
            _count_task(counters, task)
            last_id = task["id"]
            if pending >= CHECKPOINT_TASKS:
                target.flush()
                if unsynced >= SYNC_BYTES:
                    os.fsync(target.fileno())
                    unsynced = 0
                context.save_checkpoint(
                    {
                        "offset": target.tell(),
                        "last_task_id": last_id,
                        "counters": counters,
                        "total": total,
                    },
                    done=counters["task_number"],
                )
                pending = 0
        target.flush()
        os.fsync(target.fileno())

    snapshot = db.session.get(ExportSnapshot, snapshot.id)
    snapshot.md5 = _md5(path)
    snapshot.counters = counters
    snapshot.status = "completed"
    snapshot.finished_at = utcnow()
    context.job.progress_total = counters["task_number"]
    db.session.commit()

    export_type = (snapshot.options or {}).get("export_type")
    exporter = current_app.extensions["labelcore"].plugins.exporters.get(export_type)
    if exporter is not None and exporter.name != "JSON":
        start_conversion(snapshot, exporter, None, {})
    log.info(
        "Export %s of project %s: %d tasks in %.2f s",
        snapshot.id,
        project.id,
        counters["task_number"],
        time.monotonic() - started,
    )
    return {"export": snapshot.id, **counters}


def _empty_counters() -> dict[str, int]:
    return {"task_number": 0, "annotation_number": 0, "prediction_number": 0}


def _count_task(counters: dict[str, int], task: dict[str, Any]) -> None:
    counters["task_number"] += 1
    counters["annotation_number"] += len(task["annotations"])
    counters["prediction_number"] += len(task["predictions"])


def _count(project, options: Mapping[str, Any]) -> int:
    filters = ExportFilters.from_options(options)
    query = filters.narrow_tasks(
        sa.select(sa.func.count())
        .select_from(Task)
        .where(Task.project_id == project.id)
    )
    return db.session.execute(query).scalar_one()


def _with_view(project, options: Mapping[str, Any]) -> dict[str, Any]:
    """The options with the data-manager view's filters compiled to SQL."""
    view_id = (options.get("task_filter_options") or {}).get("view")
    if not view_id:
        return dict(options)
    from labelcore.exports.views import view_condition

    return {**options, "view_condition": view_condition(project, view_id)}


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fail(snapshot_id: int, message: str) -> None:
    snapshot = db.session.get(ExportSnapshot, snapshot_id)
    if snapshot is None:
        return
    snapshot.status = "failed"
    snapshot.error = message
    snapshot.finished_at = utcnow()
    db.session.commit()


def snapshot_tasks(snapshot: ExportSnapshot, raw: bool = False) -> Iterator[Any]:
    """The tasks of a completed snapshot, read line by line from its file;
    with ``raw`` each is an ``orjson.Fragment`` of its line, never parsed."""
    with Path(snapshot.file_path).open("rb") as source:
        for line in source:
            if line.strip():
                # The line's own newline stays out of the fragment, or every
                # task written again would carry a blank line after it.
                yield orjson.Fragment(line.rstrip()) if raw else orjson.loads(line)


def exporter_tasks(snapshot: ExportSnapshot, exporter) -> Iterator[Any]:
    """The snapshot's tasks the way ``exporter`` takes them."""
    return snapshot_tasks(snapshot, bool(getattr(exporter, "takes_raw_json", False)))


def _counted(tasks: Iterator[Any], context, total: int) -> Iterator[Any]:
    done = 0
    for done, task in enumerate(tasks, 1):
        if done % PROGRESS_TASKS == 0:
            context.progress(done, total)
        yield task
    context.progress(done, total)


# -- other formats, made from the snapshot's file -------------------------------


def converted_path(snapshot: ExportSnapshot, exporter) -> Path:
    extension = exporter.file_extension or ""
    if extension and not extension.startswith("."):
        extension = "." + extension
    return Path(snapshot.file_path).with_name(
        f"{snapshot.id}-{exporter.name}{extension}"
    )


def start_conversion(snapshot: ExportSnapshot, exporter, user, options) -> dict:
    """Queue the conversion of a completed snapshot to ``exporter``'s format."""
    formats = list(snapshot.converted_formats or [])
    entry = next((f for f in formats if f["export_type"] == exporter.name), None)
    if entry is None:
        entry = {"id": len(formats) + 1, "export_type": exporter.name}
        formats.append(entry)
    entry.update(status="in_progress", traceback=None, options=dict(options))
    snapshot.converted_formats = formats
    db.session.commit()

    project = db.session.get(Project, snapshot.project_id)
    enqueue(
        "export_convert",
        {"snapshot_id": snapshot.id, "export_type": exporter.name},
        organization_id=project.organization_id,
        project_id=project.id,
        user_id=getattr(user, "id", None),
    )
    return entry


@job_kind("export_convert")
def run_conversion(context) -> dict[str, Any]:
    """Write snapshot ``snapshot_id`` in format ``export_type``.

    The output goes to a temporary file renamed into place at the end, so
    a conversion killed halfway simply runs again from the start.
    """
    snapshot = db.session.get(ExportSnapshot, context.params["snapshot_id"])
    if snapshot is None:
        raise LookupError(f"Export {context.params['snapshot_id']} no longer exists.")
    name = context.params["export_type"]
    exporter = current_app.extensions["labelcore"].plugins.exporters.get(name)
    try:
        if exporter is None:
            raise LookupError(
                f"No installed plugin provides the export format {name!r}."
            )
        target = converted_path(snapshot, exporter)
        entry = _format_entry(snapshot, name)
        project = db.session.get(Project, snapshot.project_id)
        export = export_context(project, entry.get("options") or {}, exporter)
        db.session.commit()

        partial = target.with_suffix(target.suffix + ".part")
        with partial.open("wb") as output:
            total = (snapshot.counters or {}).get("task_number") or 0
            tasks = _counted(exporter_tasks(snapshot, exporter), context, total)
            for chunk in exporter.export(tasks, export):
                output.write(chunk)
            output.flush()
            os.fsync(output.fileno())
        os.replace(partial, target)
        _set_format(snapshot.id, name, status="completed", path=str(target))
    except JobLost:
        raise
    except BaseException as error:
        db.session.rollback()
        _set_format(snapshot.id, name, status="failed", traceback=str(error))
        raise
    return {"export": snapshot.id, "export_type": name}


def _format_entry(snapshot: ExportSnapshot, name: str) -> dict[str, Any]:
    for entry in snapshot.converted_formats or []:
        if entry["export_type"] == name:
            return entry
    return {}


def _set_format(snapshot_id: int, name: str, **values) -> None:
    snapshot = db.session.get(ExportSnapshot, snapshot_id)
    if snapshot is None:
        return
    formats = [dict(entry) for entry in snapshot.converted_formats or []]
    for entry in formats:
        if entry["export_type"] == name:
            entry.update(values)
    snapshot.converted_formats = formats
    db.session.commit()


def download_chunks(snapshot: ExportSnapshot, exporter) -> Iterator[bytes]:
    """The file a completed snapshot's download gives in ``exporter``'s
    format: the converted file when a conversion made one, otherwise the
    snapshot converted while it is read."""
    converted = converted_path(snapshot, exporter)
    if converted.exists():
        yield from _file_chunks(converted)
        return

    project = db.session.get(Project, snapshot.project_id)
    context = export_context(project, {"download_resources": False}, exporter)
    yield from exporter.export(exporter_tasks(snapshot, exporter), context)


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            yield chunk
