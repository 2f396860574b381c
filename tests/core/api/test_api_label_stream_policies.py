"""The label stream's project rules: skip queues, overlap and its cohort,
partial tasks first, lock expiry, and settings it refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.core.api.debian_packages import choice_result


def _next(client, project_id):
    return client.get(f"/api/projects/{project_id}/next/")


def _annotate(client, task_id, section):
    response = client.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice_result(section)}
    )
    assert response.status_code == 201, response.json


def _skip(client, task_id):
    response = client.post(
        f"/api/tasks/{task_id}/annotations", json={"was_cancelled": True}
    )
    assert response.status_code == 201, response.json


def _drain(client, project_id, section, skip=()):
    """Every task the stream hands this annotator, skipping those in ``skip``
    the first time they come."""
    handed, skipped = [], set()
    for _ in range(100):
        response = _next(client, project_id)
        if response.status_code == 404:
            assert response.json["code"] == "no_more_tasks"
            return handed
        task_id = response.json["id"]
        handed.append(task_id)
        if task_id in skip and task_id not in skipped:
            skipped.add(task_id)
            _skip(client, task_id)
        else:
            _annotate(client, task_id, section)
    raise AssertionError(f"the stream never ended: {handed}")


@pytest.mark.postgres
def test_requeue_for_me_brings_skips_back_at_the_end(
    client, project_with_tasks, sections
):
    project = project_with_tasks(4, settings={"skip_queue": "REQUEUE_FOR_ME"})
    first, second, third, fourth = project["task_ids"]

    handed = _drain(client, project["id"], sections[0], skip={first, third})

    assert handed == [first, second, third, fourth, first, third]


@pytest.mark.postgres
def test_requeue_for_others_gives_a_skip_to_another_annotator_only(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(3, settings={"skip_queue": "REQUEUE_FOR_OTHERS"})
    first, second, third = project["task_ids"]
    other = annotator_client()

    mine = _drain(client, project["id"], sections[0], skip={second})
    theirs = _drain(other, project["id"], sections[0])

    assert mine == [first, second, third]
    assert theirs == [second]
    assert client.get(f"/api/tasks/{second}").json["total_annotations"] == 1


def test_ignore_skipped_shows_a_skip_to_nobody_and_never_labels_it(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(3, settings={"skip_queue": "ignore_skipped"})
    first, second, third = project["task_ids"]
    other = annotator_client()

    mine = _drain(client, project["id"], sections[0], skip={second})
    theirs = _drain(other, project["id"], sections[0])

    assert mine == [first, second, third]
    assert theirs == []
    skipped = client.get(f"/api/tasks/{second}").json
    assert skipped["is_labeled"] is False
    assert skipped["total_annotations"] == 0


def test_a_skip_never_counts_as_labeled_under_any_policy(
    client, new_project, packages, sections
):
    from tests.core.api.debian_packages import as_tasks

    for policy in ("REQUEUE_FOR_ME", "REQUEUE_FOR_OTHERS", "IGNORE_SKIPPED"):
        project = new_project(settings={"skip_queue": policy})
        ids = client.post(
            f"/api/projects/{project['id']}/import?return_task_ids=true",
            json=as_tasks(packages[:1]),
        ).json["task_ids"]
        _next(client, project["id"])
        _skip(client, ids[0])

        task = client.get(f"/api/tasks/{ids[0]}").json
        assert (task["is_labeled"], task["total_annotations"]) == (False, 0), policy
        assert task["cancelled_annotations"] == 1


@pytest.mark.postgres
def test_with_overlap_above_one_started_tasks_are_finished_first(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(6, maximum_annotations=2)
    ids = project["task_ids"]
    first, second = annotator_client(), annotator_client()

    # The first annotator labels tasks 1 and 2; the next ones should go on
    # with those before opening fresh ones.
    for _ in range(2):
        _annotate(first, _next(first, project["id"]).json["id"], sections[0])
    handed_second = _next(second, project["id"]).json["id"]
    _annotate(second, handed_second, sections[0])
    handed_again = _next(second, project["id"]).json["id"]

    assert handed_second == ids[0]
    assert handed_again == ids[1]
    assert client.get(f"/api/tasks/{ids[0]}").json["state"] == "completed"


def test_finishing_partial_tasks_first_can_be_turned_off(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(
        4, maximum_annotations=2, settings={"finish_partial_first": False}
    )
    ids = project["task_ids"]
    first, second = annotator_client(), annotator_client()
    _annotate(first, ids[3], sections[0])

    assert _next(second, project["id"]).json["id"] == ids[0]


@pytest.mark.postgres
def test_an_overlap_cohort_asks_overlap_only_of_its_share(
    app, client, project_with_tasks, annotator_client, sections
):
    from labelcore.models import Task, db

    project = project_with_tasks(
        10, maximum_annotations=2, settings={"overlap_cohort_percentage": 30}
    )
    ids = project["task_ids"]
    # Known random keys: the first three tasks fall in the 30 % cohort.
    with app.app_context():
        for position, task_id in enumerate(ids):
            db.session.execute(
                sa.update(Task)
                .where(Task.id == task_id)
                .values(random_key=(position + 0.5) / 10)
            )
        db.session.commit()
    first, second = annotator_client(), annotator_client()

    done_first = _drain(first, project["id"], sections[0])
    done_second = _drain(second, project["id"], sections[0])

    assert sorted(done_first) == ids
    assert done_second == ids[:3]


@pytest.mark.postgres
def test_an_expired_lock_frees_the_task_and_is_removed(
    app, client, project_with_tasks, annotator_client, monkeypatch
):
    from labelcore.models import TaskLock, db
    from labelcore.sampling import stream

    # Expired locks are ignored at once and deleted at most once a minute;
    # here, on every request.
    monkeypatch.setattr(stream, "RELEASE_EVERY", 0.0)

    project = project_with_tasks(2, settings={"lock_ttl_seconds": 60})
    ids = project["task_ids"]
    other = annotator_client()

    assert _next(client, project["id"]).json["id"] == ids[0]
    assert _next(other, project["id"]).json["id"] == ids[1]
    with app.app_context():
        db.session.execute(
            sa.update(TaskLock)
            .where(TaskLock.task_id == ids[0])
            .values(expires_at=TaskLock.expires_at - timedelta(seconds=61))
        )
        db.session.commit()

    # The other annotator's task is on screen still; they ask for the next.
    prefetched = other.get(f"/api/projects/{project['id']}/next/?exclude={ids[1]}")

    assert prefetched.json["id"] == ids[0]
    with app.app_context():
        holders = db.session.execute(
            sa.select(TaskLock.user_id).where(TaskLock.task_id == ids[0])
        ).scalars()
        assert list(holders) == [other.user_id]


def test_the_lock_lasts_as_long_as_the_project_says(app, client, project_with_tasks):
    from labelcore.models import TaskLock, db, utcnow

    project = project_with_tasks(1, settings={"lock_ttl_seconds": 90})
    before = utcnow()

    _next(client, project["id"])

    with app.app_context():
        expires = db.session.execute(sa.select(TaskLock.expires_at)).scalar_one()
    assert timedelta(seconds=89) < expires - before < timedelta(seconds=95)


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"skip_queue": "LATER"}, "skip_queue"),
        ({"overlap_cohort_percentage": 120}, "overlap_cohort_percentage"),
        ({"lock_ttl_seconds": 0}, "lock_ttl_seconds"),
        ({"sampler_parameters": {"stride": 2}}, "stride"),
    ],
)
def test_settings_the_stream_cannot_use_are_refused_when_saved_naming_them(
    client, new_project, settings, named
):
    project = new_project()

    response = client.patch(
        f"/api/projects/{project['id']}/", json={"settings": settings}
    )

    assert response.status_code == 400
    assert named in response.json["detail"]
    # Nothing bad was stored: the stream answers as for any empty project.
    assert _next(client, project["id"]).json["code"] == "no_more_tasks"


def test_the_installed_samplers_are_listed_with_their_parameters(client):
    listed = {entry["name"]: entry for entry in client.get("/api/samplers/").json}

    assert {"sequential", "random", "uncertainty", "disagreement", "blend"} <= set(
        listed
    )
    strategy = listed["uncertainty"]["parameters"]["properties"]["strategy"]
    assert strategy["enum"] == ["least_confident", "margin", "entropy"]
    assert listed["uncertainty"]["aliases"] == ["Uncertainty sampling"]
    assert listed["sequential"]["plugin"] == "samplers"
