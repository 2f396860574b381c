"""``labelcore user merge``: a Label Studio placeholder's work to its owner."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from labelcore.accounts import add_member, create_user, organization_named
from labelcore.models import (
    Annotation,
    Membership,
    Organization,
    Project,
    Task,
    TaskEvent,
    TaskLock,
    User,
    db,
)
from labelcore.models.drafts import AnnotationDraft
from tests.core.merging.conftest import ANN, PLACEHOLDER, choice, run_command

pytestmark = pytest.mark.postgres


def _annotate(client, task_id: int, value: str = "Cat") -> None:
    answer = client.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice(value)}
    )
    assert answer.status_code == 201, answer.json


def _next(client, project_id: int):
    return client.get(f"/api/projects/{project_id}/next/")


def _counters(app) -> dict[int, tuple]:
    """Each task's stored counters and keys, and what its rows say."""
    with app.app_context():
        tasks = db.session.execute(sa.select(Task).order_by(Task.id)).scalars()
        found = {}
        for task in tasks:
            rows = db.session.execute(
                sa.select(Annotation.was_cancelled).where(Annotation.task_id == task.id)
            ).scalars()
            rows = list(rows)
            assert task.total_annotations == rows.count(False)
            assert task.cancelled_annotations == rows.count(True)
            found[task.id] = (
                task.total_annotations,
                task.cancelled_annotations,
                task.is_labeled,
                task.state,
                task.disagreement,
            )
        return found


def _annotations_saved_at(app) -> dict[int, object]:
    with app.app_context():
        return dict(
            db.session.execute(sa.select(Annotation.id, Annotation.updated_at)).all()
        )


def _rows_of(app, user_id: int) -> dict[str, int]:
    with app.app_context():
        return {
            "annotations": _count(Annotation.completed_by_id == user_id),
            "drafts": _count(AnnotationDraft.user_id == user_id),
            "locks": _count(TaskLock.user_id == user_id),
            "events": _count(TaskEvent.actor_id == user_id),
            "memberships": _count(Membership.user_id == user_id),
        }


def _count(condition) -> int:
    table = condition.left.table
    return db.session.execute(
        sa.select(sa.func.count()).select_from(table).where(condition)
    ).scalar_one()


def _summary(printed: str) -> tuple[dict[str, int], dict[str, int]]:
    """The counts under ``moved:`` and under ``deleted:``."""
    sections: dict[str, dict[str, int]] = {"moved:": {}, "deleted:": {}}
    current = None
    for line in printed.splitlines():
        words = line.split()
        if words and words[0] in sections:
            current = sections[words[0]]
        elif current is not None and len(words) == 2 and words[1].isdigit():
            current[words[0]] = int(words[1])
    return sections["moved:"], sections["deleted:"]


def _everything(app) -> dict[str, list]:
    """Every row of every table, for a dry run to leave alone."""
    with app.app_context():
        connection = db.session.connection()
        names = sa.inspect(connection).get_table_names()
        return {
            name: sorted(
                map(repr, connection.execute(sa.text(f'SELECT * FROM "{name}"')))
            )
            for name in names
        }


def test_the_placeholder_hands_its_work_to_its_owner(imported):
    project, tasks = imported.project_id, imported.task_ids
    # Before the merge, as annotator 14 worked on under the placeholder:
    # a task done by hand (an event), a lock, a draft.
    _annotate(imported.placeholder, tasks[605])
    held = _next(imported.placeholder, project).json["id"]
    draft = imported.placeholder.post(
        f"/api/tasks/{tasks[604]}/drafts", json={"result": choice("Dog")}
    )
    assert draft.status_code == 201, draft.json
    # Ann, under her own account, was handed the task the placeholder started.
    assert _next(imported.ann, project).json["id"] == tasks[601]
    before = _rows_of(imported.app, imported.placeholder_id)
    counters = _counters(imported.app)
    saved_at = _annotations_saved_at(imported.app)

    outcome = imported.run("user", "merge", PLACEHOLDER, ANN)

    assert outcome.exit_code == 0, outcome.output
    assert before == {
        "annotations": 3,
        "drafts": 1,
        "locks": 1,
        "events": 1,
        "memberships": 1,
    }
    lines = outcome.stdout.splitlines()
    assert lines[0] == (
        f"Merged {PLACEHOLDER} (user {imported.placeholder_id}) into {ANN} "
        f"(user {imported.ann_id})"
    )
    moved, deleted = _summary(outcome.stdout)
    assert moved["annotation.completed_by_id"] == 3
    assert moved["annotation_draft.user_id"] == 1
    assert moved["task_event.actor_id"] == 1
    assert moved["task_lock.user_id"] == 1
    assert moved["membership.user_id"] == 1
    assert deleted == {"api_token.user_id": 2, "task_lock.user_id": 1, "user": 1}

    app = imported.app
    with app.app_context():
        assert db.session.get(User, imported.placeholder_id) is None
    assert _rows_of(app, imported.ann_id) == {
        "annotations": 3,
        "drafts": 1,
        # The placeholder's lock moved; Ann's own lock on a task the
        # placeholder had annotated went.
        "locks": 1,
        "events": 1,
        "memberships": 1,
    }
    assert _counters(app) == counters
    # Who did the work changed, not when: a draft's author sees it until
    # they save the annotation after it.
    assert _annotations_saved_at(app) == saved_at
    assert imported.placeholder.get("/api/current-user").status_code == 401
    drafts = imported.ann.get(f"/api/tasks/{tasks[604]}/drafts").json
    assert [d["result"] for d in drafts] == [choice("Dog")]

    # The stream gives Ann the task the placeholder held, then the one left,
    # and never one of the three she now annotated.
    handed = []
    while (answer := _next(imported.ann, project)).status_code == 200:
        handed.append(answer.json["id"])
        _annotate(imported.ann, answer.json["id"])
    assert handed == [held, tasks[604]]
    assert held == tasks[603]
    assert answer.json["code"] == "no_more_tasks"


def test_tasks_both_annotated_are_refused_unless_both_are_kept(imported):
    tasks = imported.task_ids
    _annotate(imported.ann, tasks[601], "Dog")
    counters = _counters(imported.app)

    refused = imported.run("user", "merge", PLACEHOLDER, ANN)

    assert refused.exit_code == 1
    message = " ".join(refused.stderr.split())
    assert (
        f"Error: '{PLACEHOLDER}' and '{ANN}' both annotated 1 task ({tasks[601]}):"
    ) in message
    assert "--keep-both" in message
    with imported.app.app_context():
        assert db.session.get(User, imported.placeholder_id) is not None
    assert _rows_of(imported.app, imported.ann_id)["annotations"] == 1

    kept = imported.run("user", "merge", PLACEHOLDER, ANN, "--keep-both")

    assert kept.exit_code == 0, kept.output
    assert (
        f"tasks both annotated, kept with both annotations: 1 task ({tasks[601]})"
        in kept.stdout
    )
    assert _rows_of(imported.app, imported.ann_id)["annotations"] == 3
    # Two submitted annotations, as before: the counters did not move.
    assert _counters(imported.app) == counters
    assert counters[tasks[601]][:3] == (2, 0, True)


def test_a_refusal_lists_twenty_tasks_and_counts_them_all(merge_app, environment):
    with merge_app.app_context():
        source, _ = create_user("first@example.org")
        target, _ = create_user("second@example.org")
        project = Project(organization_id=source.active_organization_id)
        db.session.add(project)
        db.session.flush()
        for number in range(1, 24):
            task = Task(project_id=project.id, inner_id=number, data={}, state="x")
            db.session.add(task)
            db.session.flush()
            for user in (source, target):
                db.session.add(
                    Annotation(
                        task_id=task.id, project_id=project.id, completed_by_id=user.id
                    )
                )
        db.session.commit()
        first_ids = list(
            db.session.execute(sa.select(Task.id).order_by(Task.id).limit(20)).scalars()
        )

    outcome = run_command(
        environment, "user", "merge", "first@example.org", "second@example.org"
    )

    assert outcome.exit_code == 1
    message = " ".join(outcome.stderr.split())
    assert f"23 tasks (the first 20: {', '.join(map(str, first_ids))})" in message


def test_a_dry_run_prints_the_summary_and_changes_nothing(imported):
    before = _everything(imported.app)

    outcome = imported.run("user", "merge", PLACEHOLDER, ANN, "--dry-run")

    assert outcome.exit_code == 0, outcome.output
    assert outcome.stdout.startswith(
        f"Dry run, nothing was changed: merging {PLACEHOLDER}"
    )
    assert "annotation.completed_by_id" in outcome.stdout
    assert _everything(imported.app) == before


def test_the_refusals_name_what_is_wrong(imported):
    run = imported.run

    unknown = run("user", "merge", "Nobody@Example.org", ANN)
    same = run("user", "merge", ANN, " ann@EXAMPLE.org")
    into_placeholder = run("user", "merge", ANN, PLACEHOLDER)

    assert unknown.exit_code == 1
    assert "No user has the e-mail 'nobody@example.org' (the source)" in unknown.stderr
    assert same.exit_code == 1
    assert "the same user" in same.stderr
    assert into_placeholder.exit_code == 1
    message = " ".join(into_placeholder.stderr.split())
    assert f"The target '{PLACEHOLDER}' is a placeholder" in message
    assert "--force" in message
    with imported.app.app_context():
        assert db.session.get(User, imported.ann_id) is not None
        db.session.get(User, imported.placeholder_id).is_active = False
        db.session.commit()

    deactivated = run("user", "merge", ANN, PLACEHOLDER, "--force")
    assert deactivated.exit_code == 1
    assert f"The target '{PLACEHOLDER}' is deactivated" in deactivated.stderr

    with imported.app.app_context():
        db.session.get(User, imported.placeholder_id).is_active = True
        db.session.commit()
    forced = run("user", "merge", ANN, PLACEHOLDER, "--force")
    assert forced.exit_code == 0, forced.output
    with imported.app.app_context():
        assert db.session.get(User, imported.ann_id) is None


def test_memberships_keep_the_higher_role(merge_app, environment):
    with merge_app.app_context():
        old, _ = create_user("old@example.org", organization="Lab", role="manager")
        target, _ = create_user("new@example.org", organization="Lab", role="reviewer")
        create_user("elsewhere@example.org", organization="Other", role="owner")
        add_member(old, organization_named("Other"), "annotator")
        db.session.commit()
        target_id = target.id

    outcome = run_command(
        environment, "user", "merge", "old@example.org", "new@example.org"
    )

    assert outcome.exit_code == 0, outcome.output
    with merge_app.app_context():
        roles = dict(
            db.session.execute(
                sa.select(Organization.title, Membership.role)
                .join(Membership, Membership.organization_id == Organization.id)
                .where(Membership.user_id == target_id)
            ).all()
        )
    assert roles == {"Lab": "manager", "Other": "annotator"}
