"""The security baseline: an enforced CSP, cookies, login rate limits,
redirect targets, and password reset links from the configured address."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from labelcore.security import safe_next
from tests.core.permissions.people import person
from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN


def _directives(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def test_every_answer_carries_an_enforced_content_security_policy(app, client):
    for response in (
        client.get("/api/projects/"),
        app.test_client().get("/health"),
        client.get("/api/nothing-here"),
    ):
        assert "Content-Security-Policy-Report-Only" not in response.headers
        policy = _directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"].split()[0] == "'self'"
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == "'none'"
        assert policy["base-uri"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_docs_inline_script_is_allowed_by_its_hash_only(app):
    page = app.test_client().get("/api/docs/")
    body = page.get_data()
    inline = re.findall(rb"<script>(.*?)</script>", body, re.DOTALL)
    expected = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in inline
    ]

    policy = _directives(page.headers["Content-Security-Policy"])

    assert inline, "the docs page has its start-up script inline"
    assert policy["script-src"].split()[1:] == expected


def test_session_cookies_are_httponly_samesite_and_secure_over_https(app):
    def log_in(base_url):
        browser = app.test_client()
        browser.post(
            "/api/auth/login",
            json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
            base_url=base_url,
        )
        return browser

    plain = log_in("http://localhost")
    secure = log_in("https://localhost")
    session_cookie = plain.get_cookie("labelcore_session")
    secure_cookie = secure.get_cookie("labelcore_session")

    assert session_cookie.http_only
    assert session_cookie.same_site == "Lax"
    assert not session_cookie.secure
    assert secure_cookie.secure
    assert secure.get_cookie("labelcore_csrftoken").secure


def test_failed_logins_are_limited_per_email(app):
    browser = app.test_client()
    answers = [
        browser.post(
            "/api/auth/login", json={"email": ADMIN_EMAIL, "password": "wrong"}
        ).status_code
        for _ in range(11)
    ]
    right = browser.post(
        "/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    )

    assert answers[:10] == [401] * 10
    assert answers[10] == 429
    assert right.status_code == 429
    assert int(right.headers["Retry-After"]) > 0
    assert "Too many login attempts" in right.json["detail"]
    assert right.json["code"] == "rate_limited"


def test_login_attempts_are_limited_per_address(app):
    browser = app.test_client()
    answers = [
        browser.post(
            "/api/auth/login",
            json={"email": f"nobody-{number}@example.com", "password": "x"},
        ).status_code
        for number in range(101)
    ]

    assert set(answers[:100]) == {401}
    assert answers[100] == 429


def test_api_tokens_are_not_rate_limited_like_logins(client):
    answers = {client.get("/api/projects/").status_code for _ in range(40)}

    assert answers == {200}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/projects/3", "/projects/3"),
        ("/projects?page=2", "/projects?page=2"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("projects", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        (None, "/"),
    ],
)
def test_next_targets_stay_on_this_server(target, expected):
    assert safe_next(target) == expected


def test_login_answers_only_a_safe_next(app):
    browser = app.test_client()

    answer = browser.post(
        "/api/auth/login?next=https://evil.example/steal",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )
    inside = app.test_client().post(
        "/api/auth/login?next=/projects/7/data",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )

    assert answer.json["next"] == "/"
    assert inside.json["next"] == "/projects/7/data"


@pytest.fixture
def public_app(make_app):
    return make_app(public_url="https://labels.example.org/")


def test_a_password_reset_link_uses_the_configured_address_not_the_host(public_app):
    owner = public_app.test_client()
    owner.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    member = person(public_app, "annotator")

    made = owner.post(
        f"/api/users/{member.user_id}/reset-password",
        headers={"Host": "attacker.example"},
    )

    assert made.status_code == 200, made.json
    url = made.json["reset_url"]
    assert url.startswith("https://labels.example.org/reset-password?token=")
    assert "attacker" not in url
    token = url.split("token=", 1)[1]

    browser = public_app.test_client()
    reset = browser.post(
        "/api/auth/reset-password", json={"token": token, "password": "a new password"}
    )
    again = browser.post(
        "/api/auth/reset-password", json={"token": token, "password": "another one"}
    )
    logged_in = browser.post(
        "/api/auth/login", json={"email": member.email, "password": "a new password"}
    )

    assert reset.status_code == 200
    assert again.status_code == 400
    assert again.json["code"] == "reset_link_invalid"
    assert logged_in.status_code == 200


def test_without_a_public_address_no_reset_link_is_made(app, client):
    member = person(app, "annotator")

    refused = client.post(f"/api/users/{member.user_id}/reset-password")
    by_member = member.post(f"/api/users/{member.user_id}/reset-password")

    assert refused.status_code == 400
    assert "LABELCORE_PUBLIC_URL" in refused.json["detail"]
    assert by_member.status_code == 403
