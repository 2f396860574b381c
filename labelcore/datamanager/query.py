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
    indexes = db.session.execute(
        sa.select(
            TaskDataIndex.kind, TaskDataIndex.key, TaskDataIndex.index_name
        ).where(TaskDataIndex.project_id == project.id)
    ).all()
    return QueryContext(
        project=project,
        dialect=db.engine.dialect.name,
        text_indexes={key: name for kind, key, name in indexes if kind == "text"},
        value_indexes={key: name for kind, key, name in indexes if kind == "value"},
    )


LOW_SELECTIVITY = 0.005
"""A filter matching at least this share of the tasks finds a page quickly
by walking the sort's index; below it, its own index is the better start."""


def _share_per_value(index_name: str) -> float | None:
    """SQLite's statistics: the share of rows one value of the index's first
    column matches on average, or ``None`` before ``ANALYZE``."""
    analyzed = db.session.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
    ).scalar()
    if not analyzed:
        return None
    stat = db.session.execute(
        sa.text("SELECT stat FROM sqlite_stat1 WHERE idx = :name"),
        {"name": index_name},
    ).scalar()
    parts = (stat or "").split()
    if len(parts) < 2 or not parts[0].isdigit() or int(parts[0]) == 0:
        return None
    return int(parts[1]) / int(parts[0])


def _prefer_the_sort_index(ordering: Any, context: QueryContext) -> None:
    """When the page is sorted by an indexed data key and filtered on another
    one that matches many tasks, SQLite still starts from the filter's index
    and sorts every match (a second for 100,000). Walking the sort's index
    and testing the filter reads about a page divided by the filter's share
    instead; hide the filter's index from the planner in that case."""
    first = _first_ordering(ordering)
    if context.postgres or first is None:
        return
    name = _column_name(first)
    if not name.startswith("data.") or name[5:] not in context.value_indexes:
        return
    sort_key = name[5:]
    for key, index_name in context.value_indexes.items():
        if key == sort_key:
            continue
        share = _share_per_value(index_name)
        if share is not None and share >= LOW_SELECTIVITY:
            context.unindexed_filters.add(key)


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


def _first_ordering(ordering: Any) -> str | None:
    if not isinstance(ordering, list) or not ordering:
        return None
    return ordering[0] if isinstance(ordering[0], str) else None


def _by_id(first: str | None) -> bool | None:
    """Whether the page is in id order: ``False`` ascending, ``True``
    descending, ``None`` for another order."""
    if first is None:
        return False
    return first.startswith("-") if _column_name(first) == "id" else None


def _column_name(raw: str) -> str:
    return raw.lstrip("-").removeprefix("filter:").removeprefix("tasks:")


def _pinned_columns(filters: Any) -> set[str]:
    """Columns that every matching task has one value of (an ``equal`` item
    that all items must meet)."""
    if not isinstance(filters, dict):
        return set()
    items = filters.get("items")
    if not isinstance(items, list):
        return set()
    if (filters.get("conjunction") or "and").lower() != "and" and len(items) > 1:
        return set()
    return {
        _column_name(item["filter"])
        for item in items
        if isinstance(item, dict)
        and item.get("operator") == "equal"
        and isinstance(item.get("filter"), str)
    }


def _useful_ordering(query: DataManagerQuery) -> Any:
    """The ordering without columns that the filters hold to one value: they
    change no order, and SQLite would sort the matches by them instead of
    reading them in order from the filter's index."""
    ordering = query.ordering
    if isinstance(ordering, str):
        ordering = [ordering]
    if not isinstance(ordering, list):
        return ordering
    pinned = _pinned_columns(query.filters)
    return [
        raw
        for raw in ordering
        if not (isinstance(raw, str) and _column_name(raw) in pinned)
    ]


def ordered_tasks(project, query: DataManagerQuery) -> tuple[Any, QueryContext]:
    """A select of the query's tasks in its order (no paging)."""
    context = query_context(project)
    useful = _useful_ordering(query)
    descending = _by_id(_first_ordering(useful))
    context.id_ordered = descending is not None
    ordering = compile_ordering(useful, context)
    _prefer_the_sort_index(useful, context)
    select = sa.select(Task).where(*task_conditions(project, query, context))

    fts = context.driving_text_index
    if fts is not None:
        # The same order, spelled so that SQLite takes it from the table.
        ordering = [fts.c.rowid.desc() if descending else fts.c.rowid.asc()]
    return select.order_by(*ordering), context


def matching_ids(project, query: DataManagerQuery) -> Any:
    """A select of the ids of the query's tasks, for actions."""
    context = query_context(project)
    return sa.select(Task.id).where(*task_conditions(project, query, context))
