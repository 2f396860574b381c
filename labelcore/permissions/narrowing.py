"""Narrowing lists in the database: what a caller may not see is not there."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, has_request_context, request
from sqlalchemy.orm import with_loader_criteria

from labelcore.models import Annotation, Job, Project, User, db
from labelcore.models.accounts import ProjectAccess, ProjectMember
from labelcore.permissions.roles import _request_cache, at_least, organization_role
from labelcore.permissions.rules import ORGANIZATION_ADMINS, SAFE_METHODS

# -- narrowing lists in the database ---------------------------------------------


def hidden_project_ids(user: User) -> list[int]:
    """Restricted projects of the caller's organization they are no member of."""
    cache = _request_cache("hidden_projects")
    if "ids" in cache:
        return cache["ids"]
    organization_id = user.active_organization_id
    role = organization_role(user, organization_id)
    if role in ORGANIZATION_ADMINS:
        cache["ids"] = []
        return []
    member_of = sa.select(ProjectMember.project_id).where(
        ProjectMember.user_id == user.id
    )
    rows = db.session.connection().execute(
        sa.select(Project.id)
        .join(ProjectAccess, ProjectAccess.project_id == Project.id)
        .where(
            Project.organization_id == organization_id,
            ProjectAccess.restricted.is_(True),
            sa.or_(Project.created_by_id.is_(None), Project.created_by_id != user.id),
            Project.id.not_in(member_of),
        )
    )
    cache["ids"] = [project_id for (project_id,) in rows]
    return cache["ids"]


def limited_annotation_project_ids(user: User) -> list[int]:
    """Projects of the caller's organization where they see only their own
    annotations."""
    cache = _request_cache("limited_projects")
    if "ids" in cache:
        return cache["ids"]
    organization_id = user.active_organization_id
    org_role = organization_role(user, organization_id)
    if org_role is None or org_role in ORGANIZATION_ADMINS:
        cache["ids"] = []
        return []
    rows = db.session.connection().execute(
        sa.select(Project.id, Project.created_by_id, ProjectMember.role)
        .outerjoin(
            ProjectMember,
            sa.and_(
                ProjectMember.project_id == Project.id,
                ProjectMember.user_id == user.id,
            ),
        )
        .outerjoin(ProjectAccess, ProjectAccess.project_id == Project.id)
        .where(
            Project.organization_id == organization_id,
            sa.or_(
                ProjectAccess.annotators_see_others.is_(None),
                ProjectAccess.annotators_see_others.is_(False),
            ),
        )
    )
    limited = []
    for project_id, created_by, member_role in rows:
        role = member_role or ("manager" if created_by == user.id else org_role)
        if not at_least(role, "reviewer"):
            limited.append(project_id)
    cache["ids"] = limited
    return limited


def _narrow_reads(state) -> None:
    """Hide, in every ORM query of a request, the rows the caller may not see
    in a list: restricted projects (and their jobs), and, on reads, other
    people's annotations where the caller sees only their own."""
    if not state.is_select or state.execution_options.get("labelcore_unfiltered"):
        return
    if state.is_column_load:
        # Refreshing a row the session already holds: it was narrowed (or
        # checked) when it was first loaded.
        return
    if not _in_user_request():
        return
    user = g.get("user")
    options = []
    # A criterion reaches every place the model appears in a statement,
    # subqueries and counts included, and costs nothing where it does not.
    hidden = hidden_project_ids(user)
    if hidden:
        options.append(with_loader_criteria(Project, Project.id.not_in(hidden)))
        options.append(
            with_loader_criteria(
                Job, sa.or_(Job.project_id.is_(None), Job.project_id.not_in(hidden))
            )
        )
    if request.method in SAFE_METHODS:
        limited = limited_annotation_project_ids(user)
        if limited:
            options.append(
                with_loader_criteria(
                    Annotation,
                    sa.or_(
                        Annotation.completed_by_id == user.id,
                        Annotation.project_id.not_in(limited),
                    ),
                )
            )
    if options:
        state.statement = state.statement.options(*options)


def _in_user_request() -> bool:
    return has_request_context() and g.get("user") is not None


def _narrow_with_guard(state) -> None:
    # The lookups that compute what to hide are ORM queries too.
    if not has_request_context() or g.get("labelcore_narrowing"):
        return
    g.labelcore_narrowing = True
    try:
        _narrow_reads(state)
    finally:
        g.labelcore_narrowing = False


def listen(session_factory) -> None:
    """Narrow the ORM queries of the sessions of ``session_factory``, once."""
    if not sa.event.contains(session_factory, "do_orm_execute", _narrow_with_guard):
        sa.event.listen(session_factory, "do_orm_execute", _narrow_with_guard)
