"""Who may call the API: tokens, session logins with CSRF, and public paths."""

import sqlalchemy as sa

from labelcore.app import create_app

ENVIRONMENT_TOKEN = "0123456789abcdef0123456789abcdef01234567"


def test_no_token_is_401(app):
    response = app.test_client().get("/api/projects/")

    assert response.status_code == 401
    assert response.json == {
        "status_code": 401,
        "detail": "Authentication credentials were not provided.",
    }


def test_a_bad_token_is_401(app):
    anonymous = app.test_client()

    response = anonymous.get(
        "/api/projects/", headers={"Authorization": "Token not-a-real-token"}
    )

    assert response.status_code == 401
    assert response.json["detail"] == "Invalid token."


def test_a_bad_token_on_a_write_is_401_and_creates_nothing(app, client, text_config):
    anonymous = app.test_client()

    response = anonymous.post(
        "/api/projects/",
        json={"title": "Sneaky", "label_config": text_config},
        headers={"Authorization": "Token 0000000000000000000000000000000000000000"},
    )

    assert response.status_code == 401
    assert client.get("/api/projects/").json["count"] == 0


def test_public_paths_need_no_token(app):
    anonymous = app.test_client()

    assert anonymous.get("/health").status_code == 200
    assert anonymous.get("/api/version").status_code == 200
    assert anonymous.get("/api/docs/openapi.json").status_code == 200


def test_the_token_identifies_the_user(client, admin_credentials):
    whoami = client.get("/api/current-user/whoami")

    assert whoami.status_code == 200
    assert whoami.json["email"] == admin_credentials["email"]
    assert whoami.json["is_superuser"] is True


def test_the_token_from_the_environment_is_used_exactly(
    monkeypatch, data_dir, database_url
):
    monkeypatch.setenv("LABELCORE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("LABELCORE_DATABASE_URL", database_url)
    monkeypatch.setenv("LABELCORE_ADMIN_EMAIL", "owner@example.com")
    monkeypatch.setenv("LABELCORE_ADMIN_PASSWORD", "owner-password")
    monkeypatch.setenv("LABELCORE_ADMIN_TOKEN", ENVIRONMENT_TOKEN)
    headers = {"Authorization": f"Token {ENVIRONMENT_TOKEN}"}
    started = []

    # The second app is the same server started again: the token must still
    # work, and the administrator must not be created twice.
    try:
        for _ in range(2):
            started.append(create_app())
            answers = (
                started[-1]
                .test_client()
                .get("/api/current-user/whoami", headers=headers)
            )
            assert answers.status_code == 200, answers.json
            assert answers.json["email"] == "owner@example.com"
        users = started[-1].test_client().get("/api/users/", headers=headers).json
    finally:
        for app in started:
            app.extensions["labelcore"].job_runner.shutdown()

    assert [user["email"] for user in users] == ["owner@example.com"]


def test_tokens_are_stored_as_digests_only(app, admin_token):
    from labelcore.models import ApiToken, db

    with app.app_context():
        digests = db.session.execute(sa.select(ApiToken.digest)).scalars().all()

    assert digests
    assert admin_token not in digests
    assert all(admin_token not in digest for digest in digests)


def test_a_fresh_token_replaces_the_old_current_user_token(client, app):
    first = client.get("/api/current-user/token").json["token"]
    second = client.get("/api/current-user/token").json["token"]

    anonymous = app.test_client()
    with_first = anonymous.get(
        "/api/projects/", headers={"Authorization": f"Token {first}"}
    )
    with_second = anonymous.get(
        "/api/projects/", headers={"Authorization": f"Token {second}"}
    )

    assert first != second
    assert with_first.status_code == 401
    assert with_second.status_code == 200


def test_a_deactivated_users_token_is_refused(app, annotator_client):
    from labelcore.models import User, db

    annotator = annotator_client()
    assert annotator.get("/api/projects/").status_code == 200
    with app.app_context():
        db.session.get(User, annotator.user_id).is_active = False
        db.session.commit()

    assert annotator.get("/api/projects/").status_code == 401


def test_login_with_a_wrong_password_is_401(app, admin_credentials):
    browser = app.test_client()

    response = browser.post(
        "/api/auth/login",
        json={"email": admin_credentials["email"], "password": "wrong"},
    )

    assert response.status_code == 401
    assert browser.get("/api/projects/").status_code == 401


def _logged_in(app, admin_credentials):
    browser = app.test_client()
    response = browser.post(
        "/api/auth/login",
        json={
            "email": admin_credentials["email"].upper(),
            "password": admin_credentials["password"],
        },
    )
    assert response.status_code == 200, response.json
    return browser, response.json["csrf_token"]


def test_a_session_reads_without_csrf(app, admin_credentials):
    browser, csrf = _logged_in(app, admin_credentials)

    assert browser.get("/api/projects/").status_code == 200
    assert browser.get_cookie("labelcore_csrftoken").value == csrf


def test_a_session_write_needs_the_csrf_header(app, admin_credentials, text_config):
    browser, csrf = _logged_in(app, admin_credentials)
    body = {"title": "From the web UI", "label_config": text_config}

    missing = browser.post("/api/projects/", json=body)
    wrong = browser.post("/api/projects/", json=body, headers={"X-CSRFToken": "x"})
    right = browser.post("/api/projects/", json=body, headers={"X-CSRFToken": csrf})

    assert missing.status_code == 403
    assert "X-CSRFToken" in missing.json["detail"]
    assert wrong.status_code == 403
    assert right.status_code == 201
    assert browser.get("/api/projects/").json["count"] == 1


def test_a_session_delete_needs_the_csrf_header(app, admin_credentials, new_project):
    project = new_project()
    browser, csrf = _logged_in(app, admin_credentials)
    path = f"/api/projects/{project['id']}/"

    assert browser.delete(path).status_code == 403
    assert browser.delete(path, headers={"X-CSRFToken": csrf}).status_code == 204


def test_logout_ends_the_session(app, admin_credentials):
    browser, csrf = _logged_in(app, admin_credentials)

    logout = browser.post("/api/auth/logout", headers={"X-CSRFToken": csrf})

    assert logout.status_code == 200
    assert browser.get("/api/projects/").status_code == 401


def test_a_token_request_needs_no_csrf(client, text_config):
    response = client.post(
        "/api/projects/", json={"title": "Script", "label_config": text_config}
    )

    assert response.status_code == 201
