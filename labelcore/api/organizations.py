"""Organizations, their members and roles, invite links and the audit log.

A user belongs to one or more organizations and works in one at a time
(``active_organization``); every object belongs to exactly one. Owners and
administrators manage members; only an owner makes or unmakes an owner,
and an organization always keeps one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import current_app, jsonify, request
from flask_smorest import Blueprint

from labelcore import audit
from labelcore.accounts import (
    AccountError,
    add_member,
    check_organization_title,
    check_role,
    membership_of,
)
from labelcore.api.access import int_arg, json_body
from labelcore.api.errors import ApiError, invalid, json_request, not_found
from labelcore.api.serializers import user_payload
from labelcore.api.users import UserSchema
from labelcore.auth import require_user
from labelcore.database import writes_on_get
from labelcore.models import (
    Membership,
    Organization,
    Project,
    User,
    db,
    isoformat,
    utcnow,
)
from labelcore.models.accounts import (
    ORGANIZATION_ROLES,
    OrganizationInvite,
    ProjectMember,
)
from labelcore.permissions import organization_role

blp = Blueprint(
    "organizations",
    __name__,
    url_prefix="/api",
    description="Organizations, members, invites and the audit log",
)

INVITE_LIFETIME = timedelta(days=7)
MAX_INVITE_DAYS = 365


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _organization(organization_id: int) -> Organization:
    organization = db.session.get(Organization, organization_id)
    if (
        organization is None
        or organization_role(require_user(), organization_id) is None
    ):
        raise not_found("Organization", organization_id)
    return organization


class OrganizationSchema(ma.Schema):
    """An organization as the caller sees it: their role, and whether it is
    their active one."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    created_at = ma.fields.String(required=True)
    role = ma.fields.String(
        required=True, validate=ma.validate.OneOf(ORGANIZATION_ROLES)
    )
    active = ma.fields.Boolean(required=True)


class AuditEntrySchema(ma.Schema):
    """One administrative action: who, what, on which object, from where."""

    id = ma.fields.Integer(required=True)
    action = ma.fields.String(required=True)
    object_type = ma.fields.String(required=True)
    object_id = ma.fields.String(required=True, allow_none=True)
    project = ma.fields.Integer(required=True, allow_none=True)
    actor = ma.fields.Integer(required=True, allow_none=True)
    details = ma.fields.Dict(required=True, allow_none=True)
    remote_addr = ma.fields.String(required=True, allow_none=True)
    created_at = ma.fields.String(required=True)


def organization_payload(organization: Organization, user: User) -> dict[str, Any]:
    return {
        "id": organization.id,
        "title": organization.title,
        "created_at": isoformat(organization.created_at),
        "role": organization_role(user, organization.id),
        "active": user.active_organization_id == organization.id,
    }


@blp.route("/organizations/", methods=["GET"])
@blp.response(200, OrganizationSchema(many=True))
def list_organizations():
    """The organizations the caller belongs to."""
    user = require_user()
    rows = db.session.execute(
        sa.select(Organization)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id)
        .order_by(Organization.id)
    ).scalars()
    return jsonify([organization_payload(row, user) for row in rows])


@blp.route("/organizations/", methods=["POST"])
@blp.response(201, OrganizationSchema)
@blp.doc(**json_request({"title": {"type": "string"}}, required=("title",)))
def create_organization():
    """A new organization, ``{"title"}``, with the caller as its owner.
    Only server administrators create organizations."""
    user = require_user()
    if not user.is_admin:
        raise ApiError(
            403,
            "Only a server administrator may create organizations; ask one, or "
            "run `labelcore user create EMAIL --organization NAME`.",
            code="permission_denied",
        )
    try:
        title = check_organization_title(json_body().get("title"))
    except AccountError as error:
        raise invalid("title", str(error)) from None

    organization = Organization(title=title)
    db.session.add(organization)
    db.session.flush()
    add_member(user, organization, "owner")
    audit.record(
        "organization.created",
        object_type="organization",
        object_id=organization.id,
        organization_id=organization.id,
        title=title,
    )
    db.session.commit()
    response = jsonify(organization_payload(organization, user))
    response.status_code = 201
    return response


@blp.route("/organizations/<int:organization_id>", methods=["GET"])
@blp.response(200, OrganizationSchema)
def read_organization(organization_id: int):
    """One organization the caller belongs to."""
    return jsonify(organization_payload(_organization(organization_id), require_user()))


@blp.route("/organizations/<int:organization_id>", methods=["PATCH"])
@blp.response(200, OrganizationSchema)
@blp.doc(**json_request({"title": {"type": "string"}}))
def update_organization(organization_id: int):
    """Rename the organization: ``{"title"}``."""
    organization = _organization(organization_id)
    body = json_body()
    if "title" in body:
        try:
            organization.title = check_organization_title(body["title"])
        except AccountError as error:
            raise invalid("title", str(error)) from None
        audit.record(
            "organization.updated",
            object_type="organization",
            object_id=organization.id,
            organization_id=organization.id,
            title=organization.title,
        )
    db.session.commit()
    return jsonify(organization_payload(organization, require_user()))


@blp.route("/organizations/<int:organization_id>/switch", methods=["POST"])
def switch_organization(organization_id: int):
    """Work in this organization from now on (the caller's active one)."""
    user = require_user()
    organization = _organization(organization_id)
    user.active_organization_id = organization.id
    db.session.commit()
    return jsonify(organization_payload(organization, user))


# -- members ---------------------------------------------------------------------


MAX_PAGE = 1_000_000_000
LARGEST_ID = 2**63 - 1


def _query_number(name: str) -> dict[str, Any]:
    """An optional whole-number query argument, for the OpenAPI document."""
    return {
        "in": "query",
        "name": name,
        "required": False,
        "schema": {"type": "integer", "minimum": 1},
    }


class MembershipSchema(ma.Schema):
    """A member of an organization and their role there."""

    id = ma.fields.Integer(required=True)
    organization = ma.fields.Integer(required=True)
    user = ma.fields.Nested(UserSchema, required=True)
    role = ma.fields.String(
        required=True, validate=ma.validate.OneOf(ORGANIZATION_ROLES)
    )
    created_at = ma.fields.String(required=True)


class MembershipPageSchema(ma.Schema):
    """One page of members, in Label Studio's paged shape."""

    count = ma.fields.Integer(required=True)
    next = ma.fields.Integer(required=True, allow_none=True)
    previous = ma.fields.Integer(required=True, allow_none=True)
    results = ma.fields.List(ma.fields.Nested(MembershipSchema), required=True)


class InviteSchema(ma.Schema):
    """An invite link; its token and URL only in the answers that make one."""

    id = ma.fields.Integer(required=True)
    organization = ma.fields.Integer(required=True)
    role = ma.fields.String(
        required=True, validate=ma.validate.OneOf(ORGANIZATION_ROLES)
    )
    email = ma.fields.String(required=True, allow_none=True)
    created_at = ma.fields.String(required=True)
    expires_at = ma.fields.String(required=True, allow_none=True)
    revoked = ma.fields.Boolean(required=True)
    accepted_count = ma.fields.Integer(required=True)
    token = ma.fields.String()
    invite_url = ma.fields.String()


def membership_payload(membership: Membership, user: User) -> dict[str, Any]:
    return {
        "id": membership.id,
        "organization": membership.organization_id,
        "user": user_payload(user),
        "role": membership.role,
        "created_at": isoformat(membership.created_at),
    }


@blp.route("/organizations/<int:organization_id>/memberships", methods=["GET"])
@blp.response(200, MembershipPageSchema)
@blp.doc(parameters=[_query_number("page"), _query_number("page_size")])
def list_memberships(organization_id: int):
    """The organization's members with their roles, paged as Label Studio
    pages them (``page``, ``page_size``)."""
    _organization(organization_id)
    page = int_arg("page", 1)
    if page > MAX_PAGE:
        raise invalid(
            "page",
            f"must be at most {MAX_PAGE:,}, got {page}; no organization has "
            "that many pages of members.",
        )
    page_size = min(int_arg("page_size", 100), 1000)
    query = (
        sa.select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organization_id == organization_id)
    )
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(query.subquery())
    ).scalar_one()
    rows = db.session.execute(
        query.order_by(User.id).limit(page_size).offset((page - 1) * page_size)
    ).all()
    return jsonify(
        {
            "count": total,
            "next": page + 1 if page * page_size < total else None,
            "previous": page - 1 if page > 1 else None,
            "results": [membership_payload(row, user) for row, user in rows],
        }
    )


def _membership(organization_id: int, user_id: int) -> tuple[Membership, User]:
    _organization(organization_id)
    found = db.session.execute(
        sa.select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organization_id == organization_id,
            Membership.user_id == user_id,
        )
    ).first()
    if found is None:
        raise not_found("Member", user_id)
    return found[0], found[1]


def _owners(organization_id: int) -> int:
    return db.session.execute(
        sa.select(sa.func.count()).where(
            Membership.organization_id == organization_id, Membership.role == "owner"
        )
    ).scalar_one()


def _check_owner_change(membership: Membership, new_role: str | None) -> None:
    """Only an owner touches an owner's place; the last owner stays."""
    caller_role = organization_role(require_user(), membership.organization_id)
    touches_owner = membership.role == "owner" or new_role == "owner"
    if touches_owner and caller_role != "owner":
        raise ApiError(
            403,
            "Only an owner may make someone an owner or change an owner's role.",
            code="permission_denied",
        )
    leaves_owners = membership.role == "owner" and new_role != "owner"
    if leaves_owners and _owners(membership.organization_id) <= 1:
        raise ApiError(
            400,
            "This is the organization's last owner: make another member an "
            "owner first.",
            code="last_owner",
        )


@blp.route(
    "/organizations/<int:organization_id>/memberships/<int:user_id>/",
    methods=["PATCH"],
)
@blp.doc(
    **json_request(
        {"role": {"type": "string", "enum": list(ORGANIZATION_ROLES)}},
        required=("role",),
    )
)
def update_membership(organization_id: int, user_id: int):
    """Change a member's role: ``{"role": "annotator" | "reviewer" | "manager"
    | "administrator" | "owner"}``."""
    membership, user = _membership(organization_id, user_id)
    try:
        role = check_role(json_body().get("role"))
    except AccountError as error:
        raise invalid("role", str(error)) from None
    _check_owner_change(membership, role)

    previous = membership.role
    membership.role = role
    audit.record(
        "member.role_changed",
        object_type="user",
        object_id=user.id,
        organization_id=organization_id,
        previous=previous,
        role=role,
    )
    db.session.commit()
    return jsonify(membership_payload(membership, user))


@blp.route(
    "/organizations/<int:organization_id>/memberships/<int:user_id>/",
    methods=["DELETE"],
)
def delete_membership(organization_id: int, user_id: int):
    """Remove a member: their project roles in this organization go too."""
    membership, user = _membership(organization_id, user_id)
    _check_owner_change(membership, None)

    project_ids = sa.select(Project.id).where(
        Project.organization_id == organization_id
    )
    db.session.execute(
        sa.delete(ProjectMember).where(
            ProjectMember.user_id == user.id, ProjectMember.project_id.in_(project_ids)
        )
    )
    db.session.delete(membership)
    if user.active_organization_id == organization_id:
        other = db.session.execute(
            sa.select(Membership.organization_id).where(
                Membership.user_id == user.id,
                Membership.organization_id != organization_id,
            )
        ).scalar()
        user.active_organization_id = other
    audit.record(
        "member.removed",
        object_type="user",
        object_id=user.id,
        organization_id=organization_id,
        role=membership.role,
    )
    db.session.commit()
    return "", 204


# -- invite links ------------------------------------------------------------------


def _invite_url(token: str) -> str:
    # Never from the request's Host header, which a client chooses; without
    # LABELCORE_PUBLIC_URL the link is a path the web UI completes.
    base = current_app.extensions["labelcore"].settings.public_url
    return f"{base.rstrip('/')}/user/signup/?token={token}"


def invite_payload(invite: OrganizationInvite, token: str | None = None) -> dict:
    payload = {
        "id": invite.id,
        "organization": invite.organization_id,
        "role": invite.role,
        "email": invite.email,
        "created_at": isoformat(invite.created_at),
        "expires_at": isoformat(invite.expires_at),
        "revoked": invite.revoked_at is not None,
        "accepted_count": invite.accepted_count,
    }
    if token is not None:
        payload.update(token=token, invite_url=_invite_url(token))
    return payload


def _new_invite(organization_id: int, body: dict[str, Any]):
    try:
        role = check_role(body.get("role", "annotator"))
    except AccountError as error:
        raise invalid("role", str(error)) from None
    if (
        role == "owner"
        and organization_role(require_user(), organization_id) != "owner"
    ):
        raise ApiError(
            403, "Only an owner may invite owners.", code="permission_denied"
        )
    days = body.get("expires_in_days", INVITE_LIFETIME.days)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
        raise invalid(
            "expires_in_days", f"must be a whole number from 1 to 365, got {days!r}."
        )
    email = body.get("email")
    if email is not None and (not isinstance(email, str) or "@" not in email):
        raise invalid("email", f"must be an e-mail address, got {email!r}.")

    token = secrets.token_urlsafe(24)
    invite = OrganizationInvite(
        organization_id=organization_id,
        digest=_digest(token),
        role=role,
        email=email.strip().lower() if email else None,
        created_by_id=require_user().id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invite)
    db.session.flush()
    audit.record(
        "invite.created",
        object_type="invite",
        object_id=invite.id,
        organization_id=organization_id,
        role=role,
        email=invite.email,
    )
    return invite, token


@blp.route("/organizations/<int:organization_id>/invites", methods=["GET"])
@blp.response(200, InviteSchema(many=True))
def list_invites(organization_id: int):
    """The organization's invite links (their tokens are not stored)."""
    _organization(organization_id)
    rows = db.session.execute(
        sa.select(OrganizationInvite)
        .where(OrganizationInvite.organization_id == organization_id)
        .order_by(OrganizationInvite.id.desc())
    ).scalars()
    return jsonify([invite_payload(row) for row in rows])


@blp.route("/organizations/<int:organization_id>/invites", methods=["POST"])
@blp.response(201, InviteSchema)
@blp.doc(
    **json_request(
        {
            "role": {"type": "string", "enum": list(ORGANIZATION_ROLES)},
            "email": {"type": "string", "format": "email"},
            "expires_in_days": {"type": "integer", "minimum": 1},
        }
    )
)
def create_invite(organization_id: int):
    """A new invite link: ``{"role", "email"?, "expires_in_days"?}``."""
    _organization(organization_id)
    invite, token = _new_invite(organization_id, json_body())
    db.session.commit()
    response = jsonify(invite_payload(invite, token))
    response.status_code = 201
    return response


@blp.route("/invite", methods=["GET"])
@blp.response(200, InviteSchema)
@writes_on_get
def read_invite():
    """Label Studio's invite link for the active organization: a fresh
    annotator invite each time, since only digests of tokens are kept."""
    invite, token = _new_invite(require_user().active_organization_id, {})
    db.session.commit()
    return jsonify(invite_payload(invite, token))


@blp.route("/invite/reset-token", methods=["POST"])
@blp.response(200, InviteSchema)
def reset_invite():
    """Revoke every open invite of the active organization and make a new one."""
    organization_id = require_user().active_organization_id
    db.session.execute(
        sa.update(OrganizationInvite)
        .where(
            OrganizationInvite.organization_id == organization_id,
            OrganizationInvite.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    invite, token = _new_invite(organization_id, json_body())
    db.session.commit()
    return jsonify(invite_payload(invite, token))


@blp.route("/invite/revoke", methods=["POST"])
@blp.response(200, InviteSchema)
def revoke_invite():
    """Revoke one invite: ``{"token"}`` or ``{"id"}``."""
    body = json_body()
    organization_id = require_user().active_organization_id
    query = sa.select(OrganizationInvite).where(
        OrganizationInvite.organization_id == organization_id
    )
    if isinstance(body.get("id"), int):
        query = query.where(OrganizationInvite.id == body["id"])
    else:
        query = query.where(
            OrganizationInvite.digest == _digest(str(body.get("token")))
        )
    invite = db.session.execute(query).scalar_one_or_none()
    if invite is None:
        raise not_found("Invite", body.get("id", "with this token"))
    invite.revoked_at = invite.revoked_at or utcnow()
    audit.record(
        "invite.revoked",
        object_type="invite",
        object_id=invite.id,
        organization_id=organization_id,
    )
    db.session.commit()
    return jsonify(invite_payload(invite))


def usable_invite(token: str) -> OrganizationInvite:
    """The open invite with ``token``, or 400 saying why it cannot be used."""
    invite = db.session.execute(
        sa.select(OrganizationInvite).where(OrganizationInvite.digest == _digest(token))
    ).scalar_one_or_none()
    if invite is None or invite.revoked_at is not None:
        raise ApiError(
            400,
            "This invite link is unknown or was revoked; ask the organization "
            "for a new one.",
            code="invite_invalid",
        )
    if invite.expires_at is not None and invite.expires_at < utcnow():
        raise ApiError(
            400,
            "This invite link has expired; ask the organization for a new one.",
            code="invite_expired",
        )
    return invite


class InvitePreviewSchema(ma.Schema):
    """What an invite link leads to, for the page a newcomer opens."""

    organization = ma.fields.Dict(required=True)
    role = ma.fields.String(required=True)
    email = ma.fields.String(required=True, allow_none=True)
    expires_at = ma.fields.String(required=True, allow_none=True)


@blp.route("/invite/info", methods=["GET"])
@blp.response(200, InvitePreviewSchema)
@blp.doc(
    parameters=[
        {"in": "query", "name": "token", "required": True, "schema": {"type": "string"}}
    ]
)
def preview_invite():
    """The organization and role an invite link ``?token=`` leads to, or the
    same 400 as signing up with it would give. The token is the secret: the
    caller needs no account."""
    invite = usable_invite(str(request.args.get("token", "")))
    organization = db.session.get(Organization, invite.organization_id)
    return {
        "organization": {"id": organization.id, "title": organization.title},
        "role": invite.role,
        "email": invite.email or None,
        "expires_at": isoformat(invite.expires_at),
    }


@blp.route("/invite/accept", methods=["POST"])
def accept_invite():
    """Join the invite's organization as the logged-in user: ``{"token"}``.
    The organization becomes the active one."""
    user = require_user()
    invite = usable_invite(str(json_body().get("token", "")))
    if invite.email and invite.email != user.email:
        raise ApiError(
            403,
            f"This invite is for {invite.email}; log in as that user to accept it.",
            code="invite_for_someone_else",
        )
    organization = db.session.get(Organization, invite.organization_id)
    existing = membership_of(user, organization.id)
    membership = existing or add_member(user, organization, invite.role)
    if existing is None:
        invite.accepted_count += 1
        audit.record(
            "member.joined",
            object_type="user",
            object_id=user.id,
            organization_id=organization.id,
            role=invite.role,
            invite=invite.id,
        )
    user.active_organization_id = organization.id
    db.session.commit()
    return jsonify(membership_payload(membership, user))


# -- the audit log -------------------------------------------------------------------


@blp.route("/organizations/<int:organization_id>/audit-log", methods=["GET"])
@blp.response(200, AuditEntrySchema(many=True))
@blp.doc(parameters=[_query_number("before"), _query_number("page_size")])
def read_audit_log(organization_id: int):
    """Administrative actions in the organization, newest first
    (``before=<id>`` pages back, ``page_size`` up to 1,000)."""
    _organization(organization_id)
    limit = min(int_arg("page_size", 100), 1000)
    before = int_arg("before")
    if before is not None and before > LARGEST_ID:
        # Every entry is older than that; the database cannot hold the number.
        before = None
    rows = audit.entries(organization_id, before=before, limit=limit)
    return jsonify([audit.entry_payload(row) for row in rows])
