"""Webhook deliveries to a receiver on 127.0.0.1: bodies, signatures,
retries with backoff, the delivery log, and what is never sent."""

from __future__ import annotations

import hashlib
import hmac

import pytest

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


def _import(client, project_id, texts):
    imported = client.post(
        f"/api/projects/{project_id}/import?return_task_ids=true",
        json=[{"text": text} for text in texts],
    )
    assert imported.status_code == 201, imported.json
    return imported.json["task_ids"]


def _log(client, webhook_id):
    return client.get(f"/api/webhooks/{webhook_id}/deliveries/").json


def _wait_for_log(client, webhook_id, count, timeout=20.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entries = _log(client, webhook_id)
        if len(entries) >= count:
            return entries
        time.sleep(0.05)
    raise AssertionError(f"the log has {len(_log(client, webhook_id))} of {count}")


@pytest.mark.postgres
def test_an_annotation_reaches_the_receiver_signed_in_label_studios_shape(
    admin, receiver
):
    project = _project(admin)
    hook = _webhook(admin, receiver.url, project=project["id"])
    [task_id] = _import(admin, project["id"], ["Good news."])

    annotation = admin.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice("positive")}
    ).json
    received = receiver.wait_for(3)

    by_action = {item["json"]["action"]: item for item in received}
    assert set(by_action) == {
        "TASKS_CREATED",
        "ANNOTATION_CREATED",
        "TASK_TRANSITIONED",
    }
    created = by_action["ANNOTATION_CREATED"]
    body = created["json"]
    assert body["annotation"]["id"] == annotation["id"]
    assert body["annotation"]["result"][0]["value"] == {"choices": ["positive"]}
    assert body["task"]["id"] == task_id
    assert body["project"]["id"] == project["id"]
    assert by_action["TASKS_CREATED"]["json"]["tasks"][0]["data"] == {
        "text": "Good news."
    }
    expected = hmac.new(
        hook["secret"].encode(), created["raw"], hashlib.sha256
    ).hexdigest()
    assert created["headers"]["X-LabelCore-Signature"] == f"sha256={expected}"
    assert created["headers"]["X-LabelCore-Event"] == "ANNOTATION_CREATED"
    entries = _wait_for_log(admin, hook["id"], 3)
    assert {entry["status_code"] for entry in entries} == {200}
    assert all(entry["event_state"] == "delivered" for entry in entries)


def test_a_failing_receiver_is_retried_until_it_answers(admin, receiver):
    receiver.statuses = [500, 502, 200]
    hook = _webhook(admin, receiver.url, actions=["PROJECT_CREATED"])

    _project(admin)
    received = receiver.wait_for(3)

    assert [item["headers"]["X-LabelCore-Attempt"] for item in received] == [
        "1",
        "2",
        "3",
    ]
    deliveries = {item["headers"]["X-LabelCore-Delivery"] for item in received}
    assert len(deliveries) == 1
    assert len({item["raw"] for item in received}) == 1
    entries = _wait_for_log(admin, hook["id"], 3)
    assert [entry["status_code"] for entry in reversed(entries)] == [500, 502, 200]
    assert entries[0]["event_state"] == "delivered"
    assert "HTTP 500" in entries[-1]["error"]
    assert admin.get(f"/api/webhooks/{hook['id']}/").json["consecutive_failures"] == 0


def test_a_receiver_that_keeps_failing_gets_the_allowed_attempts_only(admin, receiver):
    import time

    receiver.statuses = [503]
    hook = _webhook(admin, receiver.url, actions=["PROJECT_CREATED"])

    _project(admin)
    receiver.wait_for(3)
    time.sleep(0.5)

    entries = _wait_for_log(admin, hook["id"], 3)
    assert len(receiver.received) == 3
    assert entries[0]["event_state"] == "failed"
    assert admin.get(f"/api/webhooks/{hook['id']}/").json["consecutive_failures"] == 3
    jobs = admin.get("/api/jobs/").json
    failed = [job for job in jobs if job["kind"] == "webhooks.deliver"]
    assert any(
        job["state"] == "failed" and "3 attempt" in job["error"] for job in failed
    )


def test_only_the_chosen_actions_and_projects_are_sent(admin, receiver):
    watched = _project(admin, "Watched")
    other = _project(admin, "Other")
    _webhook(admin, receiver.url, project=watched["id"], actions=["TASKS_CREATED"])

    _import(admin, other["id"], ["Not this one."])
    _import(admin, watched["id"], ["This one.", "And this."])
    received = receiver.wait_for(1)

    assert receiver.actions() == ["TASKS_CREATED"]
    assert [task["data"]["text"] for task in received[0]["json"]["tasks"]] == [
        "This one.",
        "And this.",
    ]


def test_without_payload_only_the_action_is_sent(admin, receiver):
    _webhook(admin, receiver.url, actions=["PROJECT_UPDATED"], send_payload=False)
    project = _project(admin)

    admin.patch(f"/api/projects/{project['id']}/", json={"title": "Renamed"})
    received = receiver.wait_for(1)

    assert received[0]["json"] == {"action": "PROJECT_UPDATED"}


def test_deletions_and_transitions_are_told(admin, receiver):
    project = _project(admin)
    [first, second] = _import(admin, project["id"], ["One.", "Two."])
    annotation = admin.post(
        f"/api/tasks/{first}/annotations", json={"result": choice()}
    ).json
    _webhook(
        admin,
        receiver.url,
        actions=["ANNOTATIONS_DELETED", "TASKS_DELETED", "TASK_TRANSITIONED"],
    )

    admin.delete(f"/api/annotations/{annotation['id']}/")
    admin.delete(f"/api/tasks/{second}/")
    received = receiver.wait_for(3)

    bodies = {item["json"]["action"]: item["json"] for item in received}
    assert bodies["ANNOTATIONS_DELETED"]["annotations"] == [{"id": annotation["id"]}]
    assert bodies["TASKS_DELETED"]["tasks"] == [{"id": second}]
    transitioned = bodies["TASK_TRANSITIONED"]
    assert transitioned["task"]["id"] == first
    assert transitioned["from_state"] != transitioned["to_state"]


def test_a_refused_change_sends_nothing(admin, receiver):
    import time

    project = _project(admin)
    [task_id] = _import(admin, project["id"], ["Text."])
    _webhook(admin, receiver.url, actions=["ANNOTATION_CREATED"])

    refused = admin.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice("unknown label")}
    )
    time.sleep(0.5)

    assert refused.status_code == 400
    assert receiver.received == []


def test_the_secret_is_shown_once_and_the_catalogue_lists_every_action(admin):
    hook = _webhook(admin, "http://127.0.0.1:9/never")

    read = admin.get(f"/api/webhooks/{hook['id']}/").json
    listed = admin.get("/api/webhooks/").json
    info = admin.get("/api/webhooks/info/").json

    assert hook["secret"]
    assert "secret" not in read
    assert hook["secret"] not in str(listed)
    assert {"ANNOTATION_CREATED", "TASK_TRANSITIONED", "JOB_FINISHED"} <= set(info)
    assert info["PROJECT_CREATED"]["organization-only"] is True


def test_changes_to_webhooks_are_in_the_audit_log(admin):
    hook = _webhook(admin, "http://127.0.0.1:9/never")
    admin.patch(f"/api/webhooks/{hook['id']}/", json={"is_active": False})
    admin.delete(f"/api/webhooks/{hook['id']}/")
    organization_id = admin.get("/api/current-user").json["active_organization"]

    log = admin.get(f"/api/organizations/{organization_id}/audit-log").json

    assert [entry["action"] for entry in log[:3]] == [
        "webhook.deleted",
        "webhook.updated",
        "webhook.created",
    ]


def test_a_finished_job_is_told_and_deliveries_are_not(admin, receiver):
    import time

    project = _project(admin)
    _import(admin, project["id"], ["Exported."])
    _webhook(admin, receiver.url, actions=["JOB_FINISHED"])

    snapshot = admin.post(f"/api/projects/{project['id']}/exports/", json={})
    received = receiver.wait_for(1)
    time.sleep(0.5)

    assert snapshot.status_code in (200, 201, 202), snapshot.json
    assert len(receiver.received) == 1
    job = received[0]["json"]["job"]
    assert job["state"] == "finished"
    assert job["kind"] != "webhooks.deliver"
    assert received[0]["json"]["project"]["id"] == project["id"]
