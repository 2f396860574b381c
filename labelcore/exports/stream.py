"""Tasks in Label Studio's export shape, read from the database page by page.

Pages are keyed on the task id (never OFFSET), and each page's annotations
and predictions come in one query each, so an export of a million tasks
holds one page in memory and costs three queries per page. On SQLite the
reads go through a small page cache (``small_page_cache``), so that the
connection does not keep the project's pages after the export. Rows are
read as plain columns, not ORM objects, and timestamps as text (SQLite's
stored text, or formatted by PostgreSQL), because building objects and
parsing and formatting dates would cost more than the rest of the export.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from flask import current_app
from orjson import Fragment
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from labelcore.contrib.formats import ExportContext, Exporter
from labelcore.exports.filters import ExportFilters
from labelcore.jobs.memory import release_free_memory, small_page_cache
from labelcore.models import Annotation, Prediction, Task, db

PAGE_SIZE = 1000
TRIM_PAGES = 20
"""Pages between two returns of freed memory to the system."""
READ_CACHE_KIB = 8192
"""SQLite's page cache while an export reads: it reads each page of the
project once, in order, so a large cache would only fill with them."""
IDS_PER_QUERY = 900
"""Under SQLite's default limit of bound parameters per statement."""


class _Stamp(FunctionElement):
    """A timestamp column as text: on PostgreSQL already in the export's
    shape, formatted by the database (a fifth of what parsing it into a
    datetime and formatting it again in Python costs); elsewhere the stored
    text as is (SQLite stores text), for ``stamp`` to finish."""

    type = sa.String()
    inherit_cache = True


@compiles(_Stamp)
def _stamp_as_stored(element, compiler, **options):
    return compiler.process(element.clauses, **options)


@compiles(_Stamp, "postgresql")
def _stamp_on_postgresql(element, compiler, **options):
    column = compiler.process(element.clauses, **options)
    return f'to_char({column}, \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\')'


def _text(column):
    return _Stamp(column)


def stamp(value: Any) -> str | None:
    """A stored timestamp as ISO 8601 in UTC with a ``Z`` and microseconds."""
    if value is None:
        return None
    if isinstance(value, str):
        if value.endswith("Z"):
            return value
        text = value.replace(" ", "T", 1)
        return text + "Z" if "." in text else text + ".000000Z"
    # isoformat() without arguments is twice as quick as with a timespec; it
    # leaves out a fraction of zero, which this shape always has.
    text = value.isoformat()
    return text + "Z" if value.microsecond else text + ".000000Z"


def stream_tasks(
    project: Any,
    options: Mapping[str, Any],
    *,
    after_id: int = 0,
    raw_json: bool = False,
) -> Iterator[dict[str, Any]]:
    """Yield the project's tasks as export dicts, in id order.

    ``options``: ``download_all_tasks`` (default false: only tasks with at
    least one annotation), ``ids`` (only these task ids), and the snapshot
    filters that ``ExportFilters`` reads. ``after_id`` resumes after a task.
    With ``raw_json`` the task's ``data`` and ``meta`` and each result are
    ``orjson.Fragment``s of the stored JSON text, never parsed: for writers
    that only serialise them again.
    """
    filters = ExportFilters.from_options(options)
    ids = sorted({int(task_id) for task_id in options.get("ids") or ()})
    if ids:
        ids = [task_id for task_id in ids if task_id > after_id]
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = ids[start : start + IDS_PER_QUERY]
            yield from _pages(project.id, filters, Task.id.in_(chunk), 0, raw_json)
        return

    yield from _pages(project.id, filters, None, after_id, raw_json)


def _json_text(column, raw: bool):
    if not raw:
        return column
    if db.engine.dialect.name == "postgresql":
        return sa.cast(column, sa.Text)
    return sa.type_coerce(column, sa.Text)


def _pages(project_id, filters: ExportFilters, condition, after_id: int, raw: bool):
    query = sa.select(
        Task.id,
        _json_text(Task.data, raw),
        _json_text(Task.meta, raw),
        Task.inner_id,
        Task.total_annotations,
        Task.cancelled_annotations,
        Task.total_predictions,
        _text(Task.created_at),
        _text(Task.updated_at),
        Task.updated_by_id,
    )
    bounds = sa.select(sa.func.min(Task.id), sa.func.max(Task.id)).where(
        Task.project_id == project_id
    )
    if condition is not None:
        bounds = bounds.where(condition)
    lowest, highest = db.session.execute(bounds).one()
    if lowest is None:
        return
    if db.engine.dialect.name == "sqlite":
        # Left to itself SQLite walks the project's index and sorts all of
        # it for every page (0.8 s a page at a million tasks); kept off that
        # index, it reads each page as a range of the primary key between
        # the project's first and last task.
        query = query.where((Task.project_id + 0) == project_id)
    else:
        query = query.where(Task.project_id == project_id)
    if condition is not None:
        query = query.where(condition)
    query = filters.narrow_tasks(query)

    last_id = max(after_id, lowest - 1)
    window = PAGE_SIZE
    pages = 0
    while last_id < highest:
        # Each page is looked for in a window of ids after the last one:
        # however the database plans it, it reads no task past the window.
        # PostgreSQL, before its first ANALYZE of the table (the minute
        # after a new server's first import), would otherwise gather and
        # sort every remaining task of the project for each page: 0.06 s a
        # page at 100,000 tasks, quadratic in the project's size.
        end = min(last_id + window, highest)
        page = _page(query.where(Task.id <= end), last_id, project_id, filters, raw)
        if page is None or not page[2]:
            # The window held less than a page: the tasks are sparser here
            # (other projects' ids between them, or a filter), so it widens.
            last_id, window = end, window * 2
        else:
            # A full page: the next window spans twice the ids this one took.
            window = max(PAGE_SIZE, 2 * (page[0] - last_id))
            last_id = page[0]
        if page is None:
            continue
        yield from page[1]
        pages += 1
        if pages % TRIM_PAGES == 0:
            # A page's rows and payloads are freed by now; glibc would keep
            # their heap pages, and the server would grow with the project.
            release_free_memory()


def _page(query, last_id: int, project_id: int, filters: ExportFilters, raw: bool):
    """(last task id, the page's task payloads, whether the page was full),
    or None after the last page."""
    # Per page: a job that commits between pages reads the next one on
    # whichever connection the pool hands its session.
    small_page_cache(db.session.connection(), READ_CACHE_KIB)
    rows = db.session.execute(
        query.where(Task.id > last_id).order_by(Task.id).limit(PAGE_SIZE)
    ).all()
    if not rows:
        return None
    first_id, last_id = rows[0][0], rows[-1][0]
    annotations = _annotations_by_task(first_id, last_id, project_id, filters, raw)
    predictions = (
        _predictions_by_task(first_id, last_id, project_id, filters, raw)
        if filters.predictions
        else {}
    )
    if raw:
        rows = [_fragments(row) for row in rows]
    tasks = [
        _task_payload(
            row, project_id, annotations.get(row[0], []), predictions.get(row[0])
        )
        for row in rows
    ]
    return last_id, tasks, len(rows) == PAGE_SIZE


def _fragments(row: Sequence[Any]) -> tuple:
    return (row[0], Fragment(row[1]), Fragment(row[2] or "{}"), *row[3:])


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


def _children(
    model, columns: Sequence[Any], first_id: int, last_id: int, raw: bool
) -> sa.Select:
    """The rows of ``model`` for tasks ``first_id`` to ``last_id``: a range on
    the task id index, where a list of a page's ids would cost a thousand
    bound parameters to compile and send."""
    columns = list(columns)
    if raw:
        result = model.__table__.c.result
        columns[3] = _json_text(result, True)
        length = (
            sa.func.jsonb_array_length(result)
            if db.engine.dialect.name == "postgresql"
            else sa.func.json_array_length(result)
        )
        columns.append(length)
    return sa.select(*columns).where(model.task_id.between(first_id, last_id))


def _annotations_by_task(
    first_id: int, last_id: int, project_id: int, filters: ExportFilters, raw: bool
) -> dict[int, list[dict]]:
    query = _children(Annotation, ANNOTATION_COLUMNS, first_id, last_id, raw)
    query = filters.narrow_annotations(query)
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in db.session.execute(query.order_by(Annotation.task_id, Annotation.id)):
        if raw:
            row = (*row[:3], Fragment(row[3]), *row[4:-1], row[-1])
        grouped[row[1]].append(annotation_payload(row, project_id))
    return grouped


def annotation_payload(row: Sequence[Any], project_id: int) -> dict[str, Any]:
    """One annotation row (the ``ANNOTATION_COLUMNS``, and in raw mode the
    result's length after them) in Label Studio's shape."""
    result = row[3] or []
    count = row[12] if len(row) > 12 else len(result)
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
        "result_count": count,
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
    first_id: int, last_id: int, project_id: int, filters: ExportFilters, raw: bool
) -> dict[int, list]:
    query = _children(Prediction, PREDICTION_COLUMNS, first_id, last_id, raw)
    grouped: dict[int, list] = defaultdict(list)
    for row in db.session.execute(query.order_by(Prediction.task_id, Prediction.id)):
        if filters.prediction_ids_only:
            grouped[row[1]].append(row[0])
            continue
        if raw:
            row = (*row[:3], Fragment(row[3]), *row[4:-1])
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
    small_page_cache(db.session.connection(), READ_CACHE_KIB)
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
    """The exporter's chunks for ``project``'s tasks, as they are read.

    An exporter that only serialises tasks again (``takes_raw_json``) gets
    them with their JSON unparsed; see ``stream_tasks``.
    """
    context = export_context(project, options, exporter)
    raw = bool(getattr(exporter, "takes_raw_json", False))
    return exporter.export(stream_tasks(project, options, raw_json=raw), context)
