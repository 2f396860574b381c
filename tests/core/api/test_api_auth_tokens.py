"""API tokens listed, created with an expiry and revoked; personal access
tokens through Label Studio's refresh flow, also with label-studio-sdk."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests

from tests.core.permissions.people import person


def _bearer(app, access: str):
    return app.test_client().get(
        "/api/current-user/whoami", headers={"Authorization": f"Bearer {access}"}
    )


def test_a_token_is_created_listed_and_revoked(app, client):
    created = client.post("/api/tokens/", json={"name": "ci", "expires_in_days": 30})
    assert created.status_code == 201, created.json
    value = created.json["token"]
    anonymous = app.test_client()
    headers = {"Authorization": f"Token {value}"}

    assert anonymous.get("/api/projects/", headers=headers).status_code == 200
    listed = {item["id"]: item for item in client.get("/api/tokens/").json}
    row = listed[created.json["id"]]
    assert row["name"] == "ci"
    assert row["expires_at"] is not None
    assert value not in str(listed)

    assert client.delete(f"/api/tokens/{row['id']}/").status_code == 204
    assert anonymous.get("/api/projects/", headers=headers).status_code == 401


def test_an_expired_token_is_refused(app, client):
    from labelcore.models import ApiToken, db, utcnow

    created = client.post("/api/tokens/", json={"expires_in_days": 1}).json
    with app.app_context():
        db.session.get(ApiToken, created["id"]).expires_at = utcnow() - timedelta(
            seconds=1
        )
        db.session.commit()

    refused = app.test_client().get(
        "/api/projects/", headers={"Authorization": f"Token {created['token']}"}
    )
    assert refused.status_code == 401


def test_a_token_expiry_in_the_past_or_malformed_is_refused(client):
    past = client.post("/api/tokens/", json={"expires_at": "2001-01-01T00:00:00Z"})
    malformed = client.post("/api/tokens/", json={"expires_in_days": "soon"})
    kind = client.post("/api/tokens/", json={"kind": "magic"})

    assert past.status_code == 400
    assert "future" in past.json["detail"]
    assert malformed.status_code == 400
    assert kind.status_code == 400


def test_someone_elses_token_cannot_be_revoked(app, client):
    other = person(app, "annotator")
    theirs = other.post("/api/tokens/", json={"name": "mine"}).json

    assert client.delete(f"/api/tokens/{theirs['id']}/").status_code == 404
    assert other.get("/api/projects/").status_code == 200


def test_a_personal_token_refreshes_into_a_bearer_access_token(app, client):
    created = client.post("/api/token/", json={})
    assert created.status_code == 201, created.json
    refresh = created.json["token"]

    answer = app.test_client().post("/api/token/refresh/", json={"refresh": refresh})

    assert answer.status_code == 200, answer.json
    whoami = _bearer(app, answer.json["access"])
    assert whoami.status_code == 200
    assert whoami.json["email"] == client.get("/api/current-user").json["email"]
    listed = client.get("/api/token/").json
    assert listed[0]["token"].startswith("…")
    assert refresh not in str(listed)


def test_an_access_token_is_not_a_refresh_token_and_a_refresh_token_not_a_bearer(
    app, client
):
    refresh = client.post("/api/token/", json={}).json["token"]
    access = app.test_client().post("/api/token/refresh/", json={"refresh": refresh})

    as_refresh = app.test_client().post(
        "/api/token/refresh/", json={"refresh": access.json["access"]}
    )
    as_bearer = _bearer(app, refresh)

    assert as_refresh.status_code == 401
    assert as_refresh.json["code"] == "token_not_valid"
    assert as_bearer.status_code == 401


def test_a_personal_token_works_as_a_legacy_token_too(app, client):
    refresh = client.post("/api/token/", json={}).json["token"]

    answer = app.test_client().get(
        "/api/current-user/whoami", headers={"Authorization": f"Token {refresh}"}
    )

    assert answer.status_code == 200


def test_blacklisting_revokes_the_personal_token_and_its_access_tokens(app, client):
    refresh = client.post("/api/token/", json={}).json["token"]
    access = (
        app.test_client()
        .post("/api/token/refresh/", json={"refresh": refresh})
        .json["access"]
    )

    revoked = app.test_client().post("/api/token/blacklist/", json={"refresh": refresh})

    assert revoked.status_code == 204
    assert _bearer(app, access).status_code == 401
    again = app.test_client().post("/api/token/refresh/", json={"refresh": refresh})
    assert again.status_code == 401


def test_rotating_replaces_the_personal_token(app, client):
    old = client.post("/api/token/", json={}).json["token"]

    rotated = app.test_client().post("/api/token/rotate/", json={"refresh": old})

    assert rotated.status_code == 200
    new = rotated.json["refresh"]
    assert new != old
    refresh_with = app.test_client().post
    assert refresh_with("/api/token/refresh/", json={"refresh": old}).status_code == 401
    assert refresh_with("/api/token/refresh/", json={"refresh": new}).status_code == 200


def test_a_forged_access_token_is_refused(app, client):
    import jwt

    forged = jwt.encode(
        {"token_type": "access", "user_id": 1, "pat": 1, "exp": 9999999999},
        "not-the-server-key",
        algorithm="HS256",
    )

    assert _bearer(app, forged).status_code == 401


def test_a_deactivated_users_personal_token_stops_working(app, client):
    from labelcore.models import User, db

    member = person(app, "annotator")
    refresh = member.post("/api/token/", json={}).json["token"]
    with app.app_context():
        db.session.get(User, member.user_id).is_active = False
        db.session.commit()

    answer = app.test_client().post("/api/token/refresh/", json={"refresh": refresh})

    assert answer.status_code == 401


def _personal_token(live_server) -> str:
    made = requests.post(
        live_server.api("/api/token/"), headers=live_server.headers, json={}, timeout=30
    )
    assert made.status_code == 201, made.text
    return made.json()["token"]


@pytest.mark.slow
def test_label_studio_sdk_runs_the_refresh_flow_with_a_personal_token(live_server):
    from label_studio_sdk import LabelStudio

    sdk = LabelStudio(base_url=live_server.url, api_key=_personal_token(live_server))
    me = sdk.users.whoami()
    project = sdk.projects.create(title="Through a personal token")

    assert me.email == live_server.admin_email
    assert project.id is not None
    assert sdk.projects.get(id=project.id).title == "Through a personal token"


@pytest.mark.slow
def test_the_legacy_sdk_client_works_with_a_personal_token_too(live_server):
    from label_studio_sdk import Client

    legacy = Client(url=live_server.url, api_key=_personal_token(live_server))
    project = legacy.start_project(
        title="Legacy client, personal token",
        label_config='<View><Text name="text" value="$text"/></View>',
    )

    assert legacy.check_connection()["status"] == "UP"
    assert legacy.get_project(project.id).get_params()["title"] == (
        "Legacy client, personal token"
    )
