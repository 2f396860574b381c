"""Transitions, history, state counts and per-project workflows through the API."""

import pytest

from tests.core.api.debian_packages import choice_result


def _annotate(client, task_id, section, **extra):
    response = client.post(
        f"/api/tasks/{task_id}/annotations/",
        json={"result": choice_result(section), **extra},
    )
    assert response.status_code == 201, response.json
    return response.json


def _send(client, task_id, event, **body):
    return client.post(
        f"/api/tasks/{task_id}/transitions", json={"event": event, **body}
    )


def _history(client, task_id):
    return client.get(f"/api/tasks/{task_id}/history").json


def _counts(client, project_id):
    answer = client.get(f"/api/projects/{project_id}/states").json
    return {state["name"]: state["count"] for state in answer["states"]}


TWO_PASS = {
    "name": "two-pass",
    "title": "Two passes",
    "states": [
        {"name": "todo", "initial": True},
        {"name": "checked", "title": "Checked once"},
        {"name": "signed", "final": True},
    ],
    "transitions": [
        {"event": "annotate", "source": ["todo", "checked"], "target": "checked"},
        {"event": "unannotate", "source": "checked", "target": "todo"},
        {
            "event": "sign",
            "source": "checked",
            "target": "signed",
            "roles": ["manager"],
            "effects": ["release_all_locks"],
        },
    ],
}


@pytest.mark.postgres
def test_an_event_the_state_does_not_allow_answers_400_with_state_and_events(
    client, project_with_tasks
):
    project = project_with_tasks(1, workflow="review")
    task_id = project["task_ids"][0]

    refused = _send(client, task_id, "accept")

    assert refused.status_code == 400
    assert refused.json["code"] == "transition_refused"
    assert refused.json["state"] == "unlabeled"
    assert refused.json["allowed_events"] == [
        "annotate",
        "unannotate",
        "skip",
        "unskip",
        "recount",
    ]
    assert refused.json["detail"] == (
        "The task is 'unlabeled', where the event 'accept' is refused: the workflow "
        "has no such transition from this state. Events allowed from 'unlabeled': "
        "'annotate', 'unannotate', 'skip', 'unskip', 'recount'."
    )
    assert _history(client, task_id)["events"] == []


def test_an_event_no_workflow_knows_is_refused(client, project_with_tasks):
    task_id = project_with_tasks(1)["task_ids"][0]

    refused = _send(client, task_id, "approve")

    assert refused.status_code == 400
    assert refused.json["reason"] == (
        "the workflow 'default' has no such transition at all"
    )


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "event", "is required: the name of a workflow event."),
        ({"event": 3}, "event", "is required: the name of a workflow event."),
        ({"event": "accept", "comment": ["no"]}, "comment", "must be a string."),
        (
            {"event": "accept", "comment": "x" * 10_001},
            "comment",
            "must be at most 10000 characters long.",
        ),
        (
            {"event": "accept", "version": "3"},
            "version",
            "must be the task's version number, got '3'.",
        ),
        (
            {"event": "annotate"},
            "event",
            "'annotate' is sent by the server when annotations are saved or "
            "deleted; save or delete an annotation instead "
            "(/api/tasks/<id>/annotations).",
        ),
    ],
)
def test_a_malformed_transition_request_names_the_field(
    client, project_with_tasks, body, field, message
):
    task_id = project_with_tasks(1, workflow="review")["task_ids"][0]

    refused = client.post(f"/api/tasks/{task_id}/transitions", json=body)

    assert refused.status_code == 400
    assert refused.json["validation_errors"] == {field: [message]}


def test_a_stale_version_answers_409_and_changes_nothing(
    client, project_with_tasks, sections
):
    task_id = project_with_tasks(1, workflow="review")["task_ids"][0]
    _annotate(client, task_id, sections[0])
    seen = client.get(f"/api/tasks/{task_id}/transitions").json["task"]["version"]
    assert _send(client, task_id, "accept", version=seen).status_code == 200

    stale = _send(client, task_id, "reopen", version=seen)

    assert stale.status_code == 409
    assert stale.json["code"] == "task_changed"
    assert stale.json["detail"] == (
        f"Task {task_id} changed while this request was working on it (you sent "
        f"version {seen}; it is at version {seen + 1}, 'accepted'), so nothing was "
        f"saved. Reload the task and try again."
    )
    assert client.get(f"/api/tasks/{task_id}").json["state"] == "accepted"


@pytest.mark.postgres
def test_the_history_records_who_when_from_to_event_and_comment(
    client, project_with_tasks, sections
):
    task_id = project_with_tasks(1, workflow="review")["task_ids"][0]
    _annotate(client, task_id, sections[0])
    _send(client, task_id, "reject", comment="Wrong section")
    _send(client, task_id, "submit")
    _send(client, task_id, "accept", comment="Fine now")

    history = _history(client, task_id)

    assert [
        (item["event"], item["from_state"], item["to_state"], item["comment"])
        for item in history["events"]
    ] == [
        ("annotate", "unlabeled", "in_review", ""),
        ("reject", "in_review", "in_progress", "Wrong section"),
        ("submit", "in_progress", "in_review", ""),
        ("accept", "in_review", "accepted", "Fine now"),
    ]
    assert {item["actor"]["email"] for item in history["events"]} == {
        "admin@example.com"
    }
    assert all(item["created_at"].endswith("Z") for item in history["events"])
    assert history["replayed_state"] == history["task"]["state"] == "accepted"
    assert history["consistent"] is True


def test_a_self_transition_changes_nothing_and_logs_nothing(
    client, project_with_tasks, sections
):
    task_id = project_with_tasks(1, workflow="review")["task_ids"][0]
    _annotate(client, task_id, sections[0])

    answer = _send(client, task_id, "recount")

    assert answer.status_code == 200
    assert answer.json["changed"] is False
    assert answer.json["event"] is None
    assert len(_history(client, task_id)["events"]) == 1


def test_the_events_a_person_may_send_are_listed_with_their_targets(
    client, project_with_tasks, sections
):
    task_id = project_with_tasks(1, workflow="review")["task_ids"][0]
    _annotate(client, task_id, sections[0])

    listed = client.get(f"/api/tasks/{task_id}/transitions").json

    assert listed["task"]["state"] == "in_review"
    assert listed["role"] == "manager"
    assert listed["events"] == [
        {"event": "accept", "permitted": True, "target": "accepted"},
        {"event": "reject", "permitted": True, "target": "in_progress"},
    ]


def test_annotations_and_deletions_move_the_default_state_and_skips_do_not(
    client, project_with_tasks, sections
):
    task_id = project_with_tasks(1, maximum_annotations=2)["task_ids"][0]

    skip = client.post(
        f"/api/tasks/{task_id}/annotations", json={"was_cancelled": True}
    ).json
    after_skip = client.get(f"/api/tasks/{task_id}").json["state"]
    annotation = _annotate(client, task_id, sections[0])
    after_annotation = client.get(f"/api/tasks/{task_id}").json["state"]
    client.delete(f"/api/annotations/{annotation['id']}")
    after_deletion = client.get(f"/api/tasks/{task_id}").json["state"]
    client.delete(f"/api/annotations/{skip['id']}")

    assert (after_skip, after_annotation, after_deletion) == (
        "unlabeled",
        "in_progress",
        "unlabeled",
    )
    history = _history(client, task_id)
    assert [item["event"] for item in history["events"]] == ["annotate", "unannotate"]
    assert history["consistent"] is True


def test_a_declared_workflow_may_give_skipped_tasks_a_state(client, project_with_tasks):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    document = """
states:
  - {name: unlabeled, initial: true}
  - skipped
  - {name: done, final: true}
transitions:
  - {event: skip, source: [unlabeled, skipped], target: skipped}
  - {event: unskip, source: skipped, target: unlabeled, guard: no_annotations}
  - {event: unskip, source: skipped, target: skipped}
  - {event: annotate, source: [unlabeled, skipped], target: done}
"""
    declared = client.put(
        f"/api/projects/{project['id']}/workflow",
        json={"definition": document, "format": "yaml"},
    )
    assert declared.status_code == 200, declared.json

    skip = client.post(
        f"/api/tasks/{task_id}/annotations", json={"was_cancelled": True}
    ).json
    skipped = client.get(f"/api/tasks/{task_id}").json["state"]
    client.delete(f"/api/annotations/{skip['id']}")

    assert skipped == "skipped"
    assert client.get(f"/api/tasks/{task_id}").json["state"] == "unlabeled"
    assert [e["event"] for e in _history(client, task_id)["events"]] == [
        "skip",
        "unskip",
    ]


def test_an_annotation_the_workflow_refuses_is_not_saved(
    client, project_with_tasks, sections
):
    task_id = project_with_tasks(1, workflow="review")["task_ids"][0]
    _annotate(client, task_id, sections[0])
    _send(client, task_id, "accept")

    refused = client.post(
        f"/api/tasks/{task_id}/annotations/",
        json={"result": choice_result(sections[1])},
    )

    assert refused.status_code == 400
    assert refused.json["state"] == "accepted"
    assert refused.json["allowed_events"] == ["recount", "reopen"]
    task = client.get(f"/api/tasks/{task_id}").json
    assert (task["total_annotations"], len(task["annotations"])) == (1, 1)


@pytest.mark.postgres
def test_state_counts_follow_the_workflow(client, project_with_tasks, sections):
    project = project_with_tasks(4, workflow="review", maximum_annotations=1)
    first, second, third, _ = project["task_ids"]
    _annotate(client, first, sections[0])
    _annotate(client, second, sections[0])
    _send(client, second, "accept")
    client.post(f"/api/tasks/{third}/annotations", json={"was_cancelled": True})

    answer = client.get(f"/api/projects/{project['id']}/states").json

    assert answer["workflow"] == "review"
    assert answer["total"] == 4
    assert [(s["name"], s["count"]) for s in answer["states"]] == [
        ("unlabeled", 2),
        ("in_progress", 0),
        ("in_review", 1),
        ("accepted", 1),
    ]
    assert answer["unknown_states"] == {}


def test_switching_keeps_states_both_workflows_have(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    _annotate(client, project["task_ids"][0], sections[0])
    assert _counts(client, project["id"])["completed"] == 1

    refused = client.put(
        f"/api/projects/{project['id']}/workflow", json={"workflow": "review"}
    )

    assert refused.status_code == 400
    assert refused.json["code"] == "states_not_in_workflow"
    assert refused.json["stranded"] == {"completed": 1}
    assert refused.json["detail"] == (
        "The workflow 'review' has no state for tasks now 1 in 'completed'. Send a "
        "state_map that maps each of these states to one of 'unlabeled', "
        "'in_progress', 'in_review', 'accepted'."
    )
    assert client.get(f"/api/projects/{project['id']}").json["workflow"] == "default"


@pytest.mark.postgres
def test_switching_with_a_state_map_moves_and_logs_the_tasks(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    task_id = project["task_ids"][0]
    _annotate(client, task_id, sections[0])

    switched = client.put(
        f"/api/projects/{project['id']}/workflow",
        json={"workflow": "review", "state_map": {"completed": "in_review"}},
    )

    assert switched.status_code == 200, switched.json
    assert switched.json["moved"] == {"completed": 1}
    assert switched.json["workflow"]["name"] == "review"
    assert _counts(client, project["id"])["in_review"] == 1
    history = _history(client, task_id)
    assert [(e["event"], e["to_state"]) for e in history["events"]][-1] == (
        "change_workflow",
        "in_review",
    )
    assert history["consistent"] is True
    assert _send(client, task_id, "accept").json["task"]["state"] == "accepted"


def test_a_state_map_into_a_state_the_workflow_lacks_is_refused(
    client, project_with_tasks
):
    project = project_with_tasks(1)

    refused = client.put(
        f"/api/projects/{project['id']}/workflow",
        json={"workflow": "review", "state_map": {"completed": "done"}},
    )

    assert refused.status_code == 400
    assert refused.json["detail"] == (
        "The state map sends 'completed' to 'done', which is not a state of the "
        "workflow 'review'; its states are 'unlabeled', 'in_progress', "
        "'in_review', 'accepted'."
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"workflow": "triage"},
            "Invalid workflow: no installed workflow 'triage'; installed: 'default', "
            "'review'. To give the project a workflow of its own, send it as "
            '"definition".',
        ),
        (
            {},
            'Send either "workflow" (the name of an installed workflow) or '
            '"definition" (the project\'s own workflow), not both or neither.',
        ),
        (
            {"workflow": "review", "state_map": ["x"]},
            "Invalid state_map: must be an object mapping old states to new ones.",
        ),
    ],
)
def test_a_bad_switch_request_is_refused(client, project_with_tasks, body, message):
    project = project_with_tasks(1)

    refused = client.put(f"/api/projects/{project['id']}/workflow", json=body)

    assert refused.status_code == 400
    assert refused.json["detail"] == message


@pytest.mark.postgres
def test_a_project_declares_its_own_workflow_in_json(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)

    declared = client.put(
        f"/api/projects/{project['id']}/workflow",
        json={"definition": TWO_PASS, "state_map": {"unlabeled": "todo"}},
    )

    assert declared.status_code == 200, declared.json
    assert declared.json["workflow"]["name"] == f"project:{project['id']}"
    assert declared.json["workflow"]["declared"] is True
    assert declared.json["moved"] == {"unlabeled": 2}
    task_id = project["task_ids"][0]
    _annotate(client, task_id, sections[0])
    assert client.get(f"/api/tasks/{task_id}").json["state"] == "checked"
    signed = _send(client, task_id, "sign")
    assert signed.json["task"]["state"] == "signed", signed.json
    read = client.get(f"/api/projects/{project['id']}/workflow").json
    assert read["counts"]["states"][0] == {
        "name": "todo",
        "title": "todo",
        "initial": True,
        "final": False,
        "review": False,
        "count": 1,
    }
    assert _history(client, task_id)["consistent"] is True


def test_a_project_declares_its_own_workflow_in_yaml(client, project_with_tasks):
    project = project_with_tasks(1)
    document = """
states:
  - {name: unlabeled, initial: true}
  - {name: done, final: true}
transitions:
  - {event: annotate, source: unlabeled, target: done}
"""

    declared = client.put(
        f"/api/projects/{project['id']}/workflow",
        json={"definition": document, "format": "yaml"},
    )

    assert declared.status_code == 200, declared.json
    assert [s["name"] for s in declared.json["workflow"]["states"]] == [
        "unlabeled",
        "done",
    ]
    assert declared.json["moved"] == {}


def test_a_declared_workflow_is_validated_when_saved_naming_each_problem(
    client, project_with_tasks
):
    project = project_with_tasks(1)
    broken = {
        "states": [{"name": "todo", "initial": True}, "checked", "lost"],
        "transitions": [
            {"event": "annotate", "source": "todo", "target": "checked"},
            {"event": "back", "source": "checked", "target": "todo"},
            {"event": "close", "source": "lost", "target": "todo", "guard": "ready"},
        ],
    }

    refused = client.put(
        f"/api/projects/{project['id']}/workflow", json={"definition": broken}
    )

    assert refused.status_code == 400
    assert refused.json["code"] == "invalid_workflow"
    name = f"project:{project['id']}"
    assert refused.json["validation_errors"]["definition"] == [
        f"Workflow '{name}': The transition 'close' from 'lost' to 'todo' names "
        f"the guard 'ready', which neither the workflow nor the core provides. Use "
        f"one of 'no_completed_annotations', 'has_completed_annotations', "
        f"'fewer_than_overlap', 'overlap_reached', 'only_skips', 'no_annotations', "
        f"'has_comment' or remove it."
    ]
    broken["transitions"][2].pop("guard")

    unreachable = client.put(
        f"/api/projects/{project['id']}/workflow", json={"definition": broken}
    )

    assert unreachable.json["validation_errors"]["definition"] == [
        f"Workflow '{name}': The state 'lost' cannot be reached from the initial "
        f"state 'todo'; add a transition into it or remove it."
    ]
    assert client.get(f"/api/projects/{project['id']}").json["workflow"] == "default"


def test_a_workflow_document_can_be_validated_without_saving(client):
    valid = client.post("/api/workflows/validate", json={"definition": TWO_PASS})
    broken = client.post(
        "/api/workflows/validate",
        json={"definition": "states: [", "format": "yaml"},
    )
    missing = client.post("/api/workflows/validate", json={})

    assert valid.status_code == 200
    assert valid.json["workflow"]["states"][1]["title"] == "Checked once"
    assert broken.status_code == 400
    assert broken.json["detail"].startswith(
        "Invalid workflow: The workflow document is not valid YAML at line 1"
    )
    assert missing.json["validation_errors"]["definition"][0].startswith("is required")


def test_the_catalog_lists_workflows_guards_effects_and_roles(client):
    catalog = client.get("/api/workflows/").json

    assert [workflow["name"] for workflow in catalog["workflows"]] == [
        "default",
        "review",
    ]
    assert "has_comment" in [guard["name"] for guard in catalog["guards"]]
    assert "release_lock" in [effect["name"] for effect in catalog["effects"]]
    assert catalog["roles"] == ["annotator", "reviewer", "manager"]


def test_another_organizations_task_is_not_found(app, client, project_with_tasks):
    from labelcore.accounts import create_user
    from labelcore.models import Membership, Organization, User, db

    task_id = project_with_tasks(1, workflow="review")["task_ids"][0]
    with app.app_context():
        outsider, token = create_user("outsider@example.com", "outsider-password")
        other = Organization(title="Elsewhere")
        db.session.add(other)
        db.session.flush()
        db.session.query(Membership).filter_by(user_id=outsider.id).update(
            {"organization_id": other.id}
        )
        db.session.get(User, outsider.id).active_organization_id = other.id
        db.session.commit()
    stranger = app.test_client()
    stranger.environ_base["HTTP_AUTHORIZATION"] = f"Token {token}"

    assert _send(stranger, task_id, "accept").status_code == 404
    assert stranger.get(f"/api/tasks/{task_id}/history").status_code == 404
