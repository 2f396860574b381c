"""A data-manager query as Label Studio's clients send it, and its SQL.

``{"filters": {...}, "ordering": [...], "selectedItems": {"all": true,
"excluded": [ids]} | {"all": false, "included": [ids]}}``, either in the
``query`` parameter of ``GET /api/tasks/`` (JSON text) or in the body of an
action. A saved view supplies what the request leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa

from labelcore.datamanager.columns import QueryContext
from labelcore.datamanager.filters import (
    QueryInvalid,
    compile_filters,
    compile_ordering,
)
from labelcore.models import Task, TaskDataIndex, db

MAX_LISTED_IDS = 100_000


@dataclass
class Selection:
    """Which tasks an action or a list is about."""

    all: bool = True
    included: tuple[int, ...] = ()
    excluded: tuple[int, ...] = ()

    def condition(self) -> Any | None:
        if not self.all:
            return Task.id.in_(self.included) if self.included else sa.false()
        return Task.id.not_in(self.excluded) if self.excluded else None

    @property
    def is_everything(self) -> bool:
        return self.all and not self.excluded


def _ids(raw: Any, where: str) -> tuple[int, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in raw
    ):
        raise QueryInvalid(where, f"{where} must be a list of task ids, got {raw!r}.")
    if len(raw) > MAX_LISTED_IDS:
        raise QueryInvalid(
            where,
            f"{where} lists {len(raw)} task ids; at most {MAX_LISTED_IDS} may be "
            f"listed. Select all with a filter instead.",
        )
    return tuple(raw)


def parse_selection(raw: Any) -> Selection:
    if raw in (None, {}):
        return Selection()
    if not isinstance(raw, dict):
        raise QueryInvalid(
            "selectedItems",
            f'selectedItems must be {{"all": true, "excluded": [...]}} or '
            f'{{"all": false, "included": [...]}}, got {raw!r}.',
        )
    everything = raw.get("all", True)
    if not isinstance(everything, bool):
        raise QueryInvalid(
            "selectedItems.all",
            f"selectedItems.all must be true or false, got {everything!r}.",
        )
    if everything:
        return Selection(True, excluded=_ids(raw.get("excluded"), "excluded"))
    return Selection(False, included=_ids(raw.get("included"), "included"))


@dataclass
class DataManagerQuery:
    filters: Any = None
    ordering: Any = None
    selection: Selection | None = None

    @classmethod
    def parse(cls, raw: Any, view_data: dict | None = None) -> DataManagerQuery:
        """From a request's query (a dict or JSON text) over a view's data."""
        if isinstance(raw, (str, bytes)):
            try:
                raw = orjson.loads(raw) if raw.strip() else {}
            except orjson.JSONDecodeError as error:
                raise QueryInvalid(
                    "query", f"query is not valid JSON: {error}."
                ) from None
        raw = raw or {}
        if not isinstance(raw, dict):
            raise QueryInvalid("query", f"query must be a JSON object, got {raw!r}.")
        view_data = view_data or {}

        filters = raw.get("filters", view_data.get("filters"))
        ordering = raw.get("ordering", view_data.get("ordering"))
        selection = None
        if raw.get("selectedItems") is not None:
            selection = parse_selection(raw["selectedItems"])
        return cls(filters=filters, ordering=ordering, selection=selection)


def query_context(project) -> QueryContext:
    text_indexes = dict(
        db.session.execute(
            sa.select(TaskDataIndex.key, TaskDataIndex.index_name).where(
                TaskDataIndex.project_id == project.id, TaskDataIndex.kind == "text"
            )
        ).all()
    )
    return QueryContext(
        project=project, dialect=db.engine.dialect.name, text_indexes=text_indexes
    )


def project_scope(project) -> Any:
    """``task.project_id = <id>`` with the id as a literal, so that the
    planner can use the project's partial indexes (a bound parameter does
    not prove the index's WHERE clause)."""
    return Task.project_id == sa.literal_column(str(int(project.id)))


def task_conditions(
    project, query: DataManagerQuery, context: QueryContext | None = None
) -> list:
    """The WHERE terms of ``query`` on ``project``'s tasks."""
    context = context or query_context(project)
    conditions = [project_scope(project)]
    filtered = compile_filters(query.filters, context)
    if filtered is not None:
        conditions.append(filtered)
    if query.selection is not None:
        chosen = query.selection.condition()
        if chosen is not None:
            conditions.append(chosen)
    return conditions


def ordered_tasks(project, query: DataManagerQuery) -> tuple[Any, QueryContext]:
    """A select of the query's tasks in its order (no paging)."""
    context = query_context(project)
    select = sa.select(Task).where(*task_conditions(project, query, context))
    return select.order_by(*compile_ordering(query.ordering, context)), context


def matching_ids(project, query: DataManagerQuery) -> Any:
    """A select of the ids of the query's tasks, for actions."""
    context = query_context(project)
    return sa.select(Task.id).where(*task_conditions(project, query, context))
