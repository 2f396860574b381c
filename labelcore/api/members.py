"""A project's members, their roles, and who else may open the project.

An open project (the default) is open to every member of its organization
with their organization role; a manager may restrict it to its listed
members, and may let annotators see each other's annotations.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import jsonify
from flask_smorest import Blueprint

from labelcore import audit
from labelcore.accounts import membership_of
from labelcore.api.access import get_project, json_body
from labelcore.api.errors import invalid, json_request, not_found
from labelcore.api.serializers import user_payload
from labelcore.api.users import UserSchema
from labelcore.auth import require_user
from labelcore.models import Project, User, db, isoformat
from labelcore.models.accounts import (
    ORGANIZATION_ROLES,
    PROJECT_ROLES,
    ProjectAccess,
    ProjectMember,
)
from labelcore.permissions import ORGANIZATION_ADMINS, effective_role, project_role

blp = Blueprint(
    "members",
    __name__,
    url_prefix="/api/projects",
    description="Project members, roles and access",
)

ACCESS_FIELDS = ("restricted", "annotators_see_others")


class MemberSchema(ma.Schema):
    """A listed member of a project and their role there."""

    id = ma.fields.Integer(required=True)
    project = ma.fields.Integer(required=True)
    user = ma.fields.Integer(required=True)
    user_detail = ma.fields.Nested(UserSchema, required=True)
    role = ma.fields.String(required=True, validate=ma.validate.OneOf(PROJECT_ROLES))
    created_at = ma.fields.String(required=True)


class AccessSchema(ma.Schema):
    """Who may open a project, and the caller's role in it."""

    project = ma.fields.Integer(required=True)
    restricted = ma.fields.Boolean(required=True)
    annotators_see_others = ma.fields.Boolean(required=True)
    your_role = ma.fields.String(
        required=True, allow_none=True, validate=ma.validate.OneOf(ORGANIZATION_ROLES)
    )


def member_payload(member: ProjectMember, user: User) -> dict[str, Any]:
    return {
        "id": member.id,
        "project": member.project_id,
        "user": user.id,
        "user_detail": user_payload(user),
        "role": member.role,
        "created_at": isoformat(member.created_at),
    }


def _role(body: dict[str, Any], default: str | None = None) -> str:
    role = body.get("role", default)
    if role not in PROJECT_ROLES:
        raise invalid(
            "role",
            f"must be one of {', '.join(PROJECT_ROLES)}, got {role!r}.",
        )
    return role


def _member(project: Project, user_id: int) -> tuple[ProjectMember, User]:
    found = db.session.execute(
        sa.select(ProjectMember, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project.id, ProjectMember.user_id == user_id)
    ).first()
    if found is None:
        raise not_found("Project member", user_id)
    return found[0], found[1]


@blp.route("/<int:project_id>/members/", methods=["GET"])
@blp.response(200, MemberSchema(many=True))
def list_members(project_id: int):
    """The project's listed members and their roles."""
    project = get_project(project_id)
    rows = db.session.execute(
        sa.select(ProjectMember, User)
        .join(User, User.id == ProjectMember.user_id)
        .where(ProjectMember.project_id == project.id)
        .order_by(User.id)
    ).all()
    return jsonify([member_payload(member, user) for member, user in rows])


@blp.route("/<int:project_id>/members/", methods=["POST"])
@blp.response(201, MemberSchema)
@blp.alt_response(
    200, schema=MemberSchema, description="Already listed: the role was changed."
)
@blp.doc(
    **json_request(
        {
            "user": {"type": "integer", "minimum": 1},
            "role": {"type": "string", "enum": list(PROJECT_ROLES)},
        },
        required=("user",),
    )
)
def add_member(project_id: int):
    """List a member of the organization in the project: ``{"user": id,
    "role": "annotator" | "reviewer" | "manager"}`` (a listed one changes role)."""
    project = get_project(project_id)
    body = json_body()
    user_id = body.get("user")
    if isinstance(user_id, bool) or not isinstance(user_id, int):
        raise invalid("user", f"must be the id of a user, got {user_id!r}.")
    role = _role(body, "annotator")
    user = db.session.get(User, user_id)
    if user is None or membership_of(user, project.organization_id) is None:
        raise invalid(
            "user",
            f"user {user_id} is not a member of this project's organization; "
            f"invite them to the organization first.",
        )

    member = db.session.execute(
        sa.select(ProjectMember).where(
            ProjectMember.project_id == project.id, ProjectMember.user_id == user.id
        )
    ).scalar_one_or_none()
    created = member is None
    if created:
        member = ProjectMember(project_id=project.id, user_id=user.id, role=role)
        db.session.add(member)
    else:
        member.role = role
    db.session.flush()
    audit.record(
        "project_member.added" if created else "project_member.role_changed",
        object_type="user",
        object_id=user.id,
        organization_id=project.organization_id,
        project_id=project.id,
        role=role,
    )
    db.session.commit()
    response = jsonify(member_payload(member, user))
    response.status_code = 201 if created else 200
    return response


@blp.route("/<int:project_id>/members/<int:user_id>/", methods=["PATCH"])
@blp.response(200, MemberSchema)
@blp.doc(
    **json_request(
        {"role": {"type": "string", "enum": list(PROJECT_ROLES)}}, required=("role",)
    )
)
def update_member(project_id: int, user_id: int):
    """Change a listed member's role: ``{"role"}``."""
    project = get_project(project_id)
    member, user = _member(project, user_id)
    role = _role(json_body())
    previous, member.role = member.role, role
    audit.record(
        "project_member.role_changed",
        object_type="user",
        object_id=user.id,
        organization_id=project.organization_id,
        project_id=project.id,
        previous=previous,
        role=role,
    )
    db.session.commit()
    return jsonify(member_payload(member, user))


@blp.route("/<int:project_id>/members/<int:user_id>/", methods=["DELETE"])
def remove_member(project_id: int, user_id: int):
    """Unlist a member: on an open project they keep their organization role."""
    project = get_project(project_id)
    member, user = _member(project, user_id)
    db.session.delete(member)
    audit.record(
        "project_member.removed",
        object_type="user",
        object_id=user.id,
        organization_id=project.organization_id,
        project_id=project.id,
        role=member.role,
    )
    db.session.commit()
    return "", 204


# -- who else may open the project -------------------------------------------------


def _keep_caller_listed(project: Project) -> None:
    """A manager who restricts a project keeps it: one whose role came from
    the organization is listed as its manager."""
    user = require_user()
    if effective_role(project, user) in ORGANIZATION_ADMINS:
        return
    if project.created_by_id == user.id:
        return
    listed = db.session.execute(
        sa.select(ProjectMember.id).where(
            ProjectMember.project_id == project.id, ProjectMember.user_id == user.id
        )
    ).first()
    if not listed:
        db.session.add(
            ProjectMember(project_id=project.id, user_id=user.id, role="manager")
        )


def access_payload(project: Project, access: ProjectAccess | None) -> dict[str, Any]:
    return {
        "project": project.id,
        "restricted": bool(access and access.restricted),
        "annotators_see_others": bool(access and access.annotators_see_others),
        "your_role": project_role(project, require_user()),
    }


@blp.route("/<int:project_id>/access/", methods=["GET"])
@blp.response(200, AccessSchema)
def read_access(project_id: int):
    """Whether the project is restricted to its members, whether its
    annotators see each other's annotations, and the caller's role in it
    (``manager``, ``reviewer`` or ``annotator``), for the web UI to show
    what that role may use."""
    project = get_project(project_id)
    return jsonify(access_payload(project, db.session.get(ProjectAccess, project.id)))


@blp.route("/<int:project_id>/access/", methods=["PATCH"])
@blp.response(200, AccessSchema)
@blp.doc(
    **json_request(
        {
            "restricted": {"type": "boolean"},
            "annotators_see_others": {"type": "boolean"},
        }
    )
)
def update_access(project_id: int):
    """Change ``restricted`` and ``annotators_see_others`` (booleans)."""
    project = get_project(project_id)
    body = json_body()
    access = db.session.get(ProjectAccess, project.id)
    if access is None:
        access = ProjectAccess(
            project_id=project.id, restricted=False, annotators_see_others=False
        )
        db.session.add(access)
    changed = {}
    for name in ACCESS_FIELDS:
        if name in body:
            if not isinstance(body[name], bool):
                raise invalid(name, f"must be true or false, got {body[name]!r}.")
            setattr(access, name, body[name])
            changed[name] = body[name]

    if changed.get("restricted"):
        _keep_caller_listed(project)
    audit.record(
        "project.access_changed",
        object_type="project",
        object_id=project.id,
        organization_id=project.organization_id,
        project_id=project.id,
        **changed,
    )
    db.session.commit()
    return jsonify(access_payload(project, access))
