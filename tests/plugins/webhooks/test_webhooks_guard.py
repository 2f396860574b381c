"""Webhook URLs pass the outbound guard when saved and at every delivery,
and webhooks follow the permission table."""

from __future__ import annotations

import time

import pytest

from tests.core.permissions.people import CHOICES_CONFIG, person
from tests.plugins.webhooks.conftest import Receiver
from tests.support.credentials import ADMIN_TOKEN


def _admin_client(app):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/hook",
        "http://[::1]/hook",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
    ],
)
def test_a_private_or_odd_url_is_refused_when_saved(webhook_app, url):
    admin = _admin_client(webhook_app(outbound_allow=()))

    refused = admin.post("/api/webhooks/", json={"url": url})

    assert refused.status_code == 400, refused.json
    assert "url" in refused.json["validation_errors"]
    if url.startswith("http"):
        assert "LABELCORE_OUTBOUND_ALLOW" in refused.json["detail"]


def test_a_redirect_to_an_address_not_allowed_is_refused_and_not_retried(
    webhook_app, receiver
):
    elsewhere = Receiver()
    try:
        receiver.redirect_to = elsewhere.url
        allowed = (f"127.0.0.1:{receiver.port}",)
        admin = _admin_client(webhook_app(outbound_allow=allowed))
        hook = admin.post(
            "/api/webhooks/", json={"url": receiver.url, "actions": ["PROJECT_CREATED"]}
        ).json

        admin.post(
            "/api/projects/", json={"title": "x", "label_config": CHOICES_CONFIG}
        )
        receiver.wait_for(1)
        log = _log_when(admin, hook["id"], lambda entries: len(entries) == 1)
        time.sleep(0.5)

        assert elsewhere.received == []
        assert len(receiver.received) == 1
        assert log[0]["status_code"] is None
        assert "LABELCORE_OUTBOUND_ALLOW" in log[0]["error"]
        assert log[0]["event_state"] == "failed"
    finally:
        elsewhere.stop()


def test_a_webhook_saved_while_allowed_is_refused_once_the_allowance_goes(
    webhook_app, receiver
):
    allowed = _admin_client(webhook_app())
    hook = allowed.post(
        "/api/webhooks/", json={"url": receiver.url, "actions": ["PROJECT_CREATED"]}
    ).json
    assert hook["id"]

    # The same database served without the allowance: what the address was
    # when saved does not matter, only where the connection goes.
    strict = _admin_client(webhook_app(outbound_allow=()))
    strict.post("/api/projects/", json={"title": "x", "label_config": CHOICES_CONFIG})
    log = _log_when(strict, hook["id"], lambda entries: len(entries) == 1)

    assert receiver.received == []
    assert "LABELCORE_OUTBOUND_ALLOW" in log[0]["error"]


def _log_when(client, webhook_id, done, timeout=20.0):
    deadline = time.monotonic() + timeout
    entries = []
    while time.monotonic() < deadline:
        entries = client.get(f"/api/webhooks/{webhook_id}/deliveries/").json
        if done(entries):
            return entries
        time.sleep(0.05)
    raise AssertionError(f"the delivery log stayed at {entries}")


def test_who_may_manage_which_webhooks(webhook_app, receiver):
    app = webhook_app()
    admin = _admin_client(app)
    manager = person(app, "manager")
    annotator = person(app, "annotator")
    stranger = person(app, "owner", organization="Elsewhere")
    project = manager.post(
        "/api/projects/", json={"title": "Managed", "label_config": CHOICES_CONFIG}
    ).json

    for_project = manager.post(
        "/api/webhooks/", json={"url": receiver.url, "project": project["id"]}
    )
    organization_wide = manager.post("/api/webhooks/", json={"url": receiver.url})
    by_annotator = annotator.post(
        "/api/webhooks/", json={"url": receiver.url, "project": project["id"]}
    )
    hook_id = for_project.json["id"]

    assert for_project.status_code == 201, for_project.json
    assert organization_wide.status_code == 403
    assert by_annotator.status_code == 403
    assert annotator.get(f"/api/webhooks/{hook_id}/").status_code == 403
    assert stranger.get(f"/api/webhooks/{hook_id}/").status_code == 404
    assert stranger.get(f"/api/webhooks/?project={project['id']}").status_code == 404
    assert stranger.delete(f"/api/webhooks/{hook_id}/").status_code == 404
    assert manager.get("/api/webhooks/").status_code == 403
    assert [item["id"] for item in admin.get("/api/webhooks/").json] == [hook_id]
