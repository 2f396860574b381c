"""One page of a data-manager query, with the columns its table shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from labelcore.datamanager.counting import Totals, totals_for
from labelcore.datamanager.query import (
    DataManagerQuery,
    ordered_tasks,
    task_conditions,
)
from labelcore.models import Annotation, Prediction, Task, db


@dataclass
class Page:
    tasks: list[Task]
    totals: Totals
    annotations: dict[int, list[Annotation]]
    predictions: dict[int, list[Prediction]]


def _children(model, task_ids: list[int]) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    if not task_ids:
        return grouped
    rows = db.session.execute(
        sa.select(model).where(model.task_id.in_(task_ids)).order_by(model.id)
    ).scalars()
    for row in rows:
        grouped[row.task_id].append(row)
    return grouped


def load_page(
    project,
    query: DataManagerQuery,
    page: int,
    page_size: int,
    *,
    with_children: bool,
) -> Page:
    """The tasks of page ``page`` (from 1) and the query's totals."""
    ordered, context = ordered_tasks(project, query)
    tasks = list(
        db.session.execute(
            ordered.limit(page_size).offset((page - 1) * page_size)
        ).scalars()
    )
    selection = query.selection
    cache_key = {
        "filters": query.filters,
        "selection": None
        if selection is None
        else [selection.all, selection.included, selection.excluded],
    }
    conditions = [ordered.whereclause]
    if context.unindexed_filters:
        # The count has no sort to walk: let it use every index.
        conditions = task_conditions(project, query)
    totals = totals_for(project.id, conditions, cache_key)

    ids = [task.id for task in tasks]
    return Page(
        tasks=tasks,
        totals=totals,
        annotations=_children(Annotation, ids) if with_children else {},
        predictions=_children(Prediction, ids) if with_children else {},
    )
