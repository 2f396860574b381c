"""The audit log: administrative actions, who took them and when.

Members and roles, invites, tokens, project access, project deletion,
storages and webhooks are recorded with ``record(...)`` in the transaction
that makes the change, so an entry exists exactly when the change does.
Token values and passwords never reach an entry.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context, request

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


AUDITED_ENDPOINTS = {
    "storages.import_create": "storage.created",
    "storages.export_create": "storage.created",
    "storages.import_update": "storage.updated",
    "storages.export_update": "storage.updated",
    "storages.import_delete": "storage.deleted",
    "storages.export_delete": "storage.deleted",
    "ml_backends.create_backend": "ml_backend.created",
    "ml_backends.update_backend": "ml_backend.updated",
    "ml_backends.delete_backend": "ml_backend.deleted",
}
"""Administrative endpoints of the bundled plugins, recorded once they
succeeded, until those plugins record their own actions."""
ID_ARGUMENTS = ("storage_id", "backend_id")


def listen_for_project_deletion(session_factory) -> None:
    """Record every project deletion, whichever endpoint or job deletes it."""
    if not sa.event.contains(session_factory, "before_flush", _project_deletions):
        sa.event.listen(session_factory, "before_flush", _project_deletions)


def record_endpoint(response):
    """``after_request``: record a successful call of an audited endpoint."""
    action = AUDITED_ENDPOINTS.get(request.endpoint or "")
    if action is None or not 200 <= response.status_code < 300:
        return response
    view_args = request.view_args or {}
    object_id = next(
        (view_args[name] for name in ID_ARGUMENTS if name in view_args), None
    )
    if object_id is None and response.is_json:
        object_id = (response.get_json(silent=True) or {}).get("id")
    decision = g.get("permission")
    project = getattr(decision, "project", None)
    try:
        record(
            action,
            object_type=action.split(".")[0],
            object_id=object_id,
            project_id=getattr(project, "id", None),
            kind=view_args.get("kind"),
        )
        db.session.commit()
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        log.error("Audit entry %s not written: %s", action, error)
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
