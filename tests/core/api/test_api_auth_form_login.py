"""Label Studio's form login at ``/user/login``, which label-studio-sdk's
legacy ``Client(url, credentials=...)`` posts to: CSRF-checked by the cookie
its page sets, rate-limited like every login, redirecting only on this
server."""

from __future__ import annotations

import pytest

from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD


def _form(browser, **fields):
    return browser.post(
        "/user/login",
        data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, **fields},
    )


def _csrf(browser) -> str:
    browser.get("/user/login")
    cookie = browser.get_cookie("csrftoken")
    assert cookie is not None and cookie.value
    assert cookie.http_only and cookie.same_site == "Lax"
    return cookie.value


def test_a_form_login_with_the_pages_csrf_token_starts_a_session(app):
    browser = app.test_client()
    token = _csrf(browser)

    answer = _form(browser, csrfmiddlewaretoken=token)
    own_token = browser.get("/api/current-user/token")
    by_token = app.test_client().get(
        "/api/current-user",
        headers={"Authorization": f"Token {own_token.json['token']}"},
    )

    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"
    assert own_token.status_code == 200, own_token.json
    assert by_token.json["email"] == ADMIN_EMAIL


@pytest.mark.parametrize("sent", ["", "another value"])
def test_a_form_login_without_the_matching_csrf_token_is_refused(app, sent):
    browser = app.test_client()
    _csrf(browser)

    answer = _form(browser, csrfmiddlewaretoken=sent)
    after = browser.get("/api/current-user/token")

    assert answer.status_code == 403
    assert answer.json["code"] == "csrf_failed"
    assert "csrfmiddlewaretoken" in answer.json["detail"]
    assert after.status_code == 401


def test_a_form_login_from_elsewhere_without_the_cookie_is_refused(app):
    browser = app.test_client()

    answer = _form(browser, csrfmiddlewaretoken="guessed")

    assert answer.status_code == 403


def test_a_wrong_password_is_a_401_and_counts_against_the_limit(app):
    browser = app.test_client()
    token = _csrf(browser)

    answers = [
        _form(browser, password="wrong", csrfmiddlewaretoken=token).status_code
        for _ in range(11)
    ]

    assert answers[:10] == [401] * 10
    assert answers[10] == 429


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/projects/3", "/projects/3"),
    ],
)
def test_next_leads_only_to_this_server(app, target, expected):
    browser = app.test_client()
    token = _csrf(browser)

    answer = browser.post(
        "/user/login",
        query_string={"next": target},
        data={
            "email": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )

    assert answer.status_code == 302
    assert answer.headers["Location"] == expected


@pytest.mark.slow
def test_the_legacy_sdk_client_logs_in_with_email_and_password(live_server):
    from label_studio_sdk import Client
    from label_studio_sdk._legacy.client import ClientCredentials

    legacy = Client(
        url=live_server.url,
        credentials=ClientCredentials(
            email=live_server.admin_email, password=live_server.admin_password
        ),
    )
    project = legacy.start_project(
        title="Legacy client, e-mail and password",
        label_config='<View><Text name="text" value="$text"/></View>',
    )

    assert legacy.api_key
    assert legacy.get_project(project.id).get_params()["title"] == (
        "Legacy client, e-mail and password"
    )
