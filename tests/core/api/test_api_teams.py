"""Organizations and project roles: who sees and changes what."""

from __future__ import annotations

import pytest

from tests.core.permissions.people import choice, person, project_with_task


@pytest.fixture
def manager(app):
    return person(app, "manager")


@pytest.fixture
def world(app, client, manager):
    """A project of the default organization, its manager, an annotator, a
    reviewer, and an owner of another organization."""
    project, task_id = project_with_task(manager)
    return {
        "project": project,
        "task_id": task_id,
        "manager": manager,
        "annotator": person(app, "annotator"),
        "reviewer": person(app, "reviewer"),
        "stranger": person(app, "owner", organization="Other team"),
    }


def _annotate(client, task_id, value="positive"):
    response = client.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice(value)}
    )
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.postgres
def test_another_organization_sees_nothing_and_gets_404(world):
    stranger, project = world["stranger"], world["project"]
    project_id, task_id = project["id"], world["task_id"]

    assert stranger.get("/api/projects/").json["count"] == 0
    for path in (
        f"/api/projects/{project_id}/",
        f"/api/projects/{project_id}/export?exportType=JSON",
        f"/api/tasks/{task_id}/",
        f"/api/tasks/?project={project_id}",
    ):
        answer = stranger.get(path)
        assert answer.status_code == 404, (path, answer.json)
    assert stranger.delete(f"/api/projects/{project_id}/").status_code == 404
    assert world["manager"].get(f"/api/projects/{project_id}/").status_code == 200


def test_an_annotator_labels_but_may_not_manage(world):
    annotator, project = world["annotator"], world["project"]
    project_id = project["id"]

    assert annotator.get(f"/api/projects/{project_id}/").status_code == 200
    assert annotator.get(f"/api/projects/{project_id}/next/").status_code == 200
    _annotate(annotator, world["task_id"])

    refused = annotator.patch(f"/api/projects/{project_id}/", json={"title": "Mine"})
    assert refused.status_code == 403
    assert refused.json["code"] == "permission_denied"
    assert "manager" in refused.json["detail"]
    assert annotator.get(f"/api/projects/{project_id}/export").status_code == 403
    assert (
        annotator.post(f"/api/projects/{project_id}/import", json=[{"text": "x"}])
    ).status_code == 403
    assert annotator.delete(f"/api/projects/{project_id}/").status_code == 403
    assert annotator.get(f"/api/tasks/?project={project_id}").status_code == 403
    assert annotator.post("/api/projects/", json={"title": "New"}).status_code == 403


def test_an_annotator_sees_only_their_own_annotations_unless_the_project_says(
    world,
):
    annotator, reviewer, manager = (
        world["annotator"],
        world["reviewer"],
        world["manager"],
    )
    task_id, project_id = world["task_id"], world["project"]["id"]
    others = _annotate(manager, task_id, "negative")
    mine = _annotate(annotator, task_id, "positive")

    def listed(client):
        return [
            item["id"]
            for item in client.get(f"/api/tasks/{task_id}/").json["annotations"]
        ]

    assert listed(annotator) == [mine["id"]]
    assert [
        item["id"] for item in annotator.get(f"/api/tasks/{task_id}/annotations/").json
    ] == [mine["id"]]
    assert annotator.get(f"/api/annotations/{others['id']}/").status_code == 404
    assert (
        annotator.patch(f"/api/annotations/{others['id']}/", json={"result": []})
    ).status_code == 404
    assert listed(reviewer) == [others["id"], mine["id"]]

    shown = manager.patch(
        f"/api/projects/{project_id}/access/", json={"annotators_see_others": True}
    )
    assert shown.status_code == 200, shown.json
    assert listed(annotator) == [others["id"], mine["id"]]
    changed = annotator.patch(
        f"/api/annotations/{others['id']}/", json={"result": choice("positive")}
    )
    assert changed.status_code == 403


def test_an_annotator_changes_their_own_annotation(world):
    annotator = world["annotator"]
    mine = _annotate(annotator, world["task_id"])

    changed = annotator.patch(
        f"/api/annotations/{mine['id']}/", json={"result": choice("negative")}
    )

    assert changed.status_code == 200, changed.json
    assert annotator.delete(f"/api/annotations/{mine['id']}/").status_code == 204


def test_a_restricted_project_vanishes_for_those_not_listed(world):
    manager, annotator, reviewer = (
        world["manager"],
        world["annotator"],
        world["reviewer"],
    )
    project_id = world["project"]["id"]

    restricted = manager.patch(
        f"/api/projects/{project_id}/access/", json={"restricted": True}
    )
    listed = manager.post(
        f"/api/projects/{project_id}/members/",
        json={"user": reviewer.user_id, "role": "reviewer"},
    )

    assert restricted.status_code == 200, restricted.json
    assert listed.status_code == 201, listed.json
    assert annotator.get("/api/projects/").json["count"] == 0
    assert annotator.get(f"/api/projects/{project_id}/").status_code == 404
    assert annotator.get(f"/api/tasks/{world['task_id']}/").status_code == 404
    assert reviewer.get("/api/projects/").json["count"] == 1
    assert reviewer.get(f"/api/tasks/?project={project_id}").status_code == 200
    assert manager.get(f"/api/projects/{project_id}/").status_code == 200


def test_a_project_member_role_overrides_the_organization_role(app, world):
    manager, annotator = world["manager"], world["annotator"]
    project_id = world["project"]["id"]

    raised = manager.post(
        f"/api/projects/{project_id}/members/",
        json={"user": annotator.user_id, "role": "manager"},
    )

    assert raised.status_code == 201
    assert annotator.get(f"/api/projects/{project_id}/export").status_code == 200
    assert (
        manager.delete(f"/api/projects/{project_id}/members/{annotator.user_id}/")
    ).status_code == 204
    assert annotator.get(f"/api/projects/{project_id}/export").status_code == 403


def test_only_members_of_the_organization_can_be_listed(world):
    manager, stranger = world["manager"], world["stranger"]

    refused = manager.post(
        f"/api/projects/{world['project']['id']}/members/",
        json={"user": stranger.user_id, "role": "annotator"},
    )

    assert refused.status_code == 400
    assert "not a member of this project's organization" in refused.json["detail"]


def test_roles_change_only_by_administrators_and_the_last_owner_stays(client, world):
    annotator, manager = world["annotator"], world["manager"]
    organization_id = client.get("/api/current-user").json["active_organization"]
    path = f"/api/organizations/{organization_id}/memberships"

    by_manager = manager.patch(
        f"{path}/{annotator.user_id}/", json={"role": "reviewer"}
    )
    by_owner = client.patch(f"{path}/{annotator.user_id}/", json={"role": "reviewer"})
    admin_id = client.get("/api/current-user").json["id"]
    last_owner = client.patch(f"{path}/{admin_id}/", json={"role": "annotator"})
    bad_role = client.patch(f"{path}/{annotator.user_id}/", json={"role": "boss"})

    assert by_manager.status_code == 403
    assert by_owner.status_code == 200
    access = f"/api/projects/{world['project']['id']}/access/"
    assert annotator.get(access).json["your_role"] == "reviewer"
    assert manager.get(access).json["your_role"] == "manager"
    assert by_owner.json["role"] == "reviewer"
    assert last_owner.status_code == 400
    assert last_owner.json["code"] == "last_owner"
    assert bad_role.status_code == 400
    assert "'boss'" in bad_role.json["detail"]
    members = client.get(path).json
    assert {item["user"]["id"]: item["role"] for item in members["results"]}[
        annotator.user_id
    ] == "reviewer"


def test_a_removed_member_loses_the_organization(client, world):
    annotator, project_id = world["annotator"], world["project"]["id"]
    organization_id = client.get("/api/current-user").json["active_organization"]

    removed = client.delete(
        f"/api/organizations/{organization_id}/memberships/{annotator.user_id}/"
    )

    assert removed.status_code == 204
    assert annotator.get(f"/api/projects/{project_id}/").status_code == 404


def test_invite_links_add_members_with_their_role(app, client):
    organization_id = client.get("/api/current-user").json["active_organization"]
    invite = client.post(
        f"/api/organizations/{organization_id}/invites", json={"role": "reviewer"}
    )
    assert invite.status_code == 201, invite.json
    token = invite.json["token"]
    assert invite.json["invite_url"].endswith(f"?token={token}")

    newcomer = app.test_client()
    signed_up = newcomer.post(
        "/api/auth/signup",
        json={"email": "new@example.com", "password": "long-password", "invite": token},
    )

    assert signed_up.status_code == 201, signed_up.json
    me = newcomer.get("/api/current-user").json
    assert (me["email"], me["role"]) == ("new@example.com", "reviewer")
    assert me["active_organization"] == organization_id

    revoked = client.post("/api/invite/revoke", json={"token": token})
    assert revoked.status_code == 200
    again = app.test_client().post(
        "/api/auth/signup",
        json={
            "email": "late@example.com",
            "password": "long-password",
            "invite": token,
        },
    )
    assert again.status_code == 400
    assert again.json["code"] == "invite_invalid"


def test_an_invite_link_tells_anyone_holding_it_where_it_leads(app, client):
    me = client.get("/api/current-user").json
    made = client.post(
        f"/api/organizations/{me['active_organization']}/invites",
        json={"role": "annotator", "email": "guest@example.com"},
    ).json
    anonymous = app.test_client()

    preview = anonymous.get(f"/api/invite/info?token={made['token']}")
    client.post("/api/invite/revoke", json={"token": made["token"]})
    revoked = anonymous.get(f"/api/invite/info?token={made['token']}")
    unknown = anonymous.get("/api/invite/info?token=not-a-token")

    assert preview.status_code == 200, preview.json
    assert preview.json["organization"]["id"] == me["active_organization"]
    assert preview.json["role"] == "annotator"
    assert preview.json["email"] == "guest@example.com"
    assert "token" not in preview.json
    assert (revoked.status_code, revoked.json["code"]) == (400, "invite_invalid")
    assert (unknown.status_code, unknown.json["code"]) == (400, "invite_invalid")


def test_a_user_in_two_organizations_switches_between_them(app, client, world):
    stranger = world["stranger"]
    organization_id = client.get("/api/current-user").json["active_organization"]
    token = client.post(
        f"/api/organizations/{organization_id}/invites", json={"role": "manager"}
    ).json["token"]

    accepted = stranger.post("/api/invite/accept", json={"token": token})

    assert accepted.status_code == 200, accepted.json
    organizations = stranger.get("/api/organizations/").json
    assert len(organizations) == 2
    assert stranger.get("/api/projects/").json["count"] == 1
    other = next(item for item in organizations if not item["active"])
    switched = stranger.post(f"/api/organizations/{other['id']}/switch")
    assert switched.status_code == 200
    assert stranger.get("/api/projects/").json["count"] == 0
    assert stranger.get(f"/api/projects/{world['project']['id']}/").status_code == 404


def test_an_organization_of_which_one_is_no_member_is_404(client, world):
    stranger_org = (
        world["stranger"].get("/api/current-user").json["active_organization"]
    )

    assert client.get(f"/api/organizations/{stranger_org}").status_code == 404
    assert (
        client.get(f"/api/organizations/{stranger_org}/memberships").status_code == 404
    )
    assert client.post(f"/api/organizations/{stranger_org}/switch").status_code == 404


def test_administrative_actions_are_in_the_audit_log(client, world):
    manager, annotator = world["manager"], world["annotator"]
    project_id = world["project"]["id"]
    organization_id = client.get("/api/current-user").json["active_organization"]
    manager.post(
        f"/api/projects/{project_id}/members/",
        json={"user": annotator.user_id, "role": "reviewer"},
    )
    client.patch(
        f"/api/organizations/{organization_id}/memberships/{annotator.user_id}/",
        json={"role": "manager"},
    )
    client.post("/api/tokens/", json={"name": "ci"})
    manager.delete(f"/api/projects/{project_id}/")

    log = client.get(f"/api/organizations/{organization_id}/audit-log").json
    actions = [entry["action"] for entry in log]

    assert actions[:4] == [
        "project.deleted",
        "token.created",
        "member.role_changed",
        "project_member.added",
    ]
    assert log[0]["actor"] == manager.user_id
    assert log[0]["project"] == project_id
    assert (
        annotator.get(f"/api/organizations/{organization_id}/audit-log").status_code
        == 403
    )


def test_the_label_stream_shows_an_annotator_no_one_elses_annotation(app, world):
    manager, annotator = world["manager"], world["annotator"]
    project_id, task_id = world["project"]["id"], world["task_id"]
    manager.patch(f"/api/projects/{project_id}/", json={"maximum_annotations": 2})
    _annotate(manager, task_id, "negative")

    handed = annotator.get(f"/api/projects/{project_id}/next/")

    assert handed.status_code == 200, handed.json
    assert handed.json["id"] == task_id
    assert handed.json["annotations"] == []
    assert handed.json["total_annotations"] == 1


def test_a_job_of_a_project_is_its_managers(app, world):
    manager, annotator, stranger = (
        world["manager"],
        world["annotator"],
        world["stranger"],
    )
    project_id = world["project"]["id"]
    snapshot = manager.post(f"/api/projects/{project_id}/exports/", json={})
    job_id = snapshot.json.get("job", {}).get("id") if snapshot.is_json else None
    jobs = manager.get(f"/api/jobs/?project={project_id}").json
    job_id = job_id or jobs[0]["id"]

    assert manager.get(f"/api/jobs/{job_id}/").status_code == 200
    assert annotator.get(f"/api/jobs/{job_id}/").status_code == 403
    assert stranger.get(f"/api/jobs/{job_id}/").status_code == 404
    assert annotator.get(f"/api/jobs/?project={project_id}").status_code == 403


def test_storages_made_changed_and_removed_are_in_the_audit_log(make_app, tmp_path):
    from tests.support.credentials import ADMIN_TOKEN

    files = tmp_path / "files" / "photos"
    files.mkdir(parents=True)
    app = make_app(local_files_root=str(files.parent))
    owner = app.test_client()
    owner.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project, _ = project_with_task(owner)
    organization_id = owner.get("/api/current-user").json["active_organization"]

    made = owner.post(
        "/api/storages/localfiles",
        json={"project": project["id"], "path": str(files), "title": "Photos"},
    )
    assert made.status_code == 201, made.json
    storage_id = made.json["id"]
    owner.patch(f"/api/storages/localfiles/{storage_id}", json={"title": "Pictures"})
    owner.delete(f"/api/storages/localfiles/{storage_id}")

    log = owner.get(f"/api/organizations/{organization_id}/audit-log").json
    storage_entries = [
        (entry["action"], entry["object_id"])
        for entry in log
        if entry["object_type"] == "storage"
    ]

    assert storage_entries == [
        ("storage.deleted", str(storage_id)),
        ("storage.updated", str(storage_id)),
        ("storage.created", str(storage_id)),
    ]


def test_paging_numbers_past_what_a_database_holds_are_answered_not_500(client):
    organization_id = client.get("/api/current-user").json["active_organization"]
    huge = 2**70

    members = client.get(
        f"/api/organizations/{organization_id}/memberships?page={huge}"
    )
    log = client.get(f"/api/organizations/{organization_id}/audit-log?before={huge}")

    assert members.status_code == 400
    assert "page" in members.json["validation_errors"]
    assert log.status_code == 200
    assert (
        log.json == client.get(f"/api/organizations/{organization_id}/audit-log").json
    )
