"""The label stream's queries read an index range, never the whole project.

The cost of the next task must not grow with the project, so every query a
request runs is planned by SQLite here: no full scan of ``task`` and, for
the samplers that say their cost is one index range, no sort of the
candidates either.
"""

from __future__ import annotations

import sqlalchemy as sa
from pytest import fixture, mark

from labelcore.models import db
from tests.core.api.debian_packages import choice_result


def _statements_of(app, request):
    captured = []

    def capture(_connection, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT") and "FROM task" in statement:
            captured.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        response = request()
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    return response, captured


def _plans(app, statements) -> list[dict]:
    """Each statement's plan as what the test asks of it: the steps that
    read all of ``task`` and the steps that sort."""
    with app.app_context():
        raw = db.engine.raw_connection()
        postgres = db.engine.dialect.name == "postgresql"
        try:
            cursor = raw.cursor()
            if postgres:
                # The test's project is small enough that PostgreSQL would
                # rightly read it whole and sort it; priced out, a scan or
                # a sort shows only where no index gives the order.
                for setting in ("seqscan", "sort", "incremental_sort"):
                    cursor.execute(f"SET enable_{setting} = off")
            plans = []
            for statement, parameters in statements:
                if postgres:
                    cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
                    plans.append(_postgres_steps(cursor.fetchone()[0][0]["Plan"]))
                else:
                    cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                    steps = [row[3] for row in cursor.fetchall()]
                    plans.append(
                        {
                            "full scans": [
                                s for s in steps if s.startswith("SCAN task")
                            ],
                            "sorts": [s for s in steps if "FOR ORDER BY" in s],
                        }
                    )
            return plans
        finally:
            raw.rollback()
            raw.close()


def _postgres_steps(plan: dict) -> dict:
    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    found = list(nodes(plan))
    return {
        "full scans": [
            node["Node Type"]
            for node in found
            if node["Node Type"] == "Seq Scan" and node["Relation Name"] == "task"
        ],
        "sorts": [node["Node Type"] for node in found if "Sort" in node["Node Type"]],
    }


@fixture
def busy_project(client, project_with_tasks, sections):
    """A project where some tasks are labeled, skipped, predicted and in
    progress, so that every stage has something to walk past."""

    def make(**fields):
        project = project_with_tasks(120, **fields)
        ids = project["task_ids"]
        for position, task_id in enumerate(ids[:40]):
            client.post(
                "/api/predictions",
                json={
                    "task": task_id,
                    "result": choice_result(sections[0]),
                    "score": (position % 10) / 10,
                },
            )
        for task_id in ids[40:50]:
            client.post(
                f"/api/tasks/{task_id}/annotations",
                json={"result": choice_result(sections[0])},
            )
        client.post(f"/api/tasks/{ids[50]}/annotations", json={"was_cancelled": True})
        return project

    return make


@mark.parametrize(
    ("sampling", "parameters", "sorts"),
    [
        ("sequential", {}, False),
        ("random", {}, False),
        ("uncertainty", {"strategy": "least_confident"}, False),
        ("uncertainty", {"strategy": "margin"}, False),
        ("uncertainty", {"strategy": "entropy"}, False),
        ("disagreement", {}, False),
        ("blend", {}, True),
    ],
)
# With an overlap of two the partly annotated tasks come first and the
# sampler's own query may not run; with one it always does.
@mark.parametrize("overlap", [1, 2])
@mark.postgres
def test_each_sampler_reads_index_ranges_only(
    app, annotator_client, busy_project, sampling, parameters, sorts, overlap
):
    project = busy_project(
        sampling=sampling,
        settings={"sampler_parameters": parameters, "skip_queue": "REQUEUE_FOR_ME"},
        maximum_annotations=overlap,
    )
    annotator = annotator_client()
    annotator.get(f"/api/projects/{project['id']}/next/")

    response, statements = _statements_of(
        app,
        lambda: annotator.get(
            f"/api/projects/{project['id']}/next/?exclude="
            f"{project['task_ids'][0]},{project['task_ids'][1]}"
        ),
    )

    assert response.status_code == 200, response.json
    assert statements
    for (statement, _), plan in zip(statements, _plans(app, statements), strict=True):
        assert not plan["full scans"], f"{statement}\n{plan}"
        if not sorts:
            assert not plan["sorts"], f"{statement}\n{plan}"
