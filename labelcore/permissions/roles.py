"""Roles: a user's in an organization and in a project, and what they see."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g

from labelcore.models import Annotation, Membership, Project, User, db
from labelcore.models.accounts import ProjectAccess, ProjectMember
from labelcore.permissions.rules import ORGANIZATION_ADMINS, ROLE_RANK

# -- roles ---------------------------------------------------------------------


def organization_role(user: User | None, organization_id: int | None) -> str | None:
    """``user``'s role in the organization, ``None`` for a non-member."""
    if user is None or organization_id is None:
        return None
    cache = _request_cache("organization_roles")
    key = (user.id, organization_id)
    if key not in cache:
        role = db.session.execute(
            sa.select(Membership.role).where(
                Membership.organization_id == organization_id,
                Membership.user_id == user.id,
            )
        ).scalar_one_or_none()
        if role is not None and user.is_admin:
            role = "owner"
        cache[key] = _known_role(role)
    return cache[key]


def _known_role(role: str | None) -> str | None:
    if role is None:
        return None
    # Rows from before roles say "member": the least role.
    return role if role in ROLE_RANK else "annotator"


def access_of(project_id: int) -> ProjectAccess | None:
    cache = _request_cache("project_access")
    if project_id not in cache:
        cache[project_id] = db.session.get(ProjectAccess, project_id)
    return cache[project_id]


def effective_role(project: Project, user: User | None) -> str | None:
    """``user``'s role in ``project``, ``None`` when they may not see it.

    Owners and administrators of the organization keep their role; a
    project membership comes next; the project's creator manages it; on an
    open project everyone else has their organization role, capped at
    manager; a restricted project is hidden from everyone else.
    """
    if user is None or project is None:
        return None
    cache = _request_cache("project_roles")
    key = (user.id, project.id)
    if key in cache:
        return cache[key]

    in_organization = organization_role(user, project.organization_id)
    role: str | None
    if in_organization is None:
        role = None
    elif in_organization in ORGANIZATION_ADMINS:
        role = in_organization
    else:
        member_role = db.session.execute(
            sa.select(ProjectMember.role).where(
                ProjectMember.project_id == project.id,
                ProjectMember.user_id == user.id,
            )
        ).scalar_one_or_none()
        access = access_of(project.id)
        if member_role is not None:
            role = member_role
        elif project.created_by_id == user.id:
            role = "manager"
        elif access is not None and access.restricted:
            role = None
        else:
            role = in_organization

    cache[key] = role
    return role


def project_role(project: Project, user: User | None) -> str | None:
    """``user``'s role in ``project`` as a workflow sees it: ``manager``,
    ``reviewer``, ``annotator`` or ``None`` (owners and administrators
    count as managers)."""
    role = effective_role(project, user)
    if role in ORGANIZATION_ADMINS:
        return "manager"
    return role


def at_least(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def can_see_project(project: Project | None, user: User | None = None) -> bool:
    """Whether the caller may see ``project`` at all (their active organization's,
    and open to them)."""
    user = user if user is not None else g.get("user")
    if project is None or user is None:
        return False
    if project.organization_id != user.active_organization_id:
        return False
    return effective_role(project, user) is not None


def sees_all_annotations(project: Project, user: User | None = None) -> bool:
    """Whether the caller sees every annotation of ``project``'s tasks, not
    only their own: reviewers and up do, annotators when the project says so."""
    user = user if user is not None else g.get("user")
    role = effective_role(project, user)
    if at_least(role, "reviewer"):
        return True
    access = access_of(project.id)
    return access is not None and access.annotators_see_others


def visible_annotations(query: sa.Select, project: Project) -> sa.Select:
    """``query`` over ``Annotation`` narrowed to what the caller may see."""
    if sees_all_annotations(project):
        return query
    user = g.get("user")
    return query.where(Annotation.completed_by_id == (user.id if user else None))


def may_see_annotation(annotation: Annotation) -> bool:
    project = db.session.get(Project, annotation.project_id)
    user = g.get("user")
    if not can_see_project(project, user):
        return False
    return sees_all_annotations(project, user) or (
        user is not None and annotation.completed_by_id == user.id
    )


def _request_cache(name: str) -> dict:
    caches = g.setdefault("labelcore_permission_cache", {})
    return caches.setdefault(name, {})
