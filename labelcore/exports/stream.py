"""Tasks in Label Studio's export shape, read from the database page by page.

Pages are keyed on the task id (never OFFSET), and each page's annotations
and predictions come in one query each, so an export of a million tasks
holds one page in memory and costs three queries per page. Rows are read as
plain columns, not ORM objects, and timestamps as the database's own text
where it stores text, because building objects and parsing dates would cost
more than the rest of the export.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app

from labelcore.contrib.formats import ExportContext, Exporter
from labelcore.exports.filters import ExportFilters
from labelcore.models import Annotation, Prediction, Task, db

PAGE_SIZE = 1000
IDS_PER_QUERY = 900
"""Under SQLite's default limit of bound parameters per statement."""


def _text(column):
    # The column's value as the driver gives it, skipping SQLAlchemy's
    # datetime parsing (SQLite stores text; PostgreSQL's driver gives a
    # datetime either way).
    return sa.type_coerce(column, sa.String)


def stamp(value: Any) -> str | None:
    """A stored timestamp as ISO 8601 in UTC with a ``Z``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds") + "Z"
    text = str(value).replace(" ", "T", 1)
    return text + "Z" if "." in text else text + ".000000Z"


def stream_tasks(
    project: Any, options: Mapping[str, Any], *, after_id: int = 0
) -> Iterator[dict[str, Any]]:
    """Yield the project's tasks as export dicts, in id order.

    ``options``: ``download_all_tasks`` (default false: only tasks with at
    least one annotation), ``ids`` (only these task ids), and the snapshot
    filters that ``ExportFilters`` reads. ``after_id`` resumes after a task.
    """
    filters = ExportFilters.from_options(options)
    ids = sorted({int(task_id) for task_id in options.get("ids") or ()})
    if ids:
        ids = [task_id for task_id in ids if task_id > after_id]
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = ids[start : start + IDS_PER_QUERY]
            yield from _pages(project.id, filters, Task.id.in_(chunk), 0)
        return

    yield from _pages(project.id, filters, None, after_id)


def _pages(project_id, filters: ExportFilters, condition, after_id: int):
    query = sa.select(
        Task.id,
        Task.data,
        Task.meta,
        Task.inner_id,
        Task.total_annotations,
        Task.cancelled_annotations,
        Task.total_predictions,
        _text(Task.created_at),
        _text(Task.updated_at),
        Task.updated_by_id,
    ).where(Task.project_id == project_id)
    if condition is not None:
        query = query.where(condition)
    query = filters.narrow_tasks(query)

    last_id = after_id
    while True:
        rows = db.session.execute(
            query.where(Task.id > last_id).order_by(Task.id).limit(PAGE_SIZE)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        task_ids = [row[0] for row in rows]
        annotations = _annotations_by_task(task_ids, project_id, filters)
        predictions = (
            _predictions_by_task(task_ids, project_id, filters)
            if filters.predictions
            else {}
        )
        for row in rows:
            yield _task_payload(
                row, project_id, annotations.get(row[0], []), predictions.get(row[0])
            )
        if len(rows) < PAGE_SIZE:
            return


ANNOTATION_COLUMNS = (
    Annotation.id,
    Annotation.task_id,
    Annotation.completed_by_id,
    Annotation.result,
    Annotation.was_cancelled,
    Annotation.ground_truth,
    _text(Annotation.created_at),
    _text(Annotation.updated_at),
    Annotation.lead_time,
    Annotation.import_id,
    Annotation.parent_prediction_id,
    Annotation.parent_annotation_id,
)


def _annotations_by_task(
    task_ids: Sequence[int], project_id: int, filters: ExportFilters
) -> dict[int, list[dict]]:
    query = sa.select(*ANNOTATION_COLUMNS).where(Annotation.task_id.in_(task_ids))
    query = filters.narrow_annotations(query)
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in db.session.execute(query.order_by(Annotation.task_id, Annotation.id)):
        grouped[row[1]].append(annotation_payload(row, project_id))
    return grouped


def annotation_payload(row: Sequence[Any], project_id: int) -> dict[str, Any]:
    """One annotation row (the ``ANNOTATION_COLUMNS``) in Label Studio's shape."""
    result = row[3] or []
    return {
        "id": row[0],
        "completed_by": row[2],
        "result": result,
        "was_cancelled": bool(row[4]),
        "ground_truth": bool(row[5]),
        "created_at": stamp(row[6]),
        "updated_at": stamp(row[7]),
        "draft_created_at": None,
        "lead_time": row[8],
        "prediction": {},
        "result_count": len(result),
        "unique_id": None,
        "import_id": row[9],
        "last_action": None,
        "bulk_created": False,
        "task": row[1],
        "project": project_id,
        "updated_by": row[2],
        "parent_prediction": row[10],
        "parent_annotation": row[11],
        "last_created_by": None,
    }


PREDICTION_COLUMNS = (
    Prediction.id,
    Prediction.task_id,
    Prediction.model_version,
    Prediction.result,
    Prediction.score,
    _text(Prediction.created_at),
    _text(Prediction.updated_at),
)


def _predictions_by_task(
    task_ids: Sequence[int], project_id: int, filters: ExportFilters
) -> dict[int, list]:
    query = sa.select(*PREDICTION_COLUMNS).where(Prediction.task_id.in_(task_ids))
    grouped: dict[int, list] = defaultdict(list)
    for row in db.session.execute(query.order_by(Prediction.task_id, Prediction.id)):
        if filters.prediction_ids_only:
            grouped[row[1]].append(row[0])
        else:
            grouped[row[1]].append(prediction_payload(row, project_id))
    return grouped


def prediction_payload(row: Sequence[Any], project_id: int) -> dict[str, Any]:
    """One prediction row (the ``PREDICTION_COLUMNS``) in Label Studio's shape."""
    return {
        "id": row[0],
        "model_version": row[2],
        "created_ago": None,
        "result": row[3] or [],
        "score": row[4],
        "cluster": None,
        "neighbors": None,
        "mislabeling": 0.0,
        "created_at": stamp(row[5]),
        "updated_at": stamp(row[6]),
        "model": None,
        "model_run": None,
        "task": row[1],
        "project": project_id,
    }


def annotation_export(annotation: Annotation) -> dict[str, Any]:
    """An Annotation object in Label Studio's export shape."""
    return annotation_payload(
        (
            annotation.id,
            annotation.task_id,
            annotation.completed_by_id,
            annotation.result,
            annotation.was_cancelled,
            annotation.ground_truth,
            annotation.created_at,
            annotation.updated_at,
            annotation.lead_time,
            annotation.import_id,
            annotation.parent_prediction_id,
            annotation.parent_annotation_id,
        ),
        annotation.project_id,
    )


def prediction_export(prediction: Prediction) -> dict[str, Any]:
    """A Prediction object in Label Studio's export shape."""
    return prediction_payload(
        (
            prediction.id,
            prediction.task_id,
            prediction.model_version,
            prediction.result,
            prediction.score,
            prediction.created_at,
            prediction.updated_at,
        ),
        prediction.project_id,
    )


def _task_payload(
    row: Sequence[Any], project_id: int, annotations: list, predictions: list | None
) -> dict[str, Any]:
    return {
        "id": row[0],
        "annotations": annotations,
        "file_upload": None,
        "drafts": [],
        "predictions": predictions or [],
        "data": row[1],
        "meta": row[2] or {},
        "created_at": stamp(row[7]),
        "updated_at": stamp(row[8]),
        "inner_id": row[3],
        "total_annotations": row[4],
        "cancelled_annotations": row[5],
        "total_predictions": row[6],
        "comment_count": 0,
        "unresolved_comment_count": 0,
        "last_comment_updated_at": None,
        "project": project_id,
        "updated_by": row[9],
        "comment_authors": [],
    }


def data_columns(project_id: int) -> list[str]:
    """Every top-level key of the project's task data, for formats that need
    their columns before the first row."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        sql = "SELECT DISTINCT jsonb_object_keys(data) FROM task WHERE project_id = :p"
    else:
        sql = (
            "SELECT DISTINCT j.key FROM task, json_each(task.data) AS j "
            "WHERE task.project_id = :p AND json_type(task.data) = 'object'"
        )
    keys = db.session.execute(sa.text(sql), {"p": project_id}).scalars()
    return sorted(key for key in keys if isinstance(key, str))


def export_context(
    project: Any, options: Mapping[str, Any], exporter: Exporter | None = None
) -> ExportContext:
    """What ``exporter`` is told: the project, its compiled config and the
    options, with ``data_columns`` added when the exporter wants them."""
    compiler = current_app.extensions["labelcore"].compiler
    options = dict(options)
    if exporter is not None and getattr(exporter, "wants_data_columns", False):
        options["data_columns"] = data_columns(project.id)
    return ExportContext(
        project=project,
        parsed_config=compiler.compile(project.label_config),
        options=options,
    )


def stream_export(
    project: Any, exporter: Exporter, options: Mapping[str, Any]
) -> Iterator[bytes]:
    """The exporter's chunks for ``project``'s tasks, as they are read."""
    context = export_context(project, options, exporter)
    return exporter.export(stream_tasks(project, options), context)
