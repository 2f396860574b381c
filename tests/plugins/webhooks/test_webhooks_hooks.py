"""The webhooks plugin hears the core's ``on_*`` hooks, including the
changes no ORM flush shows (the data manager's bulk deletion), and its
session events leave an app that has not loaded it alone."""

from __future__ import annotations

import sqlalchemy as sa

from tests.core.permissions.people import CHOICES_CONFIG, choice


def _project(client, title="Hooked"):
    created = client.post(
        "/api/projects/", json={"title": title, "label_config": CHOICES_CONFIG}
    )
    assert created.status_code == 201, created.json
    return created.json


def _webhook(client, url, **fields):
    made = client.post("/api/webhooks/", json={"url": url, **fields})
    assert made.status_code == 201, made.json
    return made.json


def test_a_bulk_deletion_from_the_data_manager_lists_every_task(admin, receiver):
    project = _project(admin)
    imported = admin.post(
        f"/api/projects/{project['id']}/import?return_task_ids=true",
        json=[{"text": f"Text {number}."} for number in range(5)],
    )
    task_ids = imported.json["task_ids"]
    _webhook(admin, receiver.url, project=project["id"], actions=["TASKS_DELETED"])

    deleted = admin.post(
        f"/api/dm/actions?id=delete_tasks&project={project['id']}",
        json={"selectedItems": {"all": False, "included": task_ids[:3]}},
    )
    received = receiver.wait_for(1)

    assert deleted.status_code == 200, deleted.json
    body = received[0]["json"]
    assert body["action"] == "TASKS_DELETED"
    assert sorted(task["id"] for task in body["tasks"]) == sorted(task_ids[:3])
    assert body["project"]["id"] == project["id"]


def test_a_task_made_through_the_api_and_a_project_change_are_told(admin, receiver):
    _webhook(
        admin,
        receiver.url,
        actions=["PROJECT_CREATED", "PROJECT_UPDATED", "TASKS_CREATED"],
    )
    project = _project(admin, "Told")
    made = admin.post(
        "/api/tasks/", json={"project": project["id"], "data": {"text": "One."}}
    )
    admin.patch(f"/api/projects/{project['id']}/", json={"title": "Renamed"})
    received = receiver.wait_for(3)

    assert made.status_code == 201, made.json
    by_action = {item["json"]["action"]: item["json"] for item in received}
    assert by_action["PROJECT_CREATED"]["project"]["id"] == project["id"]
    assert by_action["TASKS_CREATED"]["tasks"][0]["id"] == made.json["id"]
    assert by_action["PROJECT_UPDATED"]["project"]["title"] == "Renamed"


def test_a_deleted_project_is_told_to_the_organizations_webhooks(admin, receiver):
    project = _project(admin, "Short-lived")
    _webhook(admin, receiver.url, actions=["PROJECT_DELETED"])

    admin.delete(f"/api/projects/{project['id']}/")
    received = receiver.wait_for(1)

    assert received[0]["json"]["action"] == "PROJECT_DELETED"
    assert received[0]["json"]["project"]["title"] == "Short-lived"


def test_a_bare_flask_app_commits_through_the_session_untouched(tmp_path):
    import labelcore_webhooks.plugin  # noqa: F401  (attaches the session events)
    from flask import Flask

    from labelcore.models import Organization, Project, db

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'bare.sqlite3'}"
    db.init_app(app)

    with app.app_context():
        db.create_all()
        organization = Organization(title="Bare")
        db.session.add(organization)
        db.session.flush()
        db.session.add(Project(organization_id=organization.id, title="Kept"))
        db.session.commit()
        db.session.add(Project(organization_id=organization.id, title="Dropped"))
        db.session.rollback()
        titles = db.session.execute(sa.select(Project.title)).scalars().all()
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()

    assert titles == ["Kept"]


def test_a_rejection_carries_the_reviewers_comment(admin, receiver):
    created = admin.post(
        "/api/projects/",
        json={
            "title": "Reviewed",
            "label_config": CHOICES_CONFIG,
            "workflow": "review",
            "maximum_annotations": 1,
        },
    )
    project_id = created.json["id"]
    imported = admin.post(
        f"/api/projects/{project_id}/import?return_task_ids=true",
        json=[{"text": "Reviewed text."}],
    )
    [task_id] = imported.json["task_ids"]
    admin.post(f"/api/tasks/{task_id}/annotations", json={"result": choice()})
    _webhook(admin, receiver.url, project=project_id, actions=["TASK_TRANSITIONED"])

    rejected = admin.post(
        f"/api/tasks/{task_id}/transitions/",
        json={"event": "reject", "comment": "Section is wrong"},
    )
    received = receiver.wait_for(1)

    assert rejected.status_code == 200, rejected.json
    body = received[0]["json"]
    assert body["event"] == "reject"
    assert body["comment"] == "Section is wrong"
    assert body["task"]["id"] == task_id
