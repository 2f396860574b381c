"""Dropping an index: on SQLite a text index is retired in the request and
emptied by a job; everything else goes in the request.

The drop's job runs on this thread (``run_job``), as the builds do in
``test_datamanager_index_building``, so that the test can write between
two of its batches and kill it where it wants.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from labelcore.datamanager import dropping
from labelcore.datamanager.indexes import DROPPED_MARK, index_name
from labelcore.jobs.context import JobContext
from labelcore.jobs.runner import _claim
from labelcore.models import Job, db, utcnow
from tests.core.api.test_api_data_manager_indexes import _index, made_for_indexes
from tests.core.api.waiting import wait_for_job
from tests.core.datamanager.test_datamanager_index_building import (
    Killed,
    _contains,
    _integrity_check,
    _objects,
    _queue,
    _run,
    _scanned,
    _text,
)

FTS5_SHADOWS = ("config", "data", "docsize", "idx")
"""The tables FTS5 keeps behind an index's table, renamed with it."""


@pytest.fixture
def unqueued(app, monkeypatch):
    """Jobs are recorded but handed to no runner: the test runs them."""
    runner = app.extensions["labelcore"].job_runner
    monkeypatch.setattr(runner, "submit", lambda job_id, priority="default": None)


@pytest.fixture
def drop_batches_of(monkeypatch):
    """``drop_batches_of(n)``: every batch deletes (or counts) n rows."""

    def set_size(size: int) -> None:
        batches = ("FIRST_BATCH", "SMALLEST_BATCH", "LARGEST_BATCH", "COUNTED_AT_ONCE")
        for name in batches:
            monkeypatch.setattr(dropping, name, size)

    return set_size


@pytest.fixture
def between_drop_batches(monkeypatch):
    """``between_drop_batches(step)``: call ``step(number)`` after each batch."""

    def install(step) -> list[int]:
        calls: list[int] = []

        def hook() -> None:
            calls.append(len(calls) + 1)
            step(len(calls))

        monkeypatch.setattr(dropping, "between_batches", hook)
        return calls

    return install


def _built_text_index(app, client, project_id: int, key: str = "text") -> int:
    outcome = _run(app, _queue(app, project_id, key, "text"))
    assert outcome["state"] == "finished", outcome
    return outcome["result"]["index"]["id"]


def _drop_jobs(app) -> list[dict]:
    with app.app_context():
        jobs = db.session.execute(
            sa.select(Job).where(Job.kind == dropping.JOB_KIND).order_by(Job.id)
        ).scalars()
        found = [
            {"id": job.id, "state": job.state, "params": job.params} for job in jobs
        ]
        db.session.remove()
        return found


def _rows(app, table: str) -> int:
    with app.app_context():
        rows = db.session.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar()
        db.session.remove()
        return rows


def test_a_dropped_text_index_stops_at_once_and_its_job_empties_it(
    app, client, project_with_tasks, unqueued, drop_batches_of, between_drop_batches
):
    drop_batches_of(10)
    project = project_with_tasks(30)
    ids = project["task_ids"]
    name = index_name(project["id"], "text", "text")
    index_id = _built_text_index(app, client, project["id"])

    dropped = client.delete(f"/api/dm/indexes/{index_id}/")
    listed = client.get(f"/api/dm/indexes/?project={project['id']}").json
    [job] = _drop_jobs(app)
    retired = job["params"]["table"]
    left_by_the_request = _objects(app, name)
    docsizes = _rows(app, f"{retired}_docsize")
    edited = client.patch(f"/api/tasks/{ids[3]}", json=_text("a quokka"))
    shown = client.get(f"/api/jobs/?kind={dropping.JOB_KIND}").json

    assert dropped.status_code == 204
    assert listed == []
    assert retired.startswith(f"{name}{DROPPED_MARK}")
    assert job["state"] == "queued"
    assert [entry["id"] for entry in shown] == [job["id"]]
    # FTS5 renamed its shadow tables with its table; triggers and view went.
    assert left_by_the_request == sorted(
        [retired, *(f"{retired}_{shadow}" for shadow in FTS5_SHADOWS)]
    )
    assert edited.status_code == 200
    assert _rows(app, f"{retired}_docsize") == docsizes == 30
    assert _contains(client, project["id"], "quokka") == [ids[3]]

    writes: list[int | None] = []

    def write(number: int) -> None:
        # From a thread of its own, as an annotator's request comes: it has
        # its own connection and waits for the job's transaction, if open.
        answers: list[int] = []

        def edit() -> None:
            response = client.patch(f"/api/tasks/{ids[number]}", json=_text("quokka"))
            answers.append(response.status_code)

        annotator = threading.Thread(target=edit)
        annotator.start()
        annotator.join(timeout=10)
        writes.append(answers[0] if answers else None)

    calls = between_drop_batches(write)
    outcome = _run(app, job["id"])

    assert outcome["state"] == "finished", outcome
    assert outcome["result"]["dropped"] == [retired]
    assert outcome["done"] == outcome["total"] == outcome["result"]["rows"] > 30
    assert len(calls) >= 3
    assert writes == [200] * len(calls)
    assert _objects(app, name) == []
    assert _contains(client, project["id"], "quokka") == _scanned(
        app, project["id"], "quokka"
    )


def test_the_same_key_is_indexed_again_while_the_drop_runs(
    app, client, project_with_tasks, unqueued, drop_batches_of
):
    drop_batches_of(20)
    project = project_with_tasks(30)
    ids = project["task_ids"]
    name = index_name(project["id"], "text", "text")
    first = _built_text_index(app, client, project["id"])
    client.delete(f"/api/dm/indexes/{first}/")

    client.patch(f"/api/tasks/{ids[7]}", json=_text("a quokka"))
    _built_text_index(app, client, project["id"])
    [job] = _drop_jobs(app)
    outcome = _run(app, job["id"])
    client.patch(f"/api/tasks/{ids[8]}", json=_text("another quokka"))

    assert outcome["state"] == "finished", outcome
    _integrity_check(app, name)
    assert _objects(app, name) == [
        name,
        f"{name}_delete",
        f"{name}_insert",
        f"{name}_source",
        f"{name}_update",
    ]
    assert _contains(client, project["id"], "quokka") == [ids[7], ids[8]]
    listed = client.get(f"/api/dm/indexes/?project={project['id']}").json
    assert [(entry["key"], entry["state"]) for entry in listed] == [("text", "ready")]


def test_a_killed_drop_resumes_where_it_stopped(
    app, client, project_with_tasks, unqueued, drop_batches_of, between_drop_batches
):
    drop_batches_of(10)
    project = project_with_tasks(30)
    name = index_name(project["id"], "text", "text")
    client.delete(f"/api/dm/indexes/{_built_text_index(app, client, project['id'])}/")
    [job] = _drop_jobs(app)

    def kill(number: int) -> None:
        if number == 2:
            raise Killed()

    between_drop_batches(kill)
    with app.app_context():
        assert _claim(job["id"])
        with pytest.raises(Killed):
            dropping.run_index_drop(JobContext(db.session.get(Job, job["id"])))
        db.session.rollback()
        killed_at = db.session.get(Job, job["id"]).progress_done
        # The lease lapses; the reconciler hands the job to a new runner.
        db.session.get(Job, job["id"]).lease_until = utcnow()
        db.session.commit()
        db.session.remove()
    half_dropped = _objects(app, name)
    between_drop_batches(lambda number: None)
    outcome = _run(app, job["id"])

    assert killed_at >= 20
    assert job["params"]["table"] in half_dropped
    assert outcome["state"] == "finished", outcome
    assert outcome["done"] == outcome["total"] > killed_at
    assert _objects(app, name) == []


def test_a_retired_table_left_behind_goes_with_the_next_drop(
    app, client, project_with_tasks, unqueued
):
    project = project_with_tasks(20)
    text = _built_text_index(app, client, project["id"], "text")
    section = _built_text_index(app, client, project["id"], "section")
    client.delete(f"/api/dm/indexes/{text}/")
    with app.app_context():
        # A drop that failed, or whose record went with its project.
        db.session.execute(
            sa.update(Job).where(Job.kind == dropping.JOB_KIND).values(state="failed")
        )
        db.session.commit()
        db.session.remove()
    client.delete(f"/api/dm/indexes/{section}/")
    failed, queued = _drop_jobs(app)

    outcome = _run(app, queued["id"])

    assert outcome["state"] == "finished", outcome
    assert sorted(outcome["result"]["dropped"]) == sorted(
        [queued["params"]["table"], failed["params"]["table"]]
    )
    assert _objects(app, f"ix_task_dm_{project['id']}_") == []


def test_going_below_the_index_revision_drops_a_retired_table(
    app, client, project_with_tasks, unqueued, drop_batches_of, between_drop_batches
):
    from labelcore.schema import downgrade, upgrade

    drop_batches_of(10)
    project = project_with_tasks(20)
    name = index_name(project["id"], "text", "text")
    client.delete(f"/api/dm/indexes/{_built_text_index(app, client, project['id'])}/")
    [job] = _drop_jobs(app)

    def kill(number: int) -> None:
        raise Killed()

    between_drop_batches(kill)
    with app.app_context():
        assert _claim(job["id"])
        with pytest.raises(Killed):
            dropping.run_index_drop(JobContext(db.session.get(Job, job["id"])))
        db.session.rollback()
        db.session.remove()
    half_dropped = _objects(app, name)
    with app.app_context():
        downgrade(app, "0002_jobs_exports")
        left = _objects(app, name)
        upgrade(app, "heads")

    assert job["params"]["table"] in half_dropped
    assert left == []


@pytest.mark.postgres
def test_dropped_indexes_leave_the_list_at_once_and_nothing_behind(
    app, client, project_with_tasks
):
    project = project_with_tasks(20)
    value = _index(client, project["id"], "section", "value")
    text = _index(client, project["id"], "text", "text")

    answers = [
        client.delete(f"/api/dm/indexes/{index['id']}/").status_code
        for index in (value, text)
    ]
    listed = client.get(f"/api/dm/indexes/?project={project['id']}").json
    drops = client.get(f"/api/jobs/?kind={dropping.JOB_KIND}").json
    finished = [wait_for_job(client, job["id"])["state"] for job in drops]
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
        left = made_for_indexes()

    assert answers == [204, 204]
    assert listed == []
    assert finished == (["finished"] if sqlite else [])
    assert left == []
