"""Applying the table to a request: 404 for the unseen, 403 for the forbidden."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa
from flask import Flask, current_app, g, request

from labelcore.api.errors import ApiError, not_found
from labelcore.models import Annotation, Project, User, db
from labelcore.permissions.roles import (
    UNFILTERED,
    at_least,
    can_see_project,
    effective_role,
    may_see_annotation,
    organization_role,
)
from labelcore.permissions.rules import UNRULED, Locate, Rule
from labelcore.permissions.table import RULES

log = logging.getLogger(__name__)

LARGEST_ID = 2**63 - 1


def rule_for(endpoint: str, app: Flask | None = None) -> Rule | None:
    """The rule a view carries, else the table's."""
    app = app or current_app
    view = app.view_functions.get(endpoint)
    found = getattr(view, "labelcore_rule", None)
    if found is None:
        found = getattr(getattr(view, "view_class", None), "labelcore_rule", None)
    return found or RULES.get(endpoint)


# -- applying the table to a request ---------------------------------------------


@dataclass
class Decision:
    """What the check found out about a request, kept on ``g.permission``."""

    rule: Rule
    project: Project | None = None
    role: str | None = None
    rows: dict[str, Any] = field(default_factory=dict)
    organization_id: int | None = None


def _body() -> dict[str, Any]:
    # Only a JSON body is read: an upload stays in the stream for its view.
    if not (request.mimetype or "").endswith("json"):
        return {}
    raw = request.get_data(cache=True)
    if not raw:
        return {}
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    return body if isinstance(body, dict) else {}


def _raw_value(locate: Locate) -> Any:
    if locate.source == "view":
        return (request.view_args or {}).get(locate.name)
    if locate.source == "query":
        raw = request.args.get(locate.name)
        if raw is None or not raw.strip().lstrip("-").isdigit():
            return None
        return int(raw)
    value = _body().get(locate.name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _locate_project(rule: Rule, decision: Decision) -> int | None:
    """The project id the request names, or ``None``; 404 for a named row
    that is not there."""
    for locate in rule.locate:
        value = _raw_value(locate)
        if value is None:
            continue
        if not -LARGEST_ID <= value <= LARGEST_ID:
            # No row has such an id; the database would refuse the number.
            raise not_found(locate.what or "Project", value)
        if locate.organization:
            decision.organization_id = value
            return None
        if locate.table:
            return _project_of_table_row(locate, value)
        if locate.model is None:
            return value
        # Unnarrowed: the checks below decide what the caller may see.
        row = db.session.get(locate.model, value, execution_options=UNFILTERED)
        what = locate.what or locate.model.__name__
        if row is None:
            raise not_found(what, value)
        decision.rows[locate.name] = row
        project_id = getattr(row, "project_id", None)
        if project_id is None:
            decision.rows["__unowned__"] = row
            return None
        return project_id
    return None


def _project_of_table_row(locate: Locate, value: Any) -> int:
    table = db.metadata.tables[locate.table]
    project_id = db.session.execute(
        sa.select(table.c.project_id).where(table.c.id == value)
    ).scalar_one_or_none()
    if project_id is None:
        raise not_found(locate.what, value)
    return project_id


def _forbidden(
    user_role: str | None, rule: Rule, where: str, needed: str | None = None
) -> ApiError:
    needed = needed or rule.role
    what = rule.action or f"{request.method} {request.path}"
    held = (
        f"your role {where} is {user_role}"
        if user_role
        else f"you have no role {where}"
    )
    return ApiError(
        403,
        f"You may not {what}: {held}, and this needs {needed} or higher. "
        f"Ask an owner or administrator of the organization (or a manager of "
        f"the project) for that role.",
        code="permission_denied",
        required_role=needed,
        your_role=user_role,
    )


def _hidden(rule: Rule, project_id: int) -> ApiError:
    for locate in rule.locate:
        if locate.model is not None and _raw_value(locate) is not None:
            return not_found(locate.what or locate.model.__name__, _raw_value(locate))
    return not_found("Project", project_id)


_WARNED: set[str] = set()


def check_request() -> None:
    """The ``before_request`` hook: apply the endpoint's rule."""
    endpoint = request.endpoint
    if endpoint is None or request.method == "OPTIONS":
        return
    rule = rule_for(endpoint)
    if rule is None:
        rule = UNRULED
        if endpoint not in _WARNED:
            _WARNED.add(endpoint)
            log.warning(
                "Endpoint %s has no permission rule: only organization "
                "administrators may call it",
                endpoint,
            )
    if rule.public:
        return
    _refuse_impossible_ids()

    user = g.get("user")
    if user is None:
        raise ApiError(401, "Authentication credentials were not provided.")
    decision = Decision(rule)
    g.permission = decision
    if rule.role is None:
        return

    project_id = _locate_project(rule, decision)
    if project_id is None:
        _check_without_project(rule, decision, user)
        return

    project = db.session.get(Project, project_id, execution_options=UNFILTERED)
    if project is None or not can_see_project(project, user):
        raise _hidden(rule, project_id)
    decision.project = project
    decision.role = effective_role(project, user)
    where = f"in project {project.id} ({project.title!r})"
    if at_least(decision.role, rule.role):
        _check_row_visible(rule, decision, user)
        return
    if rule.owner_field and at_least(decision.role, rule.own_role):
        rows = [row for row in decision.rows.values() if hasattr(row, rule.owner_field)]
        if rows and all(getattr(row, rule.owner_field) == user.id for row in rows):
            return
        _check_row_visible(rule, decision, user)
    raise _forbidden(decision.role, rule, where)


def _refuse_impossible_ids() -> None:
    """An id past what the database stores names nothing: 404, before any
    lookup turns it into a driver error."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and not -LARGEST_ID <= value <= LARGEST_ID:
            raise ApiError(
                404,
                f"Nothing is at {request.path} ({name} {value} cannot exist).",
                code="not_found",
            )


def _check_row_visible(rule: Rule, decision: Decision, user: User) -> None:
    # An annotation hidden from an annotator is absent for them, not forbidden.
    for name, row in decision.rows.items():
        if isinstance(row, Annotation) and not may_see_annotation(row):
            raise not_found("Annotation", getattr(row, "id", name))


def _check_without_project(rule: Rule, decision: Decision, user: User) -> None:
    unowned = decision.rows.get("__unowned__")
    organization_id = getattr(unowned, "organization_id", None)
    if decision.organization_id is not None:
        organization_id = decision.organization_id
        if organization_role(user, organization_id) is None:
            raise not_found("Organization", organization_id)
    elif organization_id is None:
        organization_id = user.active_organization_id
    elif organization_id != user.active_organization_id:
        raise not_found(type(unowned).__name__, getattr(unowned, "id", "?"))
    decision.role = organization_role(user, organization_id)
    needed = rule.organization_role or rule.role
    if decision.role is None:
        raise ApiError(
            403,
            "You are not a member of an organization: accept an invite link, "
            "or ask an owner of one to add you.",
            code="no_organization",
        )
    if at_least(decision.role, needed):
        return
    created_by = getattr(unowned, "created_by_id", None)
    if unowned is not None and created_by == user.id:
        return
    raise _forbidden(decision.role, rule, "in this organization", needed)


def register_permissions(app: Flask) -> None:
    """Check every request against the table; narrow lists in the database."""
    from labelcore.permissions.narrowing import listen

    app.before_request(check_request)
    listen(db.session)
