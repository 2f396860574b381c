"""Data indexes built by a job: writes between batches, a killed build, failures.

The job runs on this thread (``run_job``), so that the test can write
through the API between two batches of the fill and kill the build where
it wants; FTS5's ``integrity-check`` then says whether the table holds each
task exactly once and as it is now.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from labelcore.datamanager import building
from labelcore.datamanager.indexes import index_name
from labelcore.jobs.context import JobContext
from labelcore.jobs.runner import _claim, run_job
from labelcore.models import Job, db, utcnow
from tests.core.api.debian_packages import choice_result
from tests.support.data_manager import tasks_containing


class Killed(BaseException):
    """The process died here: no handler of the job runs."""


@pytest.fixture
def batches_of(monkeypatch):
    """``batches_of(n)``: every fill batch is n tasks."""

    def set_size(size: int) -> None:
        for name in ("FIRST_BATCH", "SMALLEST_BATCH", "LARGEST_BATCH"):
            monkeypatch.setattr(building, name, size)
        monkeypatch.setattr(building, "PAUSE_SECONDS", 0)

    return set_size


@pytest.fixture
def between_batches(monkeypatch):
    """``between_batches(step)``: call ``step(number)`` after each batch commits."""

    def install(step) -> list[int]:
        calls: list[int] = []

        def hook(context) -> None:
            calls.append(len(calls) + 1)
            step(len(calls))

        monkeypatch.setattr(building, "between_batches", hook)
        return calls

    return install


def _queue(app, project_id: int, key: str = "text", kind: str = "text") -> int:
    """A build job's record, queued but handed to no runner."""
    with app.app_context():
        job = Job(
            kind=building.JOB_KIND,
            params={"key": key, "kind": kind},
            organization_id=1,
            project_id=project_id,
        )
        db.session.add(job)
        db.session.commit()
        return job.id


def _run(app, job_id: int) -> dict:
    with app.app_context():
        run_job(job_id)
        job = db.session.get(Job, job_id)
        outcome = {
            "state": job.state,
            "error": job.error,
            "result": job.result,
            "done": job.progress_done,
            "total": job.progress_total,
            "checkpoint": job.checkpoint,
        }
        db.session.remove()
        return outcome


def _integrity_check(app, name: str) -> None:
    """Raises when the FTS table and the tasks disagree (a task missing,
    stale or held twice)."""
    with app.app_context():
        db.session.execute(
            sa.text(
                f'INSERT INTO "{name}"("{name}", rank) VALUES (\'integrity-check\', 1)'
            )
        )
        db.session.commit()
        db.session.remove()


def _scanned(app, project_id: int, needle: str) -> list[int]:
    """The tasks whose text holds ``needle``, read without any index."""
    with app.app_context():
        ids = db.session.execute(
            sa.text(
                "SELECT id FROM task WHERE project_id = :project "
                "AND instr(lower(json_extract(data, '$.text')), :needle) > 0 "
                "ORDER BY id"
            ),
            {"project": project_id, "needle": needle.lower()},
        ).scalars()
        result = list(ids)
        db.session.remove()
        return result


def _contains(client, project_id: int, needle: str) -> list[int]:
    tasks = tasks_containing(
        client, project_id, needle, ordering=["tasks:id"], page_size=1000
    )
    return [task["id"] for task in tasks]


SHADOW_TABLES = ("_data", "_idx", "_docsize", "_config")
"""FTS5's own tables behind an index's table."""


def _objects(app, name: str) -> list[str]:
    """The tables, views and triggers the index ``name`` consists of."""
    with app.app_context():
        names = db.session.execute(
            sa.text("SELECT name FROM sqlite_master WHERE substr(name, 1, :n) = :name"),
            {"n": len(name), "name": name},
        ).scalars()
        result = sorted(
            found
            for found in names
            if not any(found == name + suffix for suffix in SHADOW_TABLES)
        )
        db.session.remove()
        return result


def _text(text: str) -> dict:
    return {"data": {"text": text, "section": "misc"}}


def test_writes_between_batches_are_indexed_once(
    app, client, project_with_tasks, sections, batches_of, between_batches
):
    batches_of(10)
    project = project_with_tasks(40)
    ids = project["task_ids"]
    imported: list[int] = []

    def write(number: int) -> None:
        if number == 1:
            # The fill has passed ids[:10] and not ids[10:].
            for task_id in (ids[0], ids[30]):
                client.post(
                    f"/api/tasks/{task_id}/annotations/",
                    json={"result": choice_result(sections[0])},
                )
            client.patch(f"/api/tasks/{ids[1]}", json=_text("quokka filled"))
            client.patch(f"/api/tasks/{ids[25]}", json=_text("quokka later"))
            assert client.delete(f"/api/tasks/{ids[2]}/").status_code == 204
            assert client.delete(f"/api/tasks/{ids[26]}/").status_code == 204
            response = client.post(
                f"/api/projects/{project['id']}/import?return_task_ids=true",
                json=[_text(f"quokka new {n}") for n in range(3)],
            )
            imported.extend(response.json["task_ids"])
        if number == 2:
            # A task imported above the ceiling, changed and deleted later.
            client.patch(
                f"/api/tasks/{imported[0]}", json=_text("quokka changed again")
            )
            client.delete(f"/api/tasks/{imported[1]}/")

    calls = between_batches(write)
    outcome = _run(app, _queue(app, project["id"]))

    name = index_name(project["id"], "text", "text")
    assert outcome["state"] == "finished", outcome
    assert len(calls) == 4
    assert outcome["result"]["index"]["index_name"] == name
    assert outcome["done"] == outcome["total"] == 40
    _integrity_check(app, name)
    assert _objects(app, name) == [
        name,
        f"{name}_delete",
        f"{name}_insert",
        f"{name}_source",
        f"{name}_update",
    ]
    quokkas = [ids[1], ids[25], imported[0], imported[2]]
    assert _scanned(app, project["id"], "quokka") == quokkas
    assert _contains(client, project["id"], "quokka") == quokkas
    assert _contains(client, project["id"], "library") == _scanned(
        app, project["id"], "library"
    )

    # The plain triggers follow the edits made after the build.
    client.patch(f"/api/tasks/{ids[39]}", json=_text("a quokka at last"))
    _integrity_check(app, name)
    assert _contains(client, project["id"], "quokka") == sorted([*quokkas, ids[39]])


def test_a_killed_build_resumes_from_its_checkpoint(
    app, client, project_with_tasks, batches_of, monkeypatch
):
    batches_of(10)
    project = project_with_tasks(40)
    ids = project["task_ids"]
    job_id = _queue(app, project["id"])
    fill_batch = building.TextIndexFill.fill_batch
    starts: list[int] = []

    def recorded(self, connection, size):
        starts.append(self.position(connection).filled)
        moved = fill_batch(self, connection, size)
        if len(starts) == 3:
            raise Killed()
        return moved

    monkeypatch.setattr(building.TextIndexFill, "fill_batch", recorded)
    with app.app_context():
        assert _claim(job_id)
        context = JobContext(db.session.get(Job, job_id))
        with pytest.raises(Killed):
            building.run_index_build(context)
        # What SQLite does with the transaction of a process that died.
        db.session.rollback()
        checkpoint = db.session.get(Job, job_id).checkpoint
        db.session.remove()
    assert checkpoint == {"filled": ids[19], "ceiling": ids[39]}

    # Written while no runner works on the job: indexed by the triggers or
    # by the fill, once each.
    client.patch(f"/api/tasks/{ids[5]}", json=_text("quokka before"))
    client.patch(f"/api/tasks/{ids[35]}", json=_text("quokka after"))
    with app.app_context():
        # The lease lapses; the reconciler hands the job to a new runner.
        db.session.get(Job, job_id).lease_until = utcnow()
        db.session.commit()
        db.session.remove()
    outcome = _run(app, job_id)

    name = index_name(project["id"], "text", "text")
    assert outcome["state"] == "finished", outcome
    assert outcome["done"] == outcome["total"] == 40
    assert starts == [0, ids[9], ids[19], ids[19], ids[29]]
    _integrity_check(app, name)
    assert _contains(client, project["id"], "quokka") == [ids[5], ids[35]]
    assert _contains(client, project["id"], "the") == _scanned(
        app, project["id"], "the"
    )


def test_going_below_the_index_revision_drops_a_half_built_index(
    app, project_with_tasks, batches_of, between_batches
):
    from labelcore.schema import downgrade, upgrade

    batches_of(10)
    project = project_with_tasks(30)
    name = index_name(project["id"], "text", "text")

    def kill(number: int) -> None:
        if number == 1:
            raise Killed()

    between_batches(kill)
    job_id = _queue(app, project["id"])
    with app.app_context():
        assert _claim(job_id)
        with pytest.raises(Killed):
            building.run_index_build(JobContext(db.session.get(Job, job_id)))
        db.session.rollback()
        db.session.remove()
    half_built = _objects(app, name)
    with app.app_context():
        downgrade(app, "0002_jobs_exports")
        left = _objects(app, name)
        upgrade(app, "heads")

    assert f"{name}_fill" in half_built
    assert left == []


def test_a_failed_build_leaves_nothing_behind(
    app, client, project_with_tasks, batches_of, between_batches
):
    batches_of(10)
    project = project_with_tasks(30)

    def fail(number: int) -> None:
        if number == 2:
            raise RuntimeError("the disk is full")

    between_batches(fail)
    outcome = _run(app, _queue(app, project["id"]))
    edited = client.patch(f"/api/tasks/{project['task_ids'][0]}", json=_text("quokka"))

    assert outcome["state"] == "failed"
    assert outcome["error"] == "the disk is full"
    assert _objects(app, index_name(project["id"], "text", "text")) == []
    assert edited.status_code == 200
    assert client.get(f"/api/dm/indexes/?project={project['id']}").json == []
    assert _contains(client, project["id"], "quokka") == [project["task_ids"][0]]


def test_a_cancelled_build_stops_at_its_next_batch(
    app, client, project_with_tasks, batches_of, between_batches
):
    batches_of(10)
    project = project_with_tasks(30)
    job_id = _queue(app, project["id"])

    def cancel(number: int) -> None:
        if number == 1:
            assert client.post(f"/api/jobs/{job_id}/cancel").status_code == 200

    calls = between_batches(cancel)
    outcome = _run(app, job_id)

    assert outcome["state"] == "cancelled"
    assert calls == [1]
    assert _objects(app, index_name(project["id"], "text", "text")) == []


@pytest.mark.postgres
def test_a_build_the_request_asked_for_twice_runs_once(
    app, client, project_with_tasks, monkeypatch
):
    project = project_with_tasks(20)
    runner = app.extensions["labelcore"].job_runner
    monkeypatch.setattr(runner, "submit", lambda job_id, priority="default": None)
    body = {"project": project["id"], "key": "text", "kind": "text"}

    first = client.post("/api/dm/indexes/", json=body)
    second = client.post("/api/dm/indexes/", json=body)
    other_kind = client.post("/api/dm/indexes/", json={**body, "kind": "value"})
    with app.app_context():
        builds = db.session.execute(
            sa.select(Job.id).where(Job.kind == building.JOB_KIND).order_by(Job.id)
        ).scalars()
        build_ids = list(builds)
        db.session.remove()
    outcome = _run(app, first.json["job"]["id"])
    after = client.post("/api/dm/indexes/", json=body)

    assert first.status_code == second.status_code == 202
    assert first.headers["Location"] == f"/api/jobs/{first.json['job']['id']}"
    assert second.json["job"]["id"] == first.json["job"]["id"]
    assert build_ids == [first.json["job"]["id"], other_kind.json["job"]["id"]]
    assert outcome["state"] == "finished", outcome
    assert after.status_code == 200
    assert after.json["id"] == outcome["result"]["index"]["id"]
    assert after.json["state"] == "ready"


@pytest.mark.postgres
def test_postgres_builds_over_the_invalid_index_a_killed_build_left(
    app, client, project_with_tasks
):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("Only PostgreSQL's concurrent builds leave invalid indexes.")
        db.session.remove()
    project = project_with_tasks(20)
    name = index_name(project["id"], "section", "value")
    with app.app_context():
        # What CREATE INDEX CONCURRENTLY leaves when its process dies.
        db.session.execute(sa.text(f'CREATE INDEX "{name}" ON task (id)'))
        db.session.execute(
            sa.text(
                "UPDATE pg_index SET indisvalid = false "
                "WHERE indexrelid = CAST(:name AS regclass)"
            ),
            {"name": name},
        )
        db.session.commit()
        db.session.remove()

    outcome = _run(app, _queue(app, project["id"], "section", "value"))

    assert outcome["state"] == "finished", outcome
    assert outcome["done"] == outcome["total"] == 20
    with app.app_context():
        valid, definition = db.session.execute(
            sa.text(
                "SELECT i.indisvalid, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indexrelid = CAST(:name AS regclass)"
            ),
            {"name": name},
        ).one()
        db.session.remove()
    assert valid
    assert "section" in definition
