"""The review workflow end to end through the API: annotate, review, fix, accept."""

import pytest

from labelcore import hookimpl
from tests.core.api.debian_packages import choice_result


def _annotate(client, task_id, section):
    response = client.post(
        f"/api/tasks/{task_id}/annotations/", json={"result": choice_result(section)}
    )
    assert response.status_code == 201, response.json
    return response.json


def _send(client, task_id, event, **body):
    return client.post(
        f"/api/tasks/{task_id}/transitions", json={"event": event, **body}
    )


def _next_for_review(client, project_id, exclude=()):
    query = f"?exclude={','.join(map(str, exclude))}" if exclude else ""
    return client.get(f"/api/projects/{project_id}/review/next{query}")


@pytest.mark.postgres
def test_two_annotators_then_a_reviewer_rejects_and_accepts(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(3, workflow="review", maximum_annotations=2)
    first, second, _ = project["task_ids"]
    annotators = [annotator_client(), annotator_client()]
    for annotator in annotators:
        for task_id in (first, second):
            assert annotator.get(f"/api/projects/{project['id']}/next").json["id"] in (
                first,
                second,
            )
            _annotate(annotator, task_id, sections[0])

    handed = _next_for_review(client, project["id"])

    assert handed.status_code == 200
    assert handed.json["id"] == first
    assert handed.json["state"] == "in_review"
    assert handed.json["remaining"] == 2
    assert len(handed.json["annotations"]) == 2
    assert [event["event"] for event in handed.json["events"]] == ["accept", "reject"]
    assert [event["to_state"] for event in handed.json["history"]] == [
        "in_progress",
        "in_review",
    ]

    rejected = _send(
        client,
        first,
        "reject",
        comment="Section is wrong",
        version=handed.json["version"],
    )
    assert rejected.status_code == 200, rejected.json
    assert rejected.json["task"]["state"] == "in_progress"
    assert _next_for_review(client, project["id"]).json["id"] == second

    fix = annotators[0].get(f"/api/tasks/{first}").json["annotations"][0]
    fixed = annotators[0].patch(
        f"/api/annotations/{fix['id']}", json={"result": choice_result(sections[1])}
    )
    assert fixed.status_code == 200
    resubmitted = _send(annotators[0], first, "submit")
    assert resubmitted.json["task"]["state"] == "in_review"

    for task_id in (first, second):
        assert _next_for_review(client, project["id"]).json["id"] == task_id
        assert _send(client, task_id, "accept").json["task"]["state"] == "accepted"

    finished = _next_for_review(client, project["id"])
    assert finished.status_code == 404
    assert finished.json["detail"] == (
        f"No task of project {project['id']} waits for review."
    )
    history = client.get(f"/api/tasks/{first}/history").json
    assert [event["event"] for event in history["events"]] == [
        "annotate",
        "annotate",
        "reject",
        "submit",
        "accept",
    ]
    assert history["events"][2]["comment"] == "Section is wrong"
    assert history["consistent"] is True
    states = client.get(f"/api/projects/{project['id']}/states").json["states"]
    assert {state["name"]: state["count"] for state in states}["accepted"] == 2


def test_the_review_stream_passes_over_excluded_tasks_and_lists_the_rest(
    client, project_with_tasks, sections
):
    project = project_with_tasks(3, workflow="review")
    for task_id in project["task_ids"]:
        _annotate(client, task_id, sections[0])
    first, second, third = project["task_ids"]

    assert _next_for_review(client, project["id"], [first]).json["id"] == second
    assert _next_for_review(client, project["id"], [first, second]).json["id"] == third
    listed = client.get(f"/api/projects/{project['id']}/review?page_size=2").json
    assert listed["count"] == 3
    assert [task["id"] for task in listed["tasks"]] == [first, second]
    bad = _next_for_review(client, project["id"], ["x"])
    assert bad.status_code == 400
    assert bad.json["validation_errors"]["exclude"] == [
        "must be task ids separated by commas, got 'x'."
    ]


def test_a_workflow_without_a_review_state_has_no_review_stream(
    client, project_with_tasks
):
    project = project_with_tasks(1)

    refused = _next_for_review(client, project["id"])

    assert refused.status_code == 400
    assert refused.json["code"] == "no_review_state"
    assert refused.json["detail"] == (
        f"The workflow 'default' of project {project['id']} has no review state, so "
        f"no task waits for a reviewer. Switch the project to a workflow with one "
        f"(such as 'review') or mark a state with \"review\": true."
    )


def test_accepting_releases_every_lock_on_the_task(
    app, client, project_with_tasks, annotator_client, sections
):
    from labelcore.models import TaskLock, db

    project = project_with_tasks(1, workflow="review", maximum_annotations=2)
    task_id = project["task_ids"][0]
    _annotate(client, task_id, sections[0])
    waiting = annotator_client()
    assert waiting.get(f"/api/projects/{project['id']}/next").json["id"] == task_id
    _send(client, task_id, "submit")

    accepted = _send(client, task_id, "accept")

    assert accepted.json["task"]["is_labeled"] is True
    with app.app_context():
        assert db.session.query(TaskLock).filter_by(task_id=task_id).count() == 0


class TransitionListener:
    LABELCORE_PLUGIN_NAME = "transition-listener"

    def __init__(self):
        self.told = []

    @hookimpl
    def on_task_transitioned(self, task, event, from_state, to_state, actor):
        self.told.append((task.id, event, from_state, to_state, actor.email))


def test_plugins_are_told_of_every_transition(make_app, admin_token, packages):
    from tests.core.api.debian_packages import as_tasks, section_config

    listener = TransitionListener()
    app = make_app(plugins=[listener])
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {admin_token}"
    sections = sorted({package["section"] for package in packages[:50]})
    project = client.post(
        "/api/projects/",
        json={"label_config": section_config(sections), "workflow": "review"},
    ).json
    task_id = client.post(
        f"/api/projects/{project['id']}/import?return_task_ids=true",
        json=as_tasks(packages[:1]),
    ).json["task_ids"][0]

    _annotate(client, task_id, packages[0]["section"])
    _send(client, task_id, "reject", comment="Look again")
    _send(client, task_id, "recount")

    assert listener.told == [
        (task_id, "annotate", "unlabeled", "in_review", "admin@example.com"),
        (task_id, "reject", "in_review", "in_progress", "admin@example.com"),
    ]


@pytest.mark.postgres
def test_a_changed_overlap_recounts_the_tasks(
    app, client, project_with_tasks, sections
):
    from labelcore.annotating import overlap_changed
    from labelcore.models import Project, db

    project = project_with_tasks(2, maximum_annotations=2)
    first, second = project["task_ids"]
    _annotate(client, first, sections[0])
    client.post(f"/api/tasks/{second}/annotations", json={"was_cancelled": True})

    with app.app_context():
        row = db.session.get(Project, project["id"])
        row.maximum_annotations = 1
        changed = overlap_changed(row)
        db.session.commit()

    assert changed == 1
    task = client.get(f"/api/tasks/{first}").json
    assert (task["state"], task["is_labeled"]) == ("completed", True)
    assert client.get(f"/api/tasks/{second}").json["state"] == "unlabeled"


def _person(app, email, role):
    from labelcore.accounts import create_user

    with app.app_context():
        _, token = create_user(email, "a-password-of-theirs", role=role)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


@pytest.mark.postgres
def test_only_reviewers_and_managers_decide(app, client, project_with_tasks, sections):
    project = project_with_tasks(1, workflow="review")
    task_id = project["task_ids"][0]
    _annotate(client, task_id, sections[0])
    annotator = _person(app, "annotator@example.com", "annotator")
    reviewer = _person(app, "reviewer@example.com", "reviewer")

    refused = _send(annotator, task_id, "accept")
    stream = _next_for_review(annotator, project["id"])
    offered = annotator.get(f"/api/tasks/{task_id}/transitions").json["events"]
    accepted = _send(reviewer, task_id, "accept")

    assert refused.status_code == 400
    assert refused.json["reason"] == (
        "no transition's condition holds: it needs the role reviewer or manager in "
        "the project, and yours is annotator"
    )
    assert stream.status_code == 403
    assert [(event["event"], event["permitted"]) for event in offered] == [
        ("accept", False),
        ("reject", False),
    ]
    assert accepted.status_code == 200, accepted.json
    history = client.get(f"/api/tasks/{task_id}/history").json["events"]
    assert history[-1]["actor"]["email"] == "reviewer@example.com"
