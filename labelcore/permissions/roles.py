"""Roles: a user's in an organization and in a project, and what they see."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import g

from labelcore.models import Annotation, Membership, Project, User, db
from labelcore.models.accounts import ProjectAccess, ProjectMember
from labelcore.permissions.rules import ORGANIZATION_ADMINS, ROLE_RANK

UNFILTERED = {"labelcore_unfiltered": True}
"""Execution options of a read that the per-request narrowing leaves alone:
the permission checks themselves, and code that decides visibility on its
own."""


@dataclass(frozen=True)
class AccessSettings:
    """A project's ``ProjectAccess`` values, as the checks read them."""

    restricted: bool
    annotators_see_others: bool


def _scalar(column, *conditions):
    return sa.select(column).where(*conditions).scalar_subquery()


_ORGANIZATION_ROLE = sa.select(Membership.role).where(
    Membership.organization_id == sa.bindparam("organization_id"),
    Membership.user_id == sa.bindparam("user_id"),
)

# Every fact a project-scoped check needs, in one statement built once: each
# request asks it for the caller and the project it names.
_PROJECT_FACTS = sa.select(
    _scalar(
        Membership.role,
        Membership.organization_id == sa.bindparam("organization_id"),
        Membership.user_id == sa.bindparam("user_id"),
    ),
    _scalar(
        ProjectMember.role,
        ProjectMember.project_id == sa.bindparam("project_id"),
        ProjectMember.user_id == sa.bindparam("user_id"),
    ),
    _scalar(
        ProjectAccess.restricted, ProjectAccess.project_id == sa.bindparam("project_id")
    ),
    _scalar(
        ProjectAccess.annotators_see_others,
        ProjectAccess.project_id == sa.bindparam("project_id"),
    ),
)

# -- roles ---------------------------------------------------------------------


def organization_role(user: User | None, organization_id: int | None) -> str | None:
    """``user``'s role in the organization, ``None`` for a non-member."""
    if user is None or organization_id is None:
        return None
    cache = _request_cache("organization_roles")
    key = (user.id, organization_id)
    if key not in cache:
        role = (
            db.session.connection()
            .execute(
                _ORGANIZATION_ROLE,
                {"organization_id": organization_id, "user_id": user.id},
            )
            .scalar_one_or_none()
        )
        if role is not None and user.is_admin:
            role = "owner"
        cache[key] = _known_role(role)
    return cache[key]


def _known_role(role: str | None) -> str | None:
    if role is None:
        return None
    # Rows from before roles say "member": the least role.
    return role if role in ROLE_RANK else "annotator"


def access_of(project_id: int) -> AccessSettings | None:
    """The project's access settings, ``None`` when it keeps the defaults."""
    cache = _request_cache("project_access")
    if project_id not in cache:
        row = db.session.get(ProjectAccess, project_id, execution_options=UNFILTERED)
        cache[project_id] = _access_settings(
            row and row.restricted, row and row.annotators_see_others
        )
    return cache[project_id]


def _access_settings(restricted, annotators_see_others) -> AccessSettings | None:
    if restricted is None and annotators_see_others is None:
        return None
    return AccessSettings(bool(restricted), bool(annotators_see_others))


def _member_role(project: Project, user: User) -> str | None:
    """The caller's project membership role; on the way, the organization
    role and the project's access settings go into the request's caches,
    all from one statement."""
    organization_role_of, member_role, restricted, others = (
        db.session.connection()
        .execute(
            _PROJECT_FACTS,
            {
                "organization_id": project.organization_id,
                "user_id": user.id,
                "project_id": project.id,
            },
        )
        .one()
    )
    if organization_role_of is not None and user.is_admin:
        organization_role_of = "owner"
    roles = _request_cache("organization_roles")
    key = (user.id, project.organization_id)
    roles.setdefault(key, _known_role(organization_role_of))
    access = _request_cache("project_access")
    access.setdefault(project.id, _access_settings(restricted, others))
    return member_role


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

    member_role = _member_role(project, user)
    in_organization = organization_role(user, project.organization_id)
    role: str | None
    if in_organization is None:
        role = None
    elif in_organization in ORGANIZATION_ADMINS:
        role = in_organization
    else:
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
    project = db.session.get(
        Project, annotation.project_id, execution_options=UNFILTERED
    )
    user = g.get("user")
    if not can_see_project(project, user):
        return False
    return sees_all_annotations(project, user) or (
        user is not None and annotation.completed_by_id == user.id
    )


def _request_cache(name: str) -> dict:
    caches = g.setdefault("labelcore_permission_cache", {})
    return caches.setdefault(name, {})
