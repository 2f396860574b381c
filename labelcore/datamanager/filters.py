"""Compiling Label Studio's data-manager filters and ordering to SQL.

A filter item is ``{"filter": "filter:tasks:<column>", "operator": ...,
"type": "Number" | "String" | "Datetime" | "Boolean" | "List", "value": ...}``;
items are joined by the query's ``conjunction`` (``and`` or ``or``). Values
are always bound parameters; only column names from the explicit list (and
checked ``data`` keys) become SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from labelcore.datamanager.columns import (
    BOOLEAN,
    DATETIME,
    LIST,
    NUMBER,
    Column,
    ColumnUnknown,
    QueryContext,
    ValueInvalid,
    column_named,
    data_column,
    escape_like,
)
from labelcore.datamanager.data_keys import (
    DataKeyInvalid,
    json_type_sql,
    value_expression,
    value_sql,
)
from labelcore.models import Task, db

COMPARISONS = {
    "less": "__lt__",
    "greater": "__gt__",
    "less_or_equal": "__le__",
    "greater_or_equal": "__ge__",
}
OPERATORS = (
    "equal",
    "not_equal",
    *COMPARISONS,
    "in",
    "not_in",
    "between",
    "not_between",
    "in_list",
    "not_in_list",
    "contains",
    "not_contains",
    "starts_with",
    "empty",
)
LIKE_OPERATORS = ("contains", "not_contains", "starts_with")


class QueryInvalid(ValueError):
    """A data-manager query the server refuses; ``field`` names where."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise QueryInvalid(where, f"{where} must be a number, got {value!r}.")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise QueryInvalid(where, f"{where} must be a number, got {value!r}.") from None


def _datetime(value: Any, where: str) -> datetime:
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            # Stored timestamps are naive UTC.
            if moment.tzinfo is not None:
                moment = moment.astimezone(UTC).replace(tzinfo=None)
            return moment
    raise QueryInvalid(
        where,
        f"{where} must be a date and time such as '2024-05-01T00:00:00.000000Z', "
        f"got {value!r}.",
    )


def _boolean(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if value in (0, 1):
        return bool(value)
    raise QueryInvalid(where, f"{where} must be true or false, got {value!r}.")


def typed(value: Any, value_type: str, where: str) -> Any:
    if value_type == NUMBER:
        return _number(value, where)
    if value_type == DATETIME:
        return _datetime(value, where)
    if value_type == BOOLEAN:
        return _boolean(value, where)
    if value_type == LIST:
        return value
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _range(value: Any, value_type: str, where: str) -> tuple[Any, Any]:
    if not isinstance(value, dict) or not {"min", "max"} <= set(value):
        raise QueryInvalid(
            where,
            f'{where} must be {{"min": ..., "max": ...}} for a range, got {value!r}.',
        )
    return (
        typed(value["min"], value_type, f"{where}.min"),
        typed(value["max"], value_type, f"{where}.max"),
    )


class _DataValue:
    """How one ``data.<key>`` compares on this database.

    SQLite's ``json_extract`` gives SQL values, compared as they are.
    PostgreSQL compares ``jsonb`` to ``jsonb`` (numbers as numbers) and
    reads text through ``->>`` for ``contains`` and its trigram index.
    """

    def __init__(self, key: str, context: QueryContext, value_type: str):
        self.key = key
        self.context = context
        self.value_type = value_type
        self.expression = value_expression(key, context.dialect)
        if key in context.unindexed_filters:
            # SQLite's unary plus: the same value, but no index serves it.
            self.expression = sa.literal_column(f"(+{value_sql(key, context.dialect)})")

    def text(self) -> Any:
        return value_expression(self.key, self.context.dialect, as_text=True)

    def bind(self, value: Any) -> Any:
        if not self.context.postgres:
            return value
        if isinstance(value, datetime):
            value = value.isoformat()
        return sa.cast(sa.literal(orjson.dumps(value).decode()), postgresql.JSONB())

    def typed_guard(self) -> Any:
        """On PostgreSQL a range over numbers must not match booleans or
        objects, which jsonb orders above numbers."""
        if self.context.postgres and self.value_type == NUMBER:
            return sa.literal_column(json_type_sql(self.key)) == "number"
        if self.context.postgres:
            return sa.literal_column(json_type_sql(self.key)) == "string"
        return sa.true()


def _like(expression: Any, pattern: str, context: QueryContext) -> Any:
    if context.postgres:
        return expression.ilike(pattern, escape="\\")
    # SQLite's LIKE already ignores ASCII case; lower() would hide the
    # column from its indexes.
    return expression.like(pattern, escape="\\")


FTS_PROBE = 2000
"""Up to this many full-text matches are looked up by id. More are read
through the full-text table, in id order as it stores them, when the page
is in id order; else they are left to the planner as a subquery."""


def _fts_phrase(needle: str) -> str:
    return '"' + needle.replace('"', '""') + '"'


def _text_search(
    key: str, needle: str, context: QueryContext, *, negated: bool
) -> Any | None:
    """``contains`` through the key's FTS5 trigram table, or ``None`` where it
    cannot serve (no index, PostgreSQL, or fewer than three characters)."""
    index_name = context.text_indexes.get(key)
    if index_name is None or context.postgres or len(needle) < 3:
        return None
    fts = sa.table(index_name, sa.column("rowid"), sa.column(index_name))
    matches = sa.select(fts.c.rowid).where(
        fts.c[index_name].op("MATCH")(_fts_phrase(needle))
    )
    found = list(
        db.session.execute(matches.order_by(fts.c.rowid).limit(FTS_PROBE + 1)).scalars()
    )
    if len(found) <= FTS_PROBE:
        return Task.id.in_(found) if found else sa.false()

    drives = context.id_ordered and context.all_items_required and not negated
    if drives and context.driving_text_index is None:
        # Joined, the table hands its matches out in rowid order and the
        # page stops after its last row; as an IN list, SQLite would read
        # every match first (0.3 s for a common word in 1,000,000 tasks).
        context.driving_text_index = fts
        return sa.and_(
            fts.c[index_name].op("MATCH")(_fts_phrase(needle)),
            fts.c.rowid == Task.id,
        )
    return Task.id.in_(matches)


def _scalar_condition(
    column: Column, operator: str, value: Any, value_type: str, context, where
) -> Any:
    data = None
    if column.name.startswith("data."):
        data = _DataValue(column.name[len("data.") :], context, value_type)
        expression = data.expression
        bind = data.bind
    else:
        expression = column.expression(context)
        bind = lambda given: given  # noqa: E731

    if operator == "empty":
        empty = _boolean(value, where)
        if column.type in (NUMBER, DATETIME, BOOLEAN) and data is None:
            return expression.is_(None) if empty else expression.is_not(None)
        text = data.text() if data is not None else expression
        blank = sa.or_(text.is_(None), text == "")
        return blank if empty else sa.not_(blank)

    if operator in LIKE_OPERATORS:
        needle = escape_like(str(value))
        pattern = f"{needle}%" if operator == "starts_with" else f"%{needle}%"
        text = data.text() if data is not None else expression
        found = None
        if data is not None and operator != "starts_with":
            found = _text_search(
                data.key, str(value), context, negated=operator == "not_contains"
            )
        found = found if found is not None else _like(text, pattern, context)
        if operator == "not_contains":
            return sa.or_(text.is_(None), sa.not_(found))
        return found

    if operator in ("in", "not_in", "between", "not_between") and isinstance(
        value, dict
    ):
        low, high = _range(value, value_type, where)
        inside = sa.and_(expression >= bind(low), expression <= bind(high))
        if data is not None:
            inside = sa.and_(data.typed_guard(), inside)
        return sa.not_(inside) if operator.startswith("not_") else inside

    if operator in ("in", "not_in", "in_list", "not_in_list"):
        values = value if isinstance(value, list) else [value]
        members = [bind(typed(item, value_type, where)) for item in values]
        inside = expression.in_(members)
        if operator.startswith("not_"):
            return sa.or_(expression.is_(None), sa.not_(inside))
        return inside

    given = bind(typed(value, value_type, where))
    if operator == "equal":
        return expression == given
    if operator == "not_equal":
        return sa.or_(expression.is_(None), expression != given)
    compared = getattr(expression, COMPARISONS[operator])(given)
    return sa.and_(data.typed_guard(), compared) if data is not None else compared


def _item_condition(item: Any, index: int, context: QueryContext) -> Any:
    where = f"filters.items[{index}]"
    if not isinstance(item, dict):
        raise QueryInvalid(where, f"{where} must be an object, got {item!r}.")
    operator = item.get("operator")
    if operator not in OPERATORS:
        raise QueryInvalid(
            f"{where}.operator",
            f"{where}.operator {operator!r} is not one the data manager knows; use "
            f"one of {', '.join(OPERATORS)}.",
        )
    try:
        column = column_named(item.get("filter"))
        value_type = item.get("type") or column.type
        if column.name.startswith("data."):
            column = data_column(column.name[len("data.") :], value_type)
    except (ColumnUnknown, DataKeyInvalid) as error:
        raise QueryInvalid(f"{where}.filter", str(error)) from None
    if "value" not in item and operator != "empty":
        raise QueryInvalid(f"{where}.value", f"{where} needs a 'value'.")
    value = item.get("value", True)
    if operator == "empty":
        value = _boolean(value, f"{where}.value")

    if column.condition is not None:
        try:
            return column.condition(context, operator, value)
        except ValueInvalid as error:
            raise QueryInvalid(f"{where}.value", f"{where}.value {error}.") from None
    return _scalar_condition(column, operator, value, column.type, context, where)


def compile_filters(filters: Any, context: QueryContext) -> Any | None:
    """``filters`` as one SQL condition on Task, or ``None`` for no filter."""
    if filters in (None, {}, []):
        return None
    if not isinstance(filters, dict):
        raise QueryInvalid(
            "filters",
            f'filters must be {{"conjunction": "and", "items": [...]}}, got '
            f"{filters!r}.",
        )
    conjunction = (filters.get("conjunction") or "and").lower()
    if conjunction not in ("and", "or"):
        raise QueryInvalid(
            "filters.conjunction",
            f"filters.conjunction must be 'and' or 'or', got {conjunction!r}.",
        )
    items = filters.get("items") or []
    if not isinstance(items, list):
        raise QueryInvalid("filters.items", "filters.items must be a list.")
    context.all_items_required = conjunction == "and" or len(items) == 1
    conditions = [
        _item_condition(item, index, context) for index, item in enumerate(items)
    ]
    if not conditions:
        return None
    return sa.and_(*conditions) if conjunction == "and" else sa.or_(*conditions)


def compile_ordering(ordering: Any, context: QueryContext) -> list:
    """``["-tasks:id", "tasks:data.text"]`` as ORDER BY terms, ending with the
    task id (the second column of every data-key index) so that pages never
    overlap. Without an ordering, tasks come by id, as Label Studio lists
    them."""
    if ordering in (None, ""):
        ordering = []
    if isinstance(ordering, str):
        ordering = [ordering]
    if not isinstance(ordering, list):
        raise QueryInvalid(
            "ordering", f"ordering must be a list of column names, got {ordering!r}."
        )
    terms = []
    descending_last = False
    for position, raw in enumerate(ordering):
        where = f"ordering[{position}]"
        name = raw.lstrip("-") if isinstance(raw, str) else raw
        descending = isinstance(raw, str) and raw.startswith("-")
        try:
            column = column_named(name)
        except (ColumnUnknown, DataKeyInvalid) as error:
            raise QueryInvalid(where, str(error)) from None
        if not column.sortable or column.expression is None:
            raise QueryInvalid(
                where, f"The column {name!r} can be filtered but not sorted on."
            )
        expression = column.expression(context)
        terms.append(expression.desc() if descending else expression.asc())
        descending_last = descending
        if column.name == "id":
            # Unique already: nothing after it could change the order.
            return terms
    if not terms:
        return [Task.id.asc()]
    terms.append(Task.id.desc() if descending_last else Task.id.asc())
    return terms
