"""Logging in and out, signing up with an invite, password resets, the
current user, and the organization's users."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import marshmallow as ma
import sqlalchemy as sa
from flask import Blueprint as FlaskBlueprint
from flask import current_app, jsonify, redirect, request, session
from flask_smorest import Blueprint

from labelcore import audit
from labelcore.accounts import AccountError, create_user
from labelcore.api.access import json_body, organization_id
from labelcore.api.errors import ApiError, invalid, json_request, not_found
from labelcore.api.serializers import user_payload
from labelcore.auth import log_in, log_out, require_user
from labelcore.database import writes_on_get
from labelcore.models import ApiToken, Membership, User, db, utcnow
from labelcore.models.accounts import ORGANIZATION_ROLES, PasswordReset
from labelcore.security import login_limiter, safe_next

blp = Blueprint("users", __name__, url_prefix="/api", description="Users and sessions")

PASSWORD_RESET_LIFETIME = timedelta(hours=24)
MIN_PASSWORD_LENGTH = 8
PROFILE_FIELDS = ("first_name", "last_name", "username")


class UserSchema(ma.Schema):
    """A user as the API shows them (Label Studio's user shape)."""

    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    username = ma.fields.String(required=True, allow_none=True)
    first_name = ma.fields.String(required=True, allow_none=True)
    last_name = ma.fields.String(required=True, allow_none=True)
    avatar = ma.fields.String(required=True, allow_none=True)
    initials = ma.fields.String(required=True)
    is_superuser = ma.fields.Boolean(required=True)
    active_organization = ma.fields.Integer(required=True, allow_none=True)
    last_activity = ma.fields.String(required=True, allow_none=True)
    date_joined = ma.fields.String(required=True, allow_none=True)


class CurrentUserSchema(UserSchema):
    """The caller, with their role in the active organization and how the
    server has the web UI render HyperText."""

    role = ma.fields.String(
        required=True, allow_none=True, validate=ma.validate.OneOf(ORGANIZATION_ROLES)
    )
    hypertext_unsafe = ma.fields.Boolean(required=True)


def _logged_in_answer(user: User):
    return jsonify(
        {
            "user": user_payload(user),
            "csrf_token": session["csrf"],
            "next": safe_next(request.args.get("next") or json_body().get("next")),
        }
    )


@blp.route("/auth/login", methods=["POST"])
@blp.doc(
    **json_request(
        {"email": {"type": "string"}, "password": {"type": "string"}},
        required=("email", "password"),
    )
)
def login():
    """Start a session for the web UI: ``{"email", "password"}``.

    Rate-limited per address and per e-mail (429 with ``Retry-After``).
    ``next`` (query or body) comes back as ``next`` when it is a path on
    this server, and as ``/`` otherwise.
    """
    body = json_body()
    user = _log_in_with_password(body.get("email", ""), body.get("password", ""))
    return _logged_in_answer(user)


def _log_in_with_password(email: str, password: str) -> User:
    """Check the pair (rate-limited) and start a session for its user."""
    email = str(email).strip().lower()
    password = str(password)
    if not email or not password:
        raise invalid("email", "e-mail and password are both required.")
    login_limiter().check(email)

    user = db.session.execute(
        sa.select(User).where(User.email == email)
    ).scalar_one_or_none()
    if user is None or not user.is_active or not user.check_password(password):
        login_limiter().failed(email)
        raise ApiError(401, "The e-mail or the password is wrong.")

    log_in(user)
    user.last_activity = utcnow()
    db.session.commit()
    return user


# -- Label Studio's form login, for the legacy SDK client ----------------------------

form_login_blueprint = FlaskBlueprint("legacy_login", __name__)
FORM_CSRF_COOKIE = "csrftoken"
FORM_CSRF_FIELD = "csrfmiddlewaretoken"


@form_login_blueprint.route("/user/login", methods=["GET"])
def form_login_page():
    """The web UI's page, with the CSRF cookie that a form login sends back
    (label-studio-sdk's ``Client(url, credentials=...)`` reads it here)."""
    page = current_app.view_functions["labelcore_web.single_page_app"]
    response = current_app.make_response(page(client_path="user/login"))
    token = request.cookies.get(FORM_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response.set_cookie(
        FORM_CSRF_COOKIE, token, samesite="Lax", httponly=True, secure=request.is_secure
    )
    return response


@form_login_blueprint.route("/user/login", methods=["POST"])
def form_login():
    """A form post of ``email``, ``password`` and ``csrfmiddlewaretoken``,
    which must equal the ``csrftoken`` cookie of ``GET /user/login`` (another
    site can neither read that cookie nor, with SameSite, send it). Starts a
    session and redirects to ``next`` when it is a path on this server."""
    cookie = request.cookies.get(FORM_CSRF_COOKIE, "")
    sent = request.form.get(FORM_CSRF_FIELD, "")
    if not cookie or not hmac.compare_digest(cookie, sent):
        raise ApiError(
            403,
            "CSRF check failed: open /user/login first and send the value of its "
            f"{FORM_CSRF_COOKIE} cookie as the form field {FORM_CSRF_FIELD}.",
            code="csrf_failed",
        )

    _log_in_with_password(
        request.form.get("email", ""), request.form.get("password", "")
    )
    target = safe_next(request.args.get("next") or request.form.get("next"))
    return redirect(target, code=302)


@blp.route("/auth/logout", methods=["POST"])
def logout():
    """End the session."""
    log_out()
    return jsonify({"detail": "Logged out."})


@blp.route("/auth/csrf", methods=["GET"])
def csrf():
    """The session's CSRF token (also sent as the labelcore_csrftoken cookie)."""
    return jsonify({"csrf_token": session.get("csrf")})


@blp.route("/auth/signup", methods=["POST"])
@blp.doc(
    **json_request(
        {
            "invite": {"type": "string"},
            "email": {"type": "string"},
            "password": {"type": "string"},
        },
        required=("invite", "email", "password"),
    )
)
def signup():
    """Create an account with an invite link's token and log in:
    ``{"email", "password", "invite"}``."""
    from labelcore.api.organizations import usable_invite

    body = json_body()
    invite = usable_invite(str(body.get("invite", "")))
    email = str(body.get("email", "")).strip().lower()
    password = str(body.get("password", ""))
    _check_password(password)
    if invite.email and invite.email != email:
        raise invalid("email", "this invite is for another e-mail address.")
    login_limiter().check(email or "signup")

    try:
        user, _ = create_user(
            email, password, organization=_organization_of(invite), role=invite.role
        )
    except AccountError as error:
        raise invalid("email", str(error)) from None
    invite.accepted_count += 1
    audit.record(
        "member.joined",
        object_type="user",
        object_id=user.id,
        organization_id=invite.organization_id,
        actor=user,
        role=invite.role,
        invite=invite.id,
    )
    db.session.commit()
    log_in(user)
    response = _logged_in_answer(user)
    response.status_code = 201
    return response


def _organization_of(invite):
    from labelcore.models import Organization

    return db.session.get(Organization, invite.organization_id)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise invalid(
            "password",
            f"must have at least {MIN_PASSWORD_LENGTH} characters, got "
            f"{len(password)}.",
        )


# -- password resets -------------------------------------------------------------


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@blp.route("/users/<int:user_id>/reset-password", methods=["POST"])
def create_password_reset(user_id: int):
    """A one-time password reset link for a member, for an owner or
    administrator to hand over. The link is built from
    ``LABELCORE_PUBLIC_URL``, never from the request's Host header."""
    member = organization_member(user_id)
    base = current_app.extensions["labelcore"].settings.public_url
    if not base:
        raise ApiError(
            400,
            "Password reset links need the server's public address: set "
            "LABELCORE_PUBLIC_URL (such as https://labels.example.org) and "
            "restart the server.",
            code="public_url_missing",
        )

    secret = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user_id=member.id,
        digest=_digest(secret),
        expires_at=utcnow() + PASSWORD_RESET_LIFETIME,
    )
    db.session.add(reset)
    audit.record("user.password_reset_link", object_type="user", object_id=member.id)
    db.session.commit()
    url = f"{base.rstrip('/')}/reset-password?token={secret}"
    return jsonify(
        {"reset_url": url, "expires_in": int(PASSWORD_RESET_LIFETIME.total_seconds())}
    )


@blp.route("/auth/reset-password", methods=["POST"])
@blp.doc(
    **json_request(
        {"token": {"type": "string"}, "password": {"type": "string"}},
        required=("token", "password"),
    )
)
def reset_password():
    """Set a new password with a reset link's token: ``{"token", "password"}``.
    The link works once, within a day of being made."""
    body = json_body()
    password = str(body.get("password", ""))
    _check_password(password)
    reset = db.session.execute(
        sa.select(PasswordReset).where(
            PasswordReset.digest == _digest(str(body.get("token", "")))
        )
    ).scalar_one_or_none()
    if reset is None or reset.used_at is not None or reset.expires_at < utcnow():
        raise ApiError(
            400,
            "This password reset link is unknown, used or expired; ask an "
            "administrator of your organization for a new one.",
            code="reset_link_invalid",
        )

    user = db.session.get(User, reset.user_id)
    user.set_password(password)
    reset.used_at = utcnow()
    audit.record(
        "user.password_reset", object_type="user", object_id=user.id, actor=user
    )
    db.session.commit()
    return jsonify({"detail": "The password was changed; log in with it."})


# -- the current user ------------------------------------------------------------


@blp.route("/current-user/whoami", methods=["GET"])
@blp.response(200, CurrentUserSchema)
def whoami():
    """The user making the request."""
    return jsonify(_with_role(require_user()))


@blp.route("/current-user", methods=["GET"])
@blp.response(200, CurrentUserSchema)
def read_current_user():
    """The user making the request, with their role in the active organization."""
    return jsonify(_with_role(require_user()))


@blp.route("/current-user", methods=["PATCH"])
@blp.response(200, CurrentUserSchema)
@blp.doc(
    **json_request(
        {name: {"type": "string", "maxLength": 150} for name in PROFILE_FIELDS}
    )
)
def update_current_user():
    """Change the caller's name: ``first_name``, ``last_name``, ``username``."""
    user = require_user()
    body = json_body()
    for name in PROFILE_FIELDS:
        if name in body:
            value = body[name]
            if not isinstance(value, str) or len(value) > 150:
                raise invalid(name, "must be a string of at most 150 characters.")
            setattr(user, name, value)
    db.session.commit()
    return jsonify(_with_role(user))


def _with_role(user: User) -> dict:
    from labelcore.permissions import organization_role

    payload = user_payload(user)
    payload["role"] = organization_role(user, user.active_organization_id)
    # How the web UI renders HyperText: the server's administrator decides.
    settings = current_app.extensions["labelcore"].settings
    payload["hypertext_unsafe"] = settings.hypertext_unsafe
    return payload


@blp.route("/current-user/token", methods=["GET"])
@writes_on_get
def current_user_token():
    """A fresh API token for the caller (tokens are stored only as digests,
    so the old value cannot be shown again; this one replaces it)."""
    return jsonify({"token": _replace_current_user_token(require_user())})


@blp.route("/current-user/reset-token/", methods=["POST"])
def reset_current_user_token():
    """Label Studio's reset: a new legacy token replaces the caller's."""
    return jsonify({"token": _replace_current_user_token(require_user())})


def _replace_current_user_token(user: User) -> str:
    db.session.execute(
        sa.delete(ApiToken).where(
            ApiToken.user_id == user.id, ApiToken.name == "current-user"
        )
    )
    row, value = ApiToken.issue(user, name="current-user")
    db.session.add(row)
    audit.record("token.reset", object_type="token", name="current-user")
    db.session.commit()
    return value


# -- the organization's users ------------------------------------------------------


@blp.route("/users/", methods=["GET"])
@blp.response(200, UserSchema(many=True))
def list_users():
    """The members of the caller's organization."""
    users = db.session.execute(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id())
        .order_by(User.id)
    ).scalars()
    return jsonify([user_payload(user) for user in users])


def organization_member(user_id: int) -> User:
    """A user of the caller's active organization, or 404."""
    member = db.session.execute(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id(), User.id == user_id)
    ).scalar_one_or_none()
    if member is None:
        raise not_found("User", user_id)
    return member


@blp.route("/users/<int:user_id>/", methods=["GET"])
@blp.response(200, UserSchema)
def read_user(user_id: int):
    """One member of the caller's organization."""
    return jsonify(user_payload(organization_member(user_id)))
