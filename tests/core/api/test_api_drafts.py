"""Drafts: an annotator's unsubmitted answers, private to them, gone on submit."""

import pytest

from tests.core.api.debian_packages import choice_result

pytestmark = pytest.mark.postgres


def _draft(client, task_id, result, **fields):
    response = client.post(
        f"/api/tasks/{task_id}/drafts", json={"result": result, **fields}
    )
    assert response.status_code == 201, response.json
    return response.json


def test_a_draft_is_saved_changed_listed_and_removed(
    client, project_with_tasks, sections
):
    project = project_with_tasks(2)
    task_id = project["task_ids"][0]

    draft = _draft(client, task_id, choice_result(sections[0]), lead_time=3.5)
    changed = client.patch(
        f"/api/drafts/{draft['id']}",
        json={"result": choice_result(sections[1]), "lead_time": 7},
    )

    assert changed.status_code == 200
    assert changed.json["result"] == choice_result(sections[1])
    assert changed.json["lead_time"] == 7.0
    assert (draft["task"], draft["project"]) == (task_id, project["id"])
    listed = client.get(f"/api/tasks/{task_id}/drafts").json
    assert [each["id"] for each in listed] == [draft["id"]]
    assert client.get(f"/api/drafts/{draft['id']}").json["result"] == (
        choice_result(sections[1])
    )

    assert client.delete(f"/api/drafts/{draft['id']}").status_code == 204
    assert client.get(f"/api/drafts/{draft['id']}").status_code == 404
    assert client.get(f"/api/tasks/{task_id}/drafts").json == []


def test_another_annotators_draft_is_not_there_for_them(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    draft = _draft(client, task_id, choice_result(sections[0]))
    other = annotator_client()

    assert other.get(f"/api/drafts/{draft['id']}").status_code == 404
    assert other.patch(f"/api/drafts/{draft['id']}", json={}).status_code == 404
    assert other.delete(f"/api/drafts/{draft['id']}").status_code == 404
    assert other.get(f"/api/tasks/{task_id}/drafts").json == []
    mine = _draft(other, task_id, [])
    assert [each["id"] for each in client.get(f"/api/tasks/{task_id}/drafts").json] == [
        draft["id"]
    ]
    assert [each["id"] for each in other.get(f"/api/tasks/{task_id}/drafts").json] == [
        mine["id"]
    ]


def test_submitting_the_task_ends_its_draft(client, project_with_tasks, sections):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    _draft(client, task_id, choice_result(sections[0]))

    response = client.post(
        f"/api/tasks/{task_id}/annotations",
        json={"result": choice_result(sections[0])},
    )

    assert response.status_code == 201
    assert client.get(f"/api/tasks/{task_id}/drafts").json == []


def test_a_draft_of_changes_lives_until_its_annotation_is_saved(
    client, project_with_tasks, sections
):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    annotation = client.post(
        f"/api/tasks/{task_id}/annotations",
        json={"result": choice_result(sections[0])},
    ).json

    draft = _draft(
        client, task_id, choice_result(sections[1]), annotation=annotation["id"]
    )
    assert [each["id"] for each in client.get(f"/api/tasks/{task_id}/drafts").json] == [
        draft["id"]
    ]
    assert draft["annotation"] == annotation["id"]

    client.patch(
        f"/api/annotations/{annotation['id']}/",
        json={"result": choice_result(sections[1])},
    )
    assert client.get(f"/api/tasks/{task_id}/drafts").json == []


def test_a_draft_names_what_it_got_wrong(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(2)
    first, second = project["task_ids"]
    annotation = client.post(
        f"/api/tasks/{first}/annotations",
        json={"result": choice_result(sections[0])},
    ).json

    not_a_list = client.post(f"/api/tasks/{first}/drafts", json={"result": "yes"})
    negative = client.post(f"/api/tasks/{first}/drafts", json={"lead_time": -1})
    wrong_task = client.post(
        f"/api/tasks/{second}/drafts", json={"annotation": annotation["id"]}
    )
    others = annotator_client().post(
        f"/api/tasks/{first}/drafts", json={"annotation": annotation["id"]}
    )

    assert not_a_list.status_code == 400
    assert "result" in not_a_list.json["validation_errors"]
    assert "lead_time" in negative.json["validation_errors"]
    assert "not yours" in wrong_task.json["validation_errors"]["annotation"][0]
    assert others.status_code == 400


def test_recent_annotations_come_newest_first_with_their_tasks(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(3)
    first, second, third = project["task_ids"]
    for task_id in (first, second):
        client.post(
            f"/api/tasks/{task_id}/annotations",
            json={"result": choice_result(sections[0])},
        )
    client.post(f"/api/tasks/{third}/annotations", json={"was_cancelled": True})
    other = annotator_client()
    other.post(
        f"/api/tasks/{first}/annotations", json={"result": choice_result(sections[1])}
    )

    recent = client.get(f"/api/projects/{project['id']}/my-annotations").json
    theirs = other.get(f"/api/projects/{project['id']}/my-annotations").json

    assert [entry["task"]["id"] for entry in recent] == [third, second, first]
    assert recent[0]["annotation"]["was_cancelled"] is True
    assert recent[1]["task"]["data"]
    assert [entry["task"]["id"] for entry in theirs] == [first]
    limited = client.get(f"/api/projects/{project['id']}/my-annotations?page_size=1")
    assert len(limited.json) == 1


def test_a_draft_of_changes_through_the_annotations_path(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    annotation = client.post(
        f"/api/tasks/{task_id}/annotations",
        json={"result": choice_result(sections[0])},
    ).json

    response = client.post(
        f"/api/annotations/{annotation['id']}/drafts",
        json={"result": choice_result(sections[1])},
    )
    others = annotator_client().post(
        f"/api/annotations/{annotation['id']}/drafts", json={"result": []}
    )

    assert response.status_code == 201
    assert (response.json["annotation"], response.json["task"]) == (
        annotation["id"],
        task_id,
    )
    assert others.status_code in (400, 404)


def test_the_stream_hands_out_the_task_with_its_draft_and_a_submit_deletes_it(
    app, client, project_with_tasks, sections
):
    from labelcore.models import db
    from labelcore.models.drafts import AnnotationDraft

    project = project_with_tasks(1)
    task_id = project["task_ids"][0]
    draft = _draft(client, task_id, choice_result(sections[0]))

    handed = client.get(f"/api/projects/{project['id']}/next/").json
    submitted = client.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice_result(sections[0])}
    )

    assert [each["id"] for each in handed["drafts"]] == [draft["id"]]
    assert submitted.status_code == 201, submitted.json
    with app.app_context():
        assert db.session.get(AnnotationDraft, draft["id"]) is None
