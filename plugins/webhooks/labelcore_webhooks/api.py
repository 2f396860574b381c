"""``/api/webhooks/``: Label Studio's webhook API, plus the delivery log.

A project's webhook is its managers'; an organization-wide one (no
``project``) is the organization administrators'. Every URL passes the
outbound guard when it is saved and again at each delivery.
"""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, jsonify, request

from labelcore import (
    ApiError,
    OutboundRefused,
    check_url,
    encrypt_secret,
    get_project,
    json_body,
    outbound_policy,
    require_user,
)
from labelcore.audit import record
from labelcore.models import db, isoformat
from labelcore.permissions import (
    Rule,
    at_least,
    body_field,
    organization_role,
    permission_rule,
    query_arg,
    view_arg,
)
from labelcore_webhooks.catalogue import ACTIONS, ORGANIZATION_ONLY, catalogue
from labelcore_webhooks.models import Webhook, WebhookAttempt, WebhookEvent

blp = Blueprint("webhooks", __name__)

ONE_WEBHOOK = (view_arg("webhook_id", Webhook, "Webhook"),)
MANAGE = {"role": "manager", "organization_role": "administrator"}
FLAGS = ("send_payload", "send_for_all_actions", "is_active")
MAX_HEADERS = 50


def _refused(field: str, detail: str) -> ApiError:
    return ApiError(400, f"Invalid {field}: {detail}", {field: [detail]})


def webhook_payload(webhook: Webhook, secret: str | None = None) -> dict[str, Any]:
    payload = {
        "id": webhook.id,
        "organization": webhook.organization_id,
        "project": webhook.project_id,
        "url": webhook.url,
        "send_payload": webhook.send_payload,
        "send_for_all_actions": webhook.send_for_all_actions,
        "actions": list(webhook.actions or []),
        "headers": dict(webhook.headers or {}),
        "is_active": webhook.is_active,
        "consecutive_failures": webhook.consecutive_failures,
        "created_at": isoformat(webhook.created_at),
        "updated_at": isoformat(webhook.updated_at),
    }
    if secret is not None:
        payload["secret"] = secret
    return payload


def _check_url(url) -> str:
    if not isinstance(url, str) or not url.strip():
        raise _refused("url", "is required: the address to POST events to.")
    url = url.strip()
    try:
        check_url(url, outbound_policy())
    except OutboundRefused as error:
        raise _refused("url", str(error)) from None
    return url


def _apply(webhook: Webhook, body: dict[str, Any]) -> None:
    if "url" in body or not webhook.url:
        webhook.url = _check_url(body.get("url"))
    for name in FLAGS:
        if name in body:
            if not isinstance(body[name], bool):
                raise _refused(name, f"must be true or false, got {body[name]!r}.")
            setattr(webhook, name, body[name])
    if "actions" in body:
        webhook.actions = _actions(body["actions"], webhook.project_id)
    if "headers" in body:
        webhook.headers = _headers(body["headers"])


def _actions(actions, project_id) -> list[str]:
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        raise _refused("actions", "must be a list of action names.")
    unknown = sorted(set(actions) - set(ACTIONS))
    if unknown:
        raise _refused(
            "actions",
            f"unknown {', '.join(map(repr, unknown))}; GET /api/webhooks/info/ "
            f"lists them.",
        )
    only = sorted(set(actions) & set(ORGANIZATION_ONLY))
    if project_id is not None and only:
        raise _refused(
            "actions",
            f"{', '.join(only)} reaches organization-wide webhooks only.",
        )
    return list(dict.fromkeys(actions))


def _headers(headers) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, dict) or len(headers) > MAX_HEADERS:
        raise _refused("headers", f"must be an object of at most {MAX_HEADERS} names.")
    for name, value in headers.items():
        if not isinstance(value, str) or "\n" in value or "\r" in value:
            raise _refused(
                "headers", f"the value of {name!r} must be one line of text."
            )
    return {str(name): value for name, value in headers.items()}


def _number_arg(name: str, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise _refused(name, f"must be a whole number, got {raw!r}.") from None


def _organization_wide_allowed() -> None:
    user = require_user()
    if not at_least(
        organization_role(user, user.active_organization_id), "administrator"
    ):
        raise ApiError(
            403,
            "Organization-wide webhooks are for owners and administrators; give "
            "a project to make one for that project.",
            code="permission_denied",
        )


@blp.get("/api/webhooks/info/")
@permission_rule(Rule())
def webhooks_info():
    """Every action a webhook can listen to (``?organization-only=true``: those
    only organization-wide webhooks hear)."""
    actions = catalogue()
    if request.args.get("organization-only", "").lower() in {"1", "true", "yes"}:
        actions = {
            key: value for key, value in actions.items() if value["organization-only"]
        }
    return jsonify(actions)


@blp.get("/api/webhooks/")
@permission_rule(Rule(locate=(query_arg("project"),), action="list webhooks", **MANAGE))
def list_webhooks():
    """The organization's webhooks, or ``?project=``'s."""
    user = require_user()
    query = sa.select(Webhook).where(
        Webhook.organization_id == user.active_organization_id
    )
    project_id = _number_arg("project", None)
    if project_id is not None:
        query = query.where(Webhook.project_id == get_project(project_id).id)
    else:
        _organization_wide_allowed()
    rows = db.session.execute(query.order_by(Webhook.id)).scalars()
    return jsonify([webhook_payload(row) for row in rows])


@blp.post("/api/webhooks/")
@permission_rule(
    Rule(locate=(body_field("project"),), action="create webhooks", **MANAGE)
)
def create_webhook():
    """A webhook: ``{"url", "project"?, "actions"?, "send_for_all_actions"?,
    "send_payload"?, "headers"?, "is_active"?}``. The answer holds its signing
    ``secret``, once."""
    user = require_user()
    body = json_body()
    project_id = body.get("project")
    if project_id is not None:
        if isinstance(project_id, bool) or not isinstance(project_id, int):
            raise _refused("project", f"must be a project id, got {project_id!r}.")
        project_id = get_project(project_id).id
    else:
        _organization_wide_allowed()

    secret = secrets.token_urlsafe(32)
    webhook = Webhook(
        organization_id=user.active_organization_id,
        project_id=project_id,
        url="",
        secret=encrypt_secret(secret),
        created_by_id=user.id,
        actions=[],
        headers={},
    )
    # Naming actions means those actions, unless told to send all anyway.
    webhook.send_for_all_actions = "actions" not in body
    _apply(webhook, body)
    db.session.add(webhook)
    db.session.flush()
    record(
        "webhook.created",
        object_type="webhook",
        object_id=webhook.id,
        project_id=project_id,
        url=webhook.url,
    )
    db.session.commit()
    response = jsonify(webhook_payload(webhook, secret))
    response.status_code = 201
    return response


def _webhook(webhook_id: int) -> Webhook:
    webhook = db.session.get(Webhook, webhook_id)
    if (
        webhook is None
        or webhook.organization_id != require_user().active_organization_id
    ):
        raise ApiError(404, f"Webhook {webhook_id} was not found.", code="not_found")
    return webhook


@blp.get("/api/webhooks/<int:webhook_id>/")
@permission_rule(Rule(locate=ONE_WEBHOOK, action="read a webhook", **MANAGE))
def read_webhook(webhook_id: int):
    return jsonify(webhook_payload(_webhook(webhook_id)))


@blp.route("/api/webhooks/<int:webhook_id>/", methods=["PATCH", "PUT"])
@permission_rule(Rule(locate=ONE_WEBHOOK, action="change a webhook", **MANAGE))
def update_webhook(webhook_id: int):
    """Change a webhook; its ``project`` stays."""
    webhook = _webhook(webhook_id)
    body = json_body()
    _apply(webhook, {key: value for key, value in body.items() if key != "project"})
    record(
        "webhook.updated",
        object_type="webhook",
        object_id=webhook.id,
        project_id=webhook.project_id,
        url=webhook.url,
        is_active=webhook.is_active,
    )
    db.session.commit()
    return jsonify(webhook_payload(webhook))


@blp.delete("/api/webhooks/<int:webhook_id>/")
@permission_rule(Rule(locate=ONE_WEBHOOK, action="delete a webhook", **MANAGE))
def delete_webhook(webhook_id: int):
    webhook = _webhook(webhook_id)
    record(
        "webhook.deleted",
        object_type="webhook",
        object_id=webhook.id,
        project_id=webhook.project_id,
        url=webhook.url,
    )
    db.session.delete(webhook)
    db.session.commit()
    return "", 204


@blp.get("/api/webhooks/<int:webhook_id>/deliveries/")
@permission_rule(Rule(locate=ONE_WEBHOOK, action="read the delivery log", **MANAGE))
def list_deliveries(webhook_id: int):
    """The webhook's delivery log, newest first: each attempt's event, status
    code, error, time and duration (``page_size`` up to 1,000)."""
    webhook = _webhook(webhook_id)
    limit = min(max(_number_arg("page_size", 100), 1), 1000)
    rows = db.session.execute(
        sa.select(WebhookAttempt, WebhookEvent)
        .join(WebhookEvent, WebhookEvent.id == WebhookAttempt.event_id)
        .where(WebhookAttempt.webhook_id == webhook.id)
        .order_by(WebhookAttempt.id.desc())
        .limit(limit)
    ).all()
    return jsonify(
        [
            {
                "id": attempt.id,
                "event": event.id,
                "action": event.action,
                "event_state": event.state,
                "attempt": attempt.attempt,
                "status_code": attempt.status_code,
                "error": attempt.error,
                "duration_ms": attempt.duration_ms,
                "created_at": isoformat(attempt.created_at),
            }
            for attempt, event in rows
        ]
    )
