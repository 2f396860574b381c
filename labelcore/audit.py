"""The audit log: administrative actions, who took them and when.

Members and roles, invites, tokens, project access, project deletion and
webhooks are recorded with ``record(...)`` in the transaction that makes the
change, so an entry exists exactly when the change does. A plugin's view may
instead declare its action with ``audited(...)`` (the storages and ML
backends do), recorded once the call succeeded. Token values and passwords
never reach an entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, g, has_request_context, request

from labelcore.models import db, isoformat
from labelcore.models.accounts import AuditEntry

log = logging.getLogger(__name__)

SECRET_WORDS = ("password", "secret", "token", "key", "credential")


def _without_secrets(details: dict[str, Any]) -> dict[str, Any]:
    return {
        name: "(hidden)"
        if any(word in name.lower() for word in SECRET_WORDS) and isinstance(value, str)
        else value
        for name, value in details.items()
    }


def record(
    action: str,
    *,
    object_type: str = "",
    object_id: Any = None,
    organization_id: int | None = None,
    project_id: int | None = None,
    actor=None,
    **details: Any,
) -> AuditEntry:
    """Add an entry for ``action`` (such as ``"member.role_changed"``) to the
    session; it commits with the change it records."""
    if actor is None and has_request_context():
        actor = g.get("user")
    if organization_id is None and actor is not None:
        organization_id = actor.active_organization_id
    entry = AuditEntry(
        organization_id=organization_id,
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        project_id=project_id,
        details=_without_secrets(details),
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    log.info(
        "Audit: %s %s %s by user %s",
        action,
        object_type,
        object_id,
        entry.actor_id,
        extra={"organization_id": organization_id},
    )
    return entry


def entries(organization_id: int, *, before: int | None = None, limit: int = 100):
    query = sa.select(AuditEntry).where(AuditEntry.organization_id == organization_id)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    return (
        db.session.execute(query.order_by(AuditEntry.id.desc()).limit(limit))
        .scalars()
        .all()
    )


def entry_payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "project": entry.project_id,
        "actor": entry.actor_id,
        "details": entry.details,
        "remote_addr": entry.remote_addr,
        "created_at": isoformat(entry.created_at),
    }


@dataclass(frozen=True)
class AuditedAction:
    """What a successful call of a view is recorded as."""

    action: str
    """Such as ``"storage.created"``; the part before the dot is the type."""
    object_id: str = ""
    """The view argument holding the object's id; without one, the ``id`` of
    the JSON answer."""


def audited(action: str, object_id: str = "") -> Callable:
    """Record each successful call of a plugin's view in the audit log::

    @blp.delete("/api/things/<int:thing_id>")
    @permission_rule(Rule("manager", (view_arg("thing_id", Thing, "Thing"),)))
    @audited("thing.deleted", object_id="thing_id")
    def delete_thing(thing_id): ...

    The entry names the caller, the project the permission check found, the
    object and the view's other arguments; it is written after the answer,
    for views whose change the core cannot record in its own transaction.
    """

    def attach(view: Callable) -> Callable:
        view.labelcore_audit = AuditedAction(action, object_id)
        return view

    return attach


# Names of ``record``'s own parameters: a view argument by such a name is
# recorded in its own column or not at all.
RECORDED_APART = {
    "action",
    "actor",
    "object_id",
    "object_type",
    "organization_id",
    "project_id",
}


def _audited_action(endpoint: str) -> AuditedAction | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "labelcore_audit", None)


def listen_for_project_deletion(session_factory) -> None:
    """Record every project deletion, whichever endpoint or job deletes it."""
    if not sa.event.contains(session_factory, "before_flush", _project_deletions):
        sa.event.listen(session_factory, "before_flush", _project_deletions)


def record_endpoint(response):
    """``after_request``: record a successful call of an audited endpoint."""
    declared = _audited_action(request.endpoint or "")
    if declared is None or not 200 <= response.status_code < 300:
        return response

    view_args = request.view_args or {}
    object_id = view_args.get(declared.object_id)
    if object_id is None and response.is_json:
        answer = response.get_json(silent=True)
        object_id = answer.get("id") if isinstance(answer, dict) else None
    decision = g.get("permission")
    project = getattr(decision, "project", None)

    try:
        record(
            declared.action,
            object_type=declared.action.split(".")[0],
            object_id=object_id,
            project_id=getattr(project, "id", None),
            **{
                name: value
                for name, value in view_args.items()
                if name not in RECORDED_APART and name != declared.object_id
            },
        )
        db.session.commit()
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        log.error("Audit entry %s not written: %s", declared.action, error)
    return response


def _project_deletions(session, _context, _instances) -> None:
    from labelcore.models import Project

    for row in list(session.deleted):
        if isinstance(row, Project):
            record(
                "project.deleted",
                object_type="project",
                object_id=row.id,
                organization_id=row.organization_id,
                project_id=row.id,
                title=row.title,
            )
