"""The settings of the security boundary: the public address, trusted
proxies, HyperText's unsafe mode and the webhook figures, read from
``LABELCORE_*`` and applied."""

from __future__ import annotations

import pytest

from labelcore.settings import SettingInvalid, Settings
from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN


def test_the_new_settings_are_read_typed_from_the_environment():
    settings = Settings.from_env(
        {
            "LABELCORE_PUBLIC_URL": "https://labels.example.org",
            "LABELCORE_TRUSTED_PROXIES": "2",
            "LABELCORE_HYPERTEXT_UNSAFE": "true",
            "LABELCORE_WEBHOOK_ATTEMPTS": "7",
            "LABELCORE_WEBHOOK_RETRY_SECONDS": "0.5",
            "LABELCORE_WEBHOOK_TIMEOUT_SECONDS": "3",
        }
    )
    defaults = Settings.from_env({})

    assert settings.public_url == "https://labels.example.org"
    assert settings.trusted_proxies == 2
    assert settings.hypertext_unsafe is True
    assert settings.webhook_attempts == 7
    assert settings.webhook_retry_seconds == 0.5
    assert settings.webhook_timeout_seconds == 3.0
    assert (defaults.public_url, defaults.trusted_proxies) == ("", 0)
    assert defaults.hypertext_unsafe is False


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("LABELCORE_TRUSTED_PROXIES", "-1", "LABELCORE_TRUSTED_PROXIES"),
        ("LABELCORE_WEBHOOK_ATTEMPTS", "0", "LABELCORE_WEBHOOK_ATTEMPTS"),
        ("LABELCORE_WEBHOOK_RETRY_SECONDS", "soon", "LABELCORE_WEBHOOK_RETRY"),
        ("LABELCORE_WEBHOOK_TIMEOUT_SECONDS", "0", "LABELCORE_WEBHOOK_TIMEOUT"),
    ],
)
def test_a_value_the_server_cannot_use_is_refused_by_name(variable, value, named):
    with pytest.raises(SettingInvalid) as refused:
        Settings.from_env({variable: value})

    assert named in str(refused.value)
    assert value in str(refused.value)


def test_a_public_url_that_is_no_address_is_refused():
    from labelcore.security import check_public_url

    check_public_url("")
    check_public_url("https://labels.example.org/annotate")
    with pytest.raises(SettingInvalid) as refused:
        check_public_url("labels.example.org")

    assert "LABELCORE_PUBLIC_URL" in str(refused.value)
    assert "'labels.example.org'" in str(refused.value)


def _log_in_through_a_proxy(app):
    browser = app.test_client()
    answer = browser.post(
        "/api/auth/login",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )
    assert answer.status_code == 200, answer.json
    return browser


def test_behind_a_trusted_https_proxy_the_cookies_are_secure(make_app):
    proxied = _log_in_through_a_proxy(make_app(trusted_proxies=1))

    assert proxied.get_cookie("labelcore_session").secure
    assert proxied.get_cookie("labelcore_csrftoken").secure


def test_forwarded_headers_are_ignored_unless_proxies_are_trusted(make_app):
    direct = _log_in_through_a_proxy(make_app())

    assert not direct.get_cookie("labelcore_session").secure
    assert not direct.get_cookie("labelcore_csrftoken").secure


@pytest.mark.parametrize(
    ("trusted", "recorded"), [(1, "203.0.113.9"), (0, "127.0.0.1")]
)
def test_the_audit_log_records_the_forwarded_client_only_from_a_trusted_proxy(
    make_app, trusted, recorded
):
    client = make_app(trusted_proxies=trusted).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"

    made = client.post(
        "/api/tokens/",
        json={"name": "Proxied"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    organization = client.get("/api/current-user").json["active_organization"]
    entries = client.get(f"/api/organizations/{organization}/audit-log").json

    assert made.status_code == 201, made.json
    assert entries[0]["object_type"] == "token"
    assert entries[0]["remote_addr"] == recorded


def test_hypertext_is_sanitised_unless_the_administrator_set_unsafe(make_app):
    def whoami(app):
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
        return client.get("/api/current-user/whoami").json

    assert whoami(make_app())["hypertext_unsafe"] is False
    assert whoami(make_app(hypertext_unsafe=True))["hypertext_unsafe"] is True
