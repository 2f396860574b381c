"""The bulk statements' query plans: each child row looks its task up by key.

A plan that scans the task table once per annotation or prediction turns an
import of a hundred thousand predicted tasks from seconds into hours, and no
small test would notice the time; the plan shows it at once.
"""

import pytest

from labelcore.imports.writer import (
    SQLITE_ANNOTATIONS,
    SQLITE_EVENTS,
    SQLITE_PREDICTIONS,
)
from labelcore.models import db


@pytest.mark.parametrize(
    ("statement", "parameters"),
    [
        (SQLITE_ANNOTATIONS, ("now", "now", "[]", 1, 1)),
        (SQLITE_PREDICTIONS, ("now", "now", "[]", 1, 1)),
        (SQLITE_EVENTS, (None, "unlabeled", "now", "[]", 1, 1)),
    ],
)
def test_children_walk_the_batch_and_search_the_task_by_its_key(
    app, statement, parameters
):
    with app.app_context():
        connection = db.session.connection()
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        ).all()
        db.session.rollback()

    steps = [row[-1] for row in plan]
    batch = next(i for i, step in enumerate(steps) if step.startswith("SCAN j "))
    task = next(i for i, step in enumerate(steps) if step.startswith("SEARCH t "))
    assert batch < task, steps
    assert steps[task].endswith("(project_id=? AND inner_id=?)"), steps
