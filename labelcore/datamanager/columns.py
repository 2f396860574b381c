"""The columns of the data manager: the explicit list of what a filter or a
sort may name, under Label Studio's names (``tasks:<name>``).

Nothing outside this list reaches SQL: a column of a related row (an
annotator's ``password_hash``, say) is refused because it is not here,
not because someone remembered to hide it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from labelcore.datamanager.data_keys import check_key, value_expression
from labelcore.models import Annotation, Prediction, Task

NUMBER, STRING, DATETIME, BOOLEAN, LIST = (
    "Number",
    "String",
    "Datetime",
    "Boolean",
    "List",
)
TYPES = (NUMBER, STRING, DATETIME, BOOLEAN, LIST, "Unknown")


@dataclass
class QueryContext:
    """What compiling one request's filters needs to know."""

    project: Any
    dialect: str
    text_indexes: dict[str, str] = field(default_factory=dict)
    """``data`` keys with a full-text index, by key: the index's name."""
    value_indexes: dict[str, str] = field(default_factory=dict)
    """``data`` keys with a value index, by key: the index's name."""
    unindexed_filters: set[str] = field(default_factory=set)
    """``data`` keys whose filter must not pick the index that drives the
    query (see ``query.ordered_tasks``)."""
    id_ordered: bool = False
    """The page is in id order, which a full-text table can give as it
    reads its matches (set by ``query.ordered_tasks``)."""
    all_items_required: bool = False
    """The filters' conjunction is ``and`` (or there is one item)."""
    driving_text_index: Any = None
    """The full-text table a page is read through, when one is."""

    @property
    def postgres(self) -> bool:
        return self.dialect == "postgresql"


@dataclass(frozen=True)
class Column:
    """One filterable or sortable column.

    ``expression(context)`` is its SQL value for scalar columns;
    ``related`` columns (annotators, model versions, results) have no single
    value per task and compile each filter to an ``EXISTS`` instead, through
    ``condition(context, operator, value)``.
    """

    name: str
    title: str
    type: str
    expression: Callable[[QueryContext], Any] | None = None
    condition: Callable[[QueryContext, str, Any], Any] | None = None
    sortable: bool = True
    visible: bool = True
    """Shown by default in a new tab of the web UI."""

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.name,
            "title": self.title,
            "type": self.type,
            "target": "tasks",
            "sortable": self.sortable,
            "filterable": True,
            "visibility_defaults": {"explore": self.visible, "labeling": False},
        }


def _of(column) -> Callable[[QueryContext], Any]:
    return lambda _context: column


def _completed_at(_context: QueryContext) -> Any:
    newest = (
        sa.select(sa.func.max(Annotation.created_at))
        .where(Annotation.task_id == Task.id, Annotation.was_cancelled.is_(False))
        .scalar_subquery()
    )
    return sa.case((Task.is_labeled, newest), else_=None)


def _average_lead_time(_context: QueryContext) -> Any:
    return (
        sa.select(sa.func.avg(Annotation.lead_time))
        .where(Annotation.task_id == Task.id)
        .scalar_subquery()
    )


def _exists(model, *conditions) -> Any:
    return sa.select(model.id).where(model.task_id == Task.id, *conditions).exists()


class ValueInvalid(ValueError):
    """A filter's value that its column cannot compare; the message says
    what the column takes and what came."""


def _user_id(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise ValueInvalid(
        f"must be user ids (whole numbers) for 'tasks:annotators', got {value!r}"
    )


def _list_condition(
    value_column, member: Callable[[Any], Any]
) -> Callable[[QueryContext, str, Any], Any]:
    """A many-valued column: ``contains`` / ``equal`` one value, ``in_list``
    any of several, the ``not_`` forms none of them, ``empty`` (a boolean)
    none at all. ``member`` turns a given value into the column's type."""

    def condition(_context: QueryContext, operator: str, value: Any) -> Any:
        model = value_column.class_
        if operator == "empty":
            has_any = _exists(model, value_column.is_not(None))
            return ~has_any if value else has_any
        values = value if isinstance(value, list) else [value]
        match = _exists(model, value_column.in_([member(item) for item in values]))
        if operator in ("contains", "equal", "in_list", "in"):
            return match
        return ~match

    return condition


def _results_condition(model) -> Callable[[QueryContext, str, Any], Any]:
    def condition(_context: QueryContext, operator: str, value: Any) -> Any:
        if operator == "empty":
            has_any = _exists(model)
            return ~has_any if value else has_any
        pattern = "%" + escape_like(str(value)) + "%"
        text = sa.cast(model.result, sa.Text)
        match = _exists(model, text.ilike(pattern, escape="\\"))
        return ~match if operator == "not_contains" else match

    return condition


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _columns() -> dict[str, Column]:
    listed = [
        Column("id", "ID", NUMBER, _of(Task.id)),
        Column("inner_id", "Inner ID", NUMBER, _of(Task.inner_id), visible=False),
        Column("state", "State", STRING, _of(Task.state)),
        Column("is_labeled", "Labeled", BOOLEAN, _of(Task.is_labeled), visible=False),
        Column("created_at", "Created", DATETIME, _of(Task.created_at)),
        Column("updated_at", "Updated", DATETIME, _of(Task.updated_at), visible=False),
        Column("completed_at", "Completed", DATETIME, _completed_at),
        Column("total_annotations", "Annotations", NUMBER, _of(Task.total_annotations)),
        Column(
            "cancelled_annotations", "Skipped", NUMBER, _of(Task.cancelled_annotations)
        ),
        Column("total_predictions", "Predictions", NUMBER, _of(Task.total_predictions)),
        Column(
            "annotators",
            "Annotated by",
            LIST,
            condition=_list_condition(Annotation.completed_by_id, _user_id),
            sortable=False,
        ),
        Column(
            "updated_by",
            "Updated by",
            NUMBER,
            _of(Task.updated_by_id),
            visible=False,
        ),
        Column(
            "ground_truth",
            "Ground truth",
            BOOLEAN,
            lambda _context: _exists(Annotation, Annotation.ground_truth.is_(True)),
            visible=False,
        ),
        Column(
            "avg_lead_time",
            "Lead time",
            NUMBER,
            _average_lead_time,
            visible=False,
        ),
        Column(
            "annotations_results",
            "Annotation results",
            STRING,
            condition=_results_condition(Annotation),
            sortable=False,
            visible=False,
        ),
        Column(
            "predictions_score",
            "Prediction score",
            NUMBER,
            _of(Task.prediction_score),
        ),
        Column(
            "predictions_model_versions",
            "Model versions",
            LIST,
            condition=_list_condition(Prediction.model_version, str),
            sortable=False,
            visible=False,
        ),
        Column(
            "predictions_results",
            "Prediction results",
            STRING,
            condition=_results_condition(Prediction),
            sortable=False,
            visible=False,
        ),
        Column(
            "prediction_margin",
            "Prediction margin",
            NUMBER,
            _of(Task.prediction_margin),
            visible=False,
        ),
        Column(
            "prediction_entropy",
            "Prediction entropy",
            NUMBER,
            _of(Task.prediction_entropy),
            visible=False,
        ),
        Column(
            "disagreement",
            "Disagreement",
            NUMBER,
            _of(Task.disagreement),
            visible=False,
        ),
    ]
    return {column.name: column for column in listed}


COLUMNS = _columns()
PREFIXES = ("filter:tasks:", "tasks:")


class ColumnUnknown(LookupError):
    """A filter or an ordering names a column that is not in the list."""


def data_column(key: str, value_type: str = STRING) -> Column:
    check_key(key)
    return Column(
        f"data.{key}",
        key,
        value_type if value_type in TYPES else STRING,
        lambda context: value_expression(key, context.dialect),
    )


def column_named(raw: Any) -> Column:
    """The column a filter's ``filter`` or an ordering's name refers to."""
    if not isinstance(raw, str):
        raise ColumnUnknown(
            f"A column name must be a string such as 'tasks:id', got {raw!r}."
        )
    name = raw
    for prefix in PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    if name.startswith("data."):
        return data_column(name[len("data.") :])
    column = COLUMNS.get(name)
    if column is None:
        known = ", ".join(f"tasks:{known}" for known in COLUMNS)
        raise ColumnUnknown(
            f"The data manager cannot filter or sort on {raw!r}: only these "
            f"columns and 'tasks:data.<key>' are allowed: {known}."
        )
    return column
