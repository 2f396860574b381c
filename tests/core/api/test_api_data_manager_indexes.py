"""Indexes on marked data keys: the same answers, and the index really used."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.core.api.waiting import wait_for_job
from tests.support.data_manager import tasks_containing


def _contains(client, project_id, key, needle):
    return [
        task["id"] for task in tasks_containing(client, project_id, needle, key=key)
    ]


def _index(client, project_id, key, kind):
    """Build the index through its job; the index as the job's result holds it."""
    response = client.post(
        "/api/dm/indexes/", json={"project": project_id, "key": key, "kind": kind}
    )
    assert response.status_code == 202, response.json
    job = wait_for_job(client, response.json["job"]["id"])
    assert job["state"] == "finished", job
    return job["result"]["index"]


@pytest.mark.postgres
def test_a_text_index_answers_contains_like_the_scan_and_follows_edits(
    client, project_with_tasks
):
    project = project_with_tasks(80)
    before = _contains(client, project["id"], "text", "library")

    made = _index(client, project["id"], "text", "text")
    indexed = _contains(client, project["id"], "text", "LIBRARY")
    client.patch(
        f"/api/tasks/{project['task_ids'][0]}",
        json={"data": {"text": "a zebrafish library", "section": "misc"}},
    )
    client.delete(f"/api/tasks/{before[-1]}")
    after_edits = _contains(client, project["id"], "text", "zebrafish")
    after_delete = _contains(client, project["id"], "text", "library")

    assert made["kind"] == "text"
    assert indexed == before
    assert after_edits == [project["task_ids"][0]]
    assert before[-1] not in after_delete


def test_the_sqlite_text_index_serves_contains_from_fts(
    app, client, project_with_tasks
):
    project = project_with_tasks(30)
    made = _index(client, project["id"], "text", "text")
    new_task = client.post(
        "/api/tasks/",
        json={"project": project["id"], "data": {"text": "quokka", "section": "x"}},
    ).json

    with app.app_context():
        from labelcore.models import db

        rows = db.session.execute(
            sa.text(f'SELECT rowid FROM "{made["index_name"]}" WHERE value LIKE :p'),
            {"p": "%quokka%"},
        ).all()

    assert [row[0] for row in rows] == [new_task["id"]]
    assert _contains(client, project["id"], "text", "quokka") == [new_task["id"]]


def test_a_value_index_is_used_for_equality_on_its_key(app, client, project_with_tasks):
    from labelcore.datamanager import DataManagerQuery
    from labelcore.datamanager.query import ordered_tasks
    from labelcore.models import Project, db

    project = project_with_tasks(30)
    made = _index(client, project["id"], "section", "value")

    with app.app_context():
        row = db.session.get(Project, project["id"])
        query = DataManagerQuery.parse(
            {
                "filters": {
                    "conjunction": "and",
                    "items": [
                        {
                            "filter": "filter:tasks:data.section",
                            "operator": "equal",
                            "type": "String",
                            "value": "libs",
                        }
                    ],
                }
            }
        )
        select, _ = ordered_tasks(row, query)
        compiled = select.compile(
            db.engine, compile_kwargs={"literal_binds": True}
        ).string
        plan = db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}")).all()

    assert any(made["index_name"] in str(step) for step in plan), plan


def test_indexes_are_listed_made_once_and_dropped(client, project_with_tasks):
    project = project_with_tasks(5)

    first = _index(client, project["id"], "section", "value")
    again = client.post(
        "/api/dm/indexes/",
        json={"project": project["id"], "key": "section", "kind": "value"},
    )
    listed = client.get(f"/api/dm/indexes/?project={project['id']}").json
    dropped = client.delete(f"/api/dm/indexes/{first['id']}/")

    assert again.status_code == 200
    assert again.json["id"] == first["id"]
    assert [entry["key"] for entry in listed] == ["section"]
    assert dropped.status_code == 204
    assert client.get(f"/api/dm/indexes/?project={project['id']}").json == []
    assert _contains(client, project["id"], "section", "lib") is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "a'b", "kind": "value"}, "key"),
        ({"key": "text", "kind": "fuzzy"}, "kind"),
    ],
)
def test_a_bad_key_or_kind_is_refused(client, project_with_tasks, body, field):
    project = project_with_tasks(1)

    response = client.post("/api/dm/indexes/", json={"project": project["id"], **body})

    assert response.status_code == 400
    assert field in response.json["validation_errors"]


def _listed(client, project_id, query, page_size=100, page=1):
    response = client.get(
        "/api/tasks/",
        query_string={
            "project": project_id,
            "query": json.dumps(query),
            "page_size": page_size,
            "page": page,
        },
    )
    assert response.status_code == 200, response.json
    return response.json


def _item(key, operator, value, kind="String"):
    return {
        "filter": f"filter:tasks:data.{key}",
        "operator": operator,
        "type": kind,
        "value": value,
    }


def _plan_of(app, project_id, query):
    from labelcore.datamanager import DataManagerQuery
    from labelcore.datamanager.query import ordered_tasks
    from labelcore.models import Project, db

    with app.test_request_context("/api/tasks/"):
        row = db.session.get(Project, project_id)
        select, _ = ordered_tasks(row, DataManagerQuery.parse(query))
        compiled = select.limit(10).compile(
            db.engine, compile_kwargs={"literal_binds": True}
        )
        return [
            str(step[-1])
            for step in db.session.execute(
                sa.text(f"EXPLAIN QUERY PLAN {compiled.string}")
            )
        ]


@pytest.mark.postgres
@pytest.mark.parametrize("ordering", [[], ["-tasks:id"], ["tasks:data.section"]])
def test_many_full_text_matches_page_like_the_scan(
    client, project_with_tasks, monkeypatch, ordering
):
    from labelcore.datamanager import filters

    # Past the probe, matches are read through the full-text table itself.
    monkeypatch.setattr(filters, "FTS_PROBE", 3)
    project = project_with_tasks(60)
    contains = {
        "filters": {"conjunction": "and", "items": [_item("text", "contains", "the")]}
    }
    negated = {
        "filters": {
            "conjunction": "and",
            "items": [_item("text", "not_contains", "the")],
        }
    }
    scanned = _listed(client, project["id"], {**contains, "ordering": ordering})
    scanned_rest = _listed(client, project["id"], negated)

    _index(client, project["id"], "text", "text")
    first = _listed(client, project["id"], {**contains, "ordering": ordering}, 5)
    second = _listed(client, project["id"], {**contains, "ordering": ordering}, 5, 2)
    everything = _listed(client, project["id"], {**contains, "ordering": ordering})
    rest = _listed(client, project["id"], negated)

    ids = [task["id"] for task in scanned["tasks"]]
    assert len(ids) > 10
    assert [task["id"] for task in everything["tasks"]] == ids
    assert [task["id"] for task in first["tasks"] + second["tasks"]] == ids[:10]
    assert everything["total"] == scanned["total"] == len(ids)
    assert [task["id"] for task in rest["tasks"]] == [
        task["id"] for task in scanned_rest["tasks"]
    ]


def test_a_page_in_id_order_reads_its_matches_from_the_full_text_table(
    app, client, project_with_tasks, monkeypatch
):
    from labelcore.datamanager import filters

    monkeypatch.setattr(filters, "FTS_PROBE", 3)
    project = project_with_tasks(40)
    made = _index(client, project["id"], "text", "text")
    contains = {"conjunction": "and", "items": [_item("text", "contains", "the")]}

    by_id = _plan_of(
        app, project["id"], {"filters": contains, "ordering": ["-tasks:id"]}
    )

    assert made["index_name"] in by_id[0]
    assert not any("TEMP B-TREE" in step for step in by_id), by_id


@pytest.mark.postgres
def test_a_sort_on_one_indexed_key_and_a_filter_on_another_agree_with_the_scan(
    app, client, project_with_tasks, sections
):
    project = project_with_tasks(60)
    for number, task_id in enumerate(project["task_ids"]):
        task = client.get(f"/api/tasks/{task_id}").json
        client.patch(
            f"/api/tasks/{task_id}",
            json={"data": {**task["data"], "n": (number * 37) % 60}},
        )
    query = {
        "filters": {
            "conjunction": "and",
            "items": [_item("section", "equal", sections[0])],
        },
        "ordering": ["-tasks:data.n"],
    }
    scanned = [task["id"] for task in _listed(client, project["id"], query)["tasks"]]

    _index(client, project["id"], "section", "value")
    _index(client, project["id"], "n", "value")
    indexed = [task["id"] for task in _listed(client, project["id"], query)["tasks"]]
    pinned = _listed(
        client, project["id"], {**query, "ordering": ["tasks:data.section"]}
    )

    assert len(scanned) > 3
    assert indexed == scanned
    assert [task["id"] for task in pinned["tasks"]] == sorted(scanned)


def made_for_indexes() -> list[str]:
    """Every index, table, view, trigger and statistics object named for a
    data index, in the app's context."""
    from labelcore.models import db

    objects = (
        "SELECT stxname FROM pg_statistic_ext UNION ALL "
        "SELECT indexname FROM pg_indexes WHERE tablename = 'task'"
        if db.engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master"
    )
    names = db.session.execute(sa.text(objects)).scalars()
    found = sorted(name for name in names if name.startswith("ix_task_dm_"))
    db.session.remove()
    return found


@pytest.mark.postgres
def test_postgres_keeps_statistics_on_an_indexed_key_while_it_is_indexed(
    app, client, project_with_tasks
):
    from labelcore.models import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite reads the statistics of its indexes themselves.")
    project = project_with_tasks(20)

    value = _index(client, project["id"], "section", "value")
    text = _index(client, project["id"], "text", "text")
    with app.app_context():
        made = set(
            db.session.execute(
                sa.text("SELECT stxname FROM pg_statistic_ext")
            ).scalars()
        )
    client.delete(f"/api/dm/indexes/{value['id']}/")
    with app.app_context():
        left = set(
            db.session.execute(
                sa.text("SELECT stxname FROM pg_statistic_ext")
            ).scalars()
        )

    assert {f"{value['index_name']}_stats", f"{text['index_name']}_stats"} <= made
    assert f"{value['index_name']}_stats" not in left
    assert f"{text['index_name']}_stats" in left


def test_a_text_index_is_used_only_once_its_job_built_it(
    app, client, project_with_tasks, monkeypatch
):
    import threading

    from labelcore.datamanager import building

    for name in ("FIRST_BATCH", "SMALLEST_BATCH", "LARGEST_BATCH"):
        monkeypatch.setattr(building, name, 10)
    halfway, resume = threading.Event(), threading.Event()

    def pause(context) -> None:
        if not halfway.is_set():
            halfway.set()
            assert resume.wait(30)

    monkeypatch.setattr(building, "between_batches", pause)
    project = project_with_tasks(40)
    body = {"project": project["id"], "key": "text", "kind": "text"}
    scanned = _contains(client, project["id"], "text", "library")

    started = client.post("/api/dm/indexes/", json=body)
    assert halfway.wait(30)
    job = client.get(started.headers["Location"]).json
    listed = client.get(f"/api/dm/indexes/?project={project['id']}").json
    meanwhile = _contains(client, project["id"], "text", "library")
    again = client.post("/api/dm/indexes/", json=body)
    plan = _plan_of(
        app,
        project["id"],
        {
            "filters": {
                "conjunction": "and",
                "items": [_item("text", "contains", "the")],
            }
        },
    )
    resume.set()
    finished = wait_for_job(client, started.json["job"]["id"])
    built = client.get(f"/api/dm/indexes/?project={project['id']}").json

    name = finished["result"]["index"]["index_name"]
    assert started.status_code == 202
    assert started.json["job"]["kind"] == "datamanager.build_index"
    assert (job["state"], job["progress"]) == ("running", {"done": 10, "total": 40})
    assert listed == [
        {
            "id": None,
            "project": project["id"],
            "key": "text",
            "kind": "text",
            "index_name": name,
            "state": "building",
            "job": job["id"],
            "progress": {"done": 10, "total": 40},
        }
    ]
    assert meanwhile == scanned
    assert not any(name in step for step in plan), plan
    assert again.status_code == 202
    assert again.json["job"]["id"] == job["id"]
    assert finished["state"] == "finished"
    assert finished["progress"] == {"done": 40, "total": 40}
    assert [(entry["key"], entry["state"]) for entry in built] == [("text", "ready")]
    assert _contains(client, project["id"], "text", "library") == scanned


@pytest.mark.parametrize(
    "ordering", ["tasks:total_annotations", "-tasks:total_annotations"]
)
def test_a_sort_by_annotation_count_reads_its_index(app, project_with_tasks, ordering):
    """A page sorted by the number of annotations walks the count index in
    order instead of sorting every task of the project."""
    from labelcore.datamanager import DataManagerQuery
    from labelcore.datamanager.query import ordered_tasks
    from labelcore.models import Project, db

    project = project_with_tasks(30)

    with app.app_context():
        row = db.session.get(Project, project["id"])
        query = DataManagerQuery.parse({"ordering": [ordering]})
        select, _ = ordered_tasks(row, query)
        compiled = (
            select.limit(100)
            .compile(db.engine, compile_kwargs={"literal_binds": True})
            .string
        )
        plan = " ".join(
            str(step)
            for step in db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"))
        )

    assert "ix_task_annotation_count" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


@pytest.mark.postgres
def test_going_below_the_index_revision_drops_every_built_index(
    app, client, project_with_tasks
):
    from labelcore.schema import downgrade, upgrade

    project = project_with_tasks(20)
    _index(client, project["id"], "section", "value")
    _index(client, project["id"], "text", "text")

    with app.app_context():
        before = made_for_indexes()
        downgrade(app, "0002_jobs_exports")
        after = made_for_indexes()
        upgrade(app, "heads")

    assert len(before) >= 4
    assert after == []


@pytest.mark.postgres
def test_a_deleted_projects_indexes_go_with_it_and_its_id_starts_clean(
    app, client, project_with_tasks
):
    project = project_with_tasks(20)
    _index(client, project["id"], "section", "value")
    _index(client, project["id"], "text", "text")
    deleted = client.delete(f"/api/projects/{project['id']}/")
    with app.app_context():
        left = made_for_indexes()
    again = project_with_tasks(3)
    client.patch(
        f"/api/tasks/{again['task_ids'][0]}",
        json={"data": {"text": "a quokka", "section": "misc"}},
    )
    _index(client, again["id"], "text", "text")

    assert deleted.status_code == 204
    assert left == []
    assert _contains(client, again["id"], "text", "quokka") == [again["task_ids"][0]]
