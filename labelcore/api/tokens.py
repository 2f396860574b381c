"""The caller's API tokens: listed, created with an optional expiry, revoked;
and Label Studio's personal access tokens with their refresh flow.

``/api/tokens/`` manages every token of the caller (legacy ``Token`` keys
and personal access tokens). ``/api/token/...`` are Label Studio's paths:
``POST /api/token/`` makes a personal access token, ``POST
/api/token/refresh/`` exchanges it for a short-lived access token sent as
``Authorization: Bearer``, ``/blacklist/`` revokes it and ``/rotate/``
replaces it. label-studio-sdk's ``LabelStudio(api_key=<personal token>)``
runs that flow by itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import jsonify
from flask_smorest import Blueprint

from labelcore import audit
from labelcore.api.access import json_body
from labelcore.api.errors import ApiError, invalid, json_request, not_found
from labelcore.auth import (
    TokenInvalid,
    issue_access_token,
    issue_personal_token,
    personal_token_row,
    require_user,
)
from labelcore.models import ApiToken, db, isoformat, utcnow
from labelcore.models.accounts import TOKEN_KINDS

blp = Blueprint("tokens", __name__, url_prefix="/api", description="API tokens")

MAX_NAME = 100
MAX_DAYS = 3650


class TokenSchema(ma.Schema):
    """A token as listed; its value only in the answer that made it."""

    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(TOKEN_KINDS))
    name = ma.fields.String(required=True)
    hint = ma.fields.String(required=True)
    created_at = ma.fields.String(required=True)
    expires_at = ma.fields.String(required=True, allow_none=True)
    last_used_at = ma.fields.String(required=True, allow_none=True)
    token = ma.fields.String()


class PersonalTokenSchema(ma.Schema):
    """Label Studio's shape of a personal access token."""

    token = ma.fields.String(required=True)
    created_at = ma.fields.String(required=True)
    expires_at = ma.fields.String(required=True, allow_none=True)


def token_payload(row: ApiToken, value: str | None = None) -> dict[str, Any]:
    payload = {
        "id": row.id,
        "kind": row.kind,
        "name": row.name,
        "hint": _hint(row),
        "created_at": isoformat(row.created_at),
        "expires_at": isoformat(row.expires_at),
        "last_used_at": isoformat(row.last_used_at),
    }
    if value is not None:
        payload["token"] = value
    return payload


def _hint(row: ApiToken) -> str:
    # Enough to tell tokens apart, never enough to use one.
    if row.kind == "personal":
        return f"…{row.prefix}"
    return f"{row.prefix}…"


def _expiry(body: dict[str, Any]) -> datetime | None:
    """``expires_in_days`` (1 to 3,650) or ``expires_at`` (ISO 8601, future)."""
    days = body.get("expires_in_days")
    if days is not None:
        if (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not 1 <= days <= MAX_DAYS
        ):
            raise invalid(
                "expires_in_days",
                f"must be a whole number from 1 to {MAX_DAYS}, got {days!r}.",
            )
        return utcnow() + timedelta(days=days)
    moment = body.get("expires_at")
    if moment is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(moment).replace("Z", "+00:00"))
    except ValueError:
        raise invalid(
            "expires_at", f"must be an ISO 8601 time, got {moment!r}."
        ) from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    if parsed <= utcnow():
        raise invalid("expires_at", f"must be in the future, got {moment!r}.")
    return parsed


def _name(body: dict[str, Any], default: str) -> str:
    name = body.get("name", default)
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise invalid("name", f"must be a string of 1 to {MAX_NAME} characters.")
    return name.strip()


EXPIRY = {
    "expires_in_days": {"type": "integer", "minimum": 1, "maximum": MAX_DAYS},
    "expires_at": {"type": "string", "format": "date-time"},
}


def _created(payload: dict[str, Any]):
    response = jsonify(payload)
    response.status_code = 201
    return response


@blp.route("/tokens/", methods=["GET"])
@blp.response(200, TokenSchema(many=True))
def list_tokens():
    """Every token of the caller, newest first; values are never shown again."""
    rows = db.session.execute(
        sa.select(ApiToken)
        .where(ApiToken.user_id == require_user().id)
        .order_by(ApiToken.id.desc())
    ).scalars()
    return jsonify([token_payload(row) for row in rows])


@blp.route("/tokens/", methods=["POST"])
@blp.response(201, TokenSchema)
@blp.doc(
    **json_request(
        {
            "kind": {"type": "string", "enum": list(TOKEN_KINDS)},
            "name": {"type": "string", "maxLength": MAX_NAME},
            **EXPIRY,
        }
    )
)
def create_token():
    """A new token: ``{"kind": "legacy" | "personal", "name",
    "expires_in_days" | "expires_at"}``; the answer shows its value once."""
    user = require_user()
    body = json_body()
    kind = body.get("kind", "legacy")
    if kind not in TOKEN_KINDS:
        raise invalid("kind", f"must be one of {', '.join(TOKEN_KINDS)}, got {kind!r}.")
    expires_at = _expiry(body)
    name = _name(body, kind)

    if kind == "personal":
        row, value = issue_personal_token(user, expires_at, name)
    else:
        row, value = ApiToken.issue(user, name=name)
        row.expires_at = expires_at
    db.session.add(row)
    db.session.flush()
    audit.record(
        "token.created",
        object_type="token",
        object_id=row.id,
        kind=kind,
        name=name,
        expires_at=isoformat(expires_at),
    )
    db.session.commit()
    return _created(token_payload(row, value))


@blp.route("/tokens/<int:token_id>/", methods=["DELETE"])
def revoke_token(token_id: int):
    """Revoke one of the caller's tokens; requests with it answer 401 at once."""
    user = require_user()
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise not_found("Token", token_id)
    _revoke(row)
    db.session.commit()
    return "", 204


def _revoke(row: ApiToken) -> None:
    audit.record(
        "token.revoked",
        object_type="token",
        object_id=row.id,
        actor=row.user,
        kind=row.kind,
        name=row.name,
    )
    db.session.delete(row)


# -- Label Studio's personal access tokens -----------------------------------------


@blp.route("/token/", methods=["GET"])
@blp.response(200, PersonalTokenSchema(many=True))
def list_personal_tokens():
    """The caller's personal access tokens, in Label Studio's list shape."""
    rows = db.session.execute(
        sa.select(ApiToken)
        .where(ApiToken.user_id == require_user().id, ApiToken.kind == "personal")
        .order_by(ApiToken.id.desc())
    ).scalars()
    return jsonify(
        [
            {
                "token": _hint(row),
                "created_at": isoformat(row.created_at),
                "expires_at": isoformat(row.expires_at),
            }
            for row in rows
        ]
    )


@blp.route("/token/", methods=["POST"])
@blp.response(201, PersonalTokenSchema)
@blp.doc(**json_request({"name": {"type": "string", "maxLength": MAX_NAME}, **EXPIRY}))
def create_personal_token():
    """A personal access token (``{"token", "created_at", "expires_at"}``);
    ``expires_in_days`` or ``expires_at`` in the body set its expiry."""
    user = require_user()
    body = json_body()
    expires_at = _expiry(body)
    row, value = issue_personal_token(user, expires_at, _name(body, "personal"))
    db.session.add(row)
    db.session.flush()
    audit.record(
        "token.created",
        object_type="token",
        object_id=row.id,
        kind="personal",
        expires_at=isoformat(expires_at),
    )
    db.session.commit()
    return _created(
        {
            "token": value,
            "created_at": isoformat(row.created_at),
            "expires_at": isoformat(expires_at),
        }
    )


def _refresh_row() -> ApiToken:
    value = json_body().get("refresh")
    if not isinstance(value, str) or not value:
        raise invalid("refresh", "is required: the personal access token.")
    try:
        return personal_token_row(value)
    except TokenInvalid as error:
        raise ApiError(
            401,
            f"{error} Create a new personal access token in your account settings.",
            code="token_not_valid",
        ) from None


@blp.route("/token/refresh/", methods=["POST"])
def refresh_token():
    """Exchange a personal access token, ``{"refresh"}``, for an access token
    (``{"access"}``) that works for five minutes as ``Bearer``."""
    row = _refresh_row()
    if not row.user.is_active:
        raise ApiError(401, "This user is deactivated.", code="user_inactive")
    return jsonify({"access": issue_access_token(row)})


@blp.route("/token/blacklist/", methods=["POST"])
def blacklist_token():
    """Revoke a personal access token, ``{"refresh"}``; its access tokens stop
    working at once."""
    _revoke(_refresh_row())
    db.session.commit()
    return "", 204


@blp.route("/token/rotate/", methods=["POST"])
def rotate_token():
    """Replace a personal access token, ``{"refresh"}``, with a new one
    (``{"refresh"}``) of the same expiry; the old one is revoked."""
    old = _refresh_row()
    row, value = issue_personal_token(old.user, old.expires_at, old.name)
    db.session.add(row)
    _revoke(old)
    db.session.commit()
    return jsonify({"refresh": value})
