"""Logging in and out, the current user, and the organization's users."""

from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, session
from flask_smorest import Blueprint

from labelcore.api.access import json_body, organization_id
from labelcore.api.errors import ApiError, invalid, not_found
from labelcore.api.serializers import user_payload
from labelcore.auth import log_in, log_out, require_user
from labelcore.models import ApiToken, Membership, User, db, utcnow

blp = Blueprint("users", __name__, url_prefix="/api", description="Users and sessions")


@blp.route("/auth/login", methods=["POST"])
def login():
    """Start a session for the web UI: ``{"email", "password"}``."""
    body = json_body()
    email = str(body.get("email", "")).strip().lower()
    password = str(body.get("password", ""))
    if not email or not password:
        raise invalid("email", "e-mail and password are both required.")
    user = db.session.execute(
        sa.select(User).where(User.email == email)
    ).scalar_one_or_none()
    if user is None or not user.is_active or not user.check_password(password):
        raise ApiError(401, "The e-mail or the password is wrong.")
    log_in(user)
    user.last_activity = utcnow()
    db.session.commit()
    return jsonify({"user": user_payload(user), "csrf_token": session["csrf"]})


@blp.route("/auth/logout", methods=["POST"])
def logout():
    """End the session."""
    log_out()
    return jsonify({"detail": "Logged out."})


@blp.route("/auth/csrf", methods=["GET"])
def csrf():
    """The session's CSRF token (also sent as the labelcore_csrftoken cookie)."""
    return jsonify({"csrf_token": session.get("csrf")})


@blp.route("/current-user/whoami", methods=["GET"])
def whoami():
    """The user making the request."""
    return jsonify(user_payload(require_user()))


@blp.route("/current-user/token", methods=["GET"])
def current_user_token():
    """A fresh API token for the caller (tokens are stored only as digests,
    so the old value cannot be shown again; this one replaces it)."""
    user = require_user()
    db.session.execute(
        sa.delete(ApiToken).where(
            ApiToken.user_id == user.id, ApiToken.name == "current-user"
        )
    )
    row, value = ApiToken.issue(user, name="current-user")
    db.session.add(row)
    db.session.commit()
    return jsonify({"token": value})


@blp.route("/users/", methods=["GET"])
def list_users():
    """The members of the caller's organization."""
    users = db.session.execute(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id())
        .order_by(User.id)
    ).scalars()
    return jsonify([user_payload(user) for user in users])


@blp.route("/users/<int:user_id>/", methods=["GET"])
def read_user(user_id: int):
    """One member of the caller's organization."""
    member = db.session.execute(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id(), User.id == user_id)
    ).scalar_one_or_none()
    if member is None:
        raise not_found("User", user_id)
    return jsonify(user_payload(member))
