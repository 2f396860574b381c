"""The ``import`` job: large imports, committed batch by batch, resumable.

Each batch commits with a checkpoint (the index of the last item written and
the totals so far), so a job killed and run again reads its files from the
start, skips what is done and leaves exactly one copy of each task; the
unique key on import id and item index guards the same.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import sqlalchemy as sa
from flask import current_app

from labelcore.imports.background import BackgroundWriter
from labelcore.imports.pipeline import ImportRun, ImportTotals
from labelcore.imports.reading import ItemReader, check_sources
from labelcore.imports.sources import Source, discard, keep_for_job
from labelcore.jobs import JobCancelled, JobLost, enqueue, job_kind, job_payload
from labelcore.models import ImportRecord, Project, Task, User, db, isoformat, utcnow

log = logging.getLogger(__name__)

READ_OPTIONS = ("column", "object_keys")
"""The request's options that importers read (the rest steer the pipeline)."""
BATCH_BYTES = 4 << 20
"""Bytes of the files read between two batches at most: twenty thousand
long texts would keep tens of megabytes alive at a time."""
BYTES_CHECK_ITEMS = 1024
"""Items between two looks at how far reading got."""


def start_import_job(project, user, sources: list[Source], options, folder) -> dict:
    """Record the import, keep its files, queue the job; the 202 body."""
    record = ImportRecord(
        project_id=project.id,
        status="created",
        source_format=sources[0].importer.name if sources else None,
        return_task_ids=options.get("return_task_ids", False),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(record)
    db.session.flush()

    kept = keep_for_job(sources, folder, record.id)
    record.source_path = str(kept[0].path) if kept else None
    record.options = {
        "read": {key: value for key, value in options.items() if key in READ_OPTIONS},
        "preannotated_from_fields": options.get("preannotated_from_fields", []),
        "keep_annotators": bool(options.get("keep_annotators")),
        "sources": [source.as_dict() for source in kept],
        "found_formats": sorted({source.extension for source in kept}),
        "total_bytes": sum(source.path.stat().st_size for source in kept),
    }
    db.session.commit()

    job = enqueue(
        "import",
        {"record_id": record.id},
        organization_id=project.organization_id,
        project_id=project.id,
        user_id=getattr(user, "id", None),
    )
    record.job_id = job.id
    db.session.commit()
    log.info(
        "Import %s into project %s queued as job %s", record.id, project.id, job.id
    )
    return {"import": record.id, "job": job_payload(job)}


@job_kind("import")
def run_import(context) -> dict[str, Any]:
    """Import the files of ImportRecord ``params["record_id"]``."""
    record = db.session.get(ImportRecord, context.params["record_id"])
    if record is None:
        raise LookupError(f"Import {context.params['record_id']} no longer exists.")

    record_id = record.id
    try:
        return _run(context, record)
    except JobLost:
        # The runner that took the job over owns the record now.
        db.session.rollback()
        raise
    except BaseException as error:
        db.session.rollback()
        reason = "Cancelled by request." if isinstance(error, JobCancelled) else error
        _fail(record_id, str(reason) or type(error).__name__)
        raise


def _run(context, record: ImportRecord) -> dict[str, Any]:
    from labelcore.config import ConfigInvalid

    started = time.monotonic()
    state = current_app.extensions["labelcore"]
    project = db.session.get(Project, record.project_id)
    user = db.session.get(User, record.created_by_id) if record.created_by_id else None
    try:
        parsed = state.compiler.compile(project.label_config)
    except ConfigInvalid as error:
        raise ValueError(
            f"The project's label config does not compile: {error}"
        ) from None

    options = record.options or {}
    sources = [
        Source.from_dict(saved, state.plugins.importers)
        for saved in options.get("sources", [])
    ]
    saved = context.checkpoint
    done_index = saved.get("index", 0)
    run = ImportRun(
        project,
        user,
        parsed,
        state.workflow,
        import_id=record.id,
        totals=ImportTotals.from_checkpoint(saved),
        preannotated_from_fields=options.get("preannotated_from_fields", ()),
        keep_annotators=bool(options.get("keep_annotators")),
    )
    record_id, project_id = record.id, project.id
    record.status = "in_progress"
    db.session.commit()
    if not done_index:
        # A file that turns out unreadable at its end must be refused before
        # the first batch commits: an import is whole or not at all.
        check_sources(sources, options.get("read", {}))

    # From here on the loop only reads files; every write happens on the
    # background writer's connection, in the transaction of its batch.
    reader = ItemReader(sources, options.get("read", {}))
    total_bytes = options.get("total_bytes") or 0
    background = BackgroundWriter(db.engine, run.writer)
    checkpoint = BatchCheckpoint(context, record_id)
    last_index = done_index
    sent_bytes = 0
    try:
        for index, location, item in reader:
            last_index = index
            if index <= done_index:
                continue
            full = run.add(index, location, item)
            if not full and not index % BYTES_CHECK_ITEMS and run.pending:
                full = reader.bytes_read - sent_bytes >= BATCH_BYTES
            if full:
                sent_bytes = reader.bytes_read
                estimate = _estimate(index, sent_bytes, total_bytes)
                run.send_pending(background, checkpoint.at(index, estimate))
        run.send_pending(background, checkpoint.at(last_index, last_index))
        run.finish_background(background)
    except _NotOwned:
        background.close()
        db.session.rollback()
        context.raise_if_not_owned()
        raise
    finally:
        background.close()

    totals = run.totals
    record = db.session.get(ImportRecord, record_id)
    record.options = {**options, "data_columns": sorted(totals.data_columns)}
    db.session.commit()
    # The tasks are committed; the record says "completed" only once plugins
    # were told, so a client that polls it never races the hook.
    state.plugins.hook.on_import_finished(
        project=db.session.get(Project, project_id),
        summary={
            "task_count": totals.task_count,
            "annotation_count": totals.annotation_count,
            "prediction_count": totals.prediction_count,
            "import_id": record_id,
        },
    )
    record = db.session.get(ImportRecord, record_id)
    record.status = "completed"
    record.finished_at = utcnow()
    db.session.commit()

    discard(sources)
    log.info(
        "Import %s: %d tasks into project %s in %.2f s (%d items refused)",
        record_id,
        totals.task_count,
        project_id,
        time.monotonic() - started,
        totals.problem_count,
    )
    return {
        "import": record_id,
        "task_count": totals.task_count,
        "annotation_count": totals.annotation_count,
        "prediction_count": totals.prediction_count,
        "error_count": totals.problem_count,
    }


class _NotOwned(Exception):
    """A batch's checkpoint matched no job row: cancelled, or taken over."""


class BatchCheckpoint:
    """Writes an import's progress inside the transaction of each batch.

    The job row's checkpoint (the last item index written and the totals)
    and the import record's counts commit together with the batch's tasks,
    and only while this runner still owns the job; otherwise the batch is
    rolled back.
    """

    def __init__(self, context, record_id: int):
        self.context = context
        self.record_id = record_id

    def at(self, index: int, total: int):
        def finish(connection, totals: dict[str, Any]) -> None:
            statement = self.context.checkpoint_update(
                {"index": index, **totals}, done=index, total=total
            )
            if connection.execute(statement).rowcount != 1:
                raise _NotOwned()
            connection.execute(
                sa.update(ImportRecord)
                .where(ImportRecord.id == self.record_id)
                .values(
                    task_count=totals["task_count"],
                    annotation_count=totals["annotation_count"],
                    prediction_count=totals["prediction_count"],
                    errors=totals["problems"],
                    updated_at=utcnow(),
                )
            )

        return finish


def _estimate(items_read: int, bytes_read: int, total_bytes: int) -> int:
    """How many items the files hold, judged from how far reading got."""
    if not bytes_read or not total_bytes:
        return items_read
    return max(items_read, round(items_read * total_bytes / bytes_read))


def _fail(record_id: int, message: str) -> None:
    record = db.session.get(ImportRecord, record_id)
    if record is None:
        return
    record.status = "failed"
    record.error = message
    record.finished_at = utcnow()
    db.session.commit()


def import_record_payload(record: ImportRecord) -> dict[str, Any]:
    """An import in Label Studio's ProjectImport shape, for its GET endpoint.

    ``task_ids`` are listed once the import completed: clients poll this
    while it runs, and a list of a million ids per poll would slow the
    import down.
    """
    task_ids: list[int] = []
    if record.status == "completed":
        task_ids = list(
            db.session.scalars(
                sa.select(Task.id)
                .where(Task.import_id == record.id)
                .order_by(Task.import_index)
            )
        )
    finished = record.finished_at or (
        record.updated_at if record.status in ("completed", "failed") else None
    )
    duration = int((finished - record.created_at).total_seconds()) if finished else 0
    options = record.options or {}
    return {
        "id": record.id,
        "project": record.project_id,
        "status": record.status,
        "task_count": record.task_count,
        "annotation_count": record.annotation_count,
        "prediction_count": record.prediction_count,
        "task_ids": task_ids,
        "error": record.error,
        "errors": record.errors or [],
        "job": record.job_id,
        "url": None,
        "file_upload_ids": [],
        "could_be_tasks_list": False,
        "found_formats": options.get("found_formats", []),
        "data_columns": options.get("data_columns", []),
        "return_task_ids": record.return_task_ids,
        "commit_to_project": True,
        "preannotated_from_fields": None,
        "tasks": None,
        "created_at": isoformat(record.created_at),
        "updated_at": isoformat(record.updated_at),
        "finished_at": isoformat(record.finished_at),
        "duration": duration,
    }
