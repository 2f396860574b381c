"""Tasks in Label Studio's export shape, read from the database page by page.

Pages are keyed on the task id (never OFFSET), and each page's annotations
and predictions come in one query each, so an export of a million tasks
holds one page in memory and costs three queries per page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from flask import current_app

from labelcore.contrib.formats import ExportContext, Exporter
from labelcore.models import Annotation, Prediction, Task, db, isoformat

PAGE_SIZE = 1000
IDS_PER_QUERY = 900
"""Under SQLite's default limit of bound parameters per statement."""


def stream_tasks(project: Any, options: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield the project's tasks as export dicts, in id order.

    ``options``: ``download_all_tasks`` (default false: only tasks with at
    least one annotation), ``ids`` (only these task ids).
    """
    ids = sorted({int(task_id) for task_id in options.get("ids") or ()})
    if ids:
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = ids[start : start + IDS_PER_QUERY]
            condition = Task.id.in_(chunk)
            yield from _pages(project, options, condition)
        return

    yield from _pages(project, options, None)


def _pages(project, options, condition) -> Iterator[dict[str, Any]]:
    query = sa.select(
        Task.id,
        Task.project_id,
        Task.data,
        Task.meta,
        Task.inner_id,
        Task.total_annotations,
        Task.cancelled_annotations,
        Task.total_predictions,
        Task.created_at,
        Task.updated_at,
        Task.updated_by_id,
    ).where(Task.project_id == project.id)
    if condition is not None:
        query = query.where(condition)
    if not options.get("download_all_tasks"):
        query = query.where(
            sa.exists().where(Annotation.task_id == Task.id).correlate(Task)
        )

    last_id = 0
    while True:
        rows = db.session.execute(
            query.where(Task.id > last_id).order_by(Task.id).limit(PAGE_SIZE)
        ).all()
        if not rows:
            return
        last_id = rows[-1].id
        task_ids = [row.id for row in rows]
        annotations = _annotations_by_task(task_ids)
        predictions = _predictions_by_task(task_ids)
        for row in rows:
            yield _task_payload(
                row, annotations.get(row.id, []), predictions.get(row.id, [])
            )
        if len(rows) < PAGE_SIZE:
            return


def _annotations_by_task(task_ids: Sequence[int]) -> dict[int, list[dict]]:
    rows = db.session.execute(
        sa.select(Annotation)
        .where(Annotation.task_id.in_(task_ids))
        .order_by(Annotation.task_id, Annotation.id)
    ).scalars()
    grouped: dict[int, list[dict]] = defaultdict(list)
    for annotation in rows:
        grouped[annotation.task_id].append(annotation_export(annotation))
    return grouped


def _predictions_by_task(task_ids: Sequence[int]) -> dict[int, list[dict]]:
    rows = db.session.execute(
        sa.select(Prediction)
        .where(Prediction.task_id.in_(task_ids))
        .order_by(Prediction.task_id, Prediction.id)
    ).scalars()
    grouped: dict[int, list[dict]] = defaultdict(list)
    for prediction in rows:
        grouped[prediction.task_id].append(prediction_export(prediction))
    return grouped


def annotation_export(annotation: Annotation) -> dict[str, Any]:
    result = annotation.result or []
    return {
        "id": annotation.id,
        "completed_by": annotation.completed_by_id,
        "result": result,
        "was_cancelled": annotation.was_cancelled,
        "ground_truth": annotation.ground_truth,
        "created_at": isoformat(annotation.created_at),
        "updated_at": isoformat(annotation.updated_at),
        "draft_created_at": None,
        "lead_time": annotation.lead_time,
        "prediction": {},
        "result_count": len(result),
        "unique_id": None,
        "import_id": annotation.import_id,
        "last_action": None,
        "bulk_created": False,
        "task": annotation.task_id,
        "project": annotation.project_id,
        "updated_by": annotation.completed_by_id,
        "parent_prediction": annotation.parent_prediction_id,
        "parent_annotation": annotation.parent_annotation_id,
        "last_created_by": None,
    }


def prediction_export(prediction: Prediction) -> dict[str, Any]:
    return {
        "id": prediction.id,
        "model_version": prediction.model_version,
        "created_ago": None,
        "result": prediction.result or [],
        "score": prediction.score,
        "cluster": None,
        "neighbors": None,
        "mislabeling": 0.0,
        "created_at": isoformat(prediction.created_at),
        "updated_at": isoformat(prediction.updated_at),
        "model": None,
        "model_run": None,
        "task": prediction.task_id,
        "project": prediction.project_id,
    }


def _task_payload(row: Any, annotations: list, predictions: list) -> dict[str, Any]:
    return {
        "id": row.id,
        "annotations": annotations,
        "file_upload": None,
        "drafts": [],
        "predictions": predictions,
        "data": row.data,
        "meta": row.meta or {},
        "created_at": isoformat(row.created_at),
        "updated_at": isoformat(row.updated_at),
        "inner_id": row.inner_id,
        "total_annotations": row.total_annotations,
        "cancelled_annotations": row.cancelled_annotations,
        "total_predictions": row.total_predictions,
        "comment_count": 0,
        "unresolved_comment_count": 0,
        "last_comment_updated_at": None,
        "project": row.project_id,
        "updated_by": row.updated_by_id,
        "comment_authors": [],
    }


def stream_export(
    project: Any, exporter: Exporter, options: Mapping[str, Any]
) -> Iterator[bytes]:
    """The exporter's chunks for ``project``'s tasks, as they are read."""
    compiler = current_app.extensions["labelcore"].compiler
    context = ExportContext(
        project=project,
        parsed_config=compiler.compile(project.label_config),
        options=dict(options),
    )
    return exporter.export(stream_tasks(project, options), context)
