"""Who is asking: API tokens, personal access tokens, sessions and CSRF.

Every ``/api/`` and ``/data/`` path needs a user except the few listed in
``PUBLIC_PATHS``. Three kinds of credential are accepted:

- ``Authorization: Token <key>``: a legacy API token (Label Studio's
  scheme), stored as a SHA-256 digest, optionally with an expiry;
- ``Authorization: Bearer <access token>``: a short-lived signed token that
  ``POST /api/token/refresh/`` makes from a personal access token (Label
  Studio's refresh flow, which label-studio-sdk follows by itself);
- a session cookie from ``POST /api/auth/login``, for the web UI, whose
  writes must send the CSRF token back in ``X-CSRFToken``.

A personal access token is itself a signed refresh token; sent as
``Token <it>`` it works directly, so that clients that only know the
legacy scheme can use one too.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

import jwt
import sqlalchemy as sa
from flask import Flask, current_app, g, request, session

from labelcore import sqlite_writer
from labelcore.api.errors import ApiError
from labelcore.models import ApiToken, User, db, utcnow
from labelcore.permissions.roles import UNFILTERED

log = logging.getLogger(__name__)

PUBLIC_PATHS = {
    "/api/version",
    "/api/auth/login",
    "/api/auth/csrf",
    "/api/auth/signup",
    "/api/invite/info",
    "/api/auth/reset-password",
    "/api/token/refresh",
    "/api/token/blacklist",
    "/api/token/rotate",
    "/health",
}
PUBLIC_PREFIXES = ("/api/docs",)
PROTECTED_PREFIXES = ("/api/", "/data/")
CSRF_COOKIE = "labelcore_csrftoken"
CSRF_HEADER = "X-CSRFToken"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)
PERSONAL_TOKEN_LIFETIME = timedelta(days=365 * 100)
"""A personal token without a chosen expiry still carries one, because
label-studio-sdk refuses a refresh token without ``exp``."""
LAST_USED_PRECISION = timedelta(minutes=10)
JWT_ALGORITHM = "HS256"


class TokenInvalid(Exception):
    """A signed token that is malformed, expired, revoked or of the wrong type."""


def current_user() -> User | None:
    return g.get("user")


def require_user() -> User:
    user = g.get("user")
    if user is None:
        raise ApiError(401, "Authentication credentials were not provided.")
    return user


# -- signed tokens ----------------------------------------------------------------


def _signing_key() -> bytes:
    # A key of its own, so a token signature never doubles as a session one.
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"labelcore-jwt", hashlib.sha256).digest()


def looks_like_jwt(value: str) -> bool:
    return value.count(".") == 2 and value.startswith("eyJ")


def _decode(value: str, token_type: str) -> dict:
    try:
        claims = jwt.decode(
            value,
            _signing_key(),
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "token_type", "user_id"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenInvalid(f"The {token_type} token has expired.") from None
    except jwt.InvalidTokenError as error:
        raise TokenInvalid(f"The {token_type} token is not valid: {error}.") from None
    if claims.get("token_type") != token_type:
        raise TokenInvalid(
            f"Expected a {token_type} token, got a {claims.get('token_type')} token."
        )
    return claims


def issue_personal_token(
    user: User, expires_at: datetime | None = None, name: str = "personal"
) -> tuple[ApiToken, str]:
    """A personal access token (a signed refresh token); returns ``(row, value)``."""
    now = utcnow()
    claims = {
        "token_type": "refresh",
        "user_id": user.id,
        "jti": secrets.token_hex(16),
        "iat": int(_epoch(now)),
        "exp": int(_epoch(expires_at or now + PERSONAL_TOKEN_LIFETIME)),
    }
    value = jwt.encode(claims, _signing_key(), algorithm=JWT_ALGORITHM)
    row = ApiToken(
        user=user,
        digest=ApiToken.digest_of(value),
        prefix=value[-8:],
        name=name,
        kind="personal",
        expires_at=expires_at,
    )
    return row, value


def personal_token_row(value: str) -> ApiToken:
    """The stored row of a personal access token; ``TokenInvalid`` when it is
    not one, expired or revoked."""
    claims = _decode(value, "refresh")
    row = db.session.execute(
        sa.select(ApiToken).where(ApiToken.digest == ApiToken.digest_of(value))
    ).scalar_one_or_none()
    if row is None or row.kind != "personal" or row.user_id != claims["user_id"]:
        raise TokenInvalid("The refresh token was revoked or never issued here.")
    if row.expires_at is not None and row.expires_at < utcnow():
        raise TokenInvalid("The refresh token has expired.")
    return row


def issue_access_token(row: ApiToken) -> str:
    """A short-lived access token, sent as ``Bearer``, tied to ``row``."""
    now = utcnow()
    claims = {
        "token_type": "access",
        "user_id": row.user_id,
        "pat": row.id,
        "jti": secrets.token_hex(8),
        "iat": int(_epoch(now)),
        "exp": int(_epoch(now + ACCESS_TOKEN_LIFETIME)),
    }
    return jwt.encode(claims, _signing_key(), algorithm=JWT_ALGORITHM)


def _epoch(moment: datetime) -> float:
    return (moment - datetime(1970, 1, 1)).total_seconds()


# -- finding the user of a request -------------------------------------------------


# Every request with a token reads it: one statement built once, read as a row.
_TOKEN_BY_DIGEST = sa.select(
    ApiToken.id,
    ApiToken.user_id,
    ApiToken.kind,
    ApiToken.expires_at,
    ApiToken.last_used_at,
).where(ApiToken.digest == sa.bindparam("digest"))


def _active(row) -> User | None:
    """The active user of a token's row, or ``None``; ``row`` is an ApiToken
    or its row."""
    if row is None or (row.expires_at is not None and row.expires_at < utcnow()):
        return None
    user = db.session.get(User, row.user_id, execution_options=UNFILTERED)
    if user is None or not user.is_active:
        return None
    _note_use(row)
    return user


def user_from_token(value: str) -> User | None:
    """The user of a legacy token or of a personal access token sent as is."""
    row = (
        db.session.connection()
        .execute(_TOKEN_BY_DIGEST, {"digest": ApiToken.digest_of(value)})
        .first()
    )
    if row is not None and row.kind == "personal":
        try:
            _decode(value, "refresh")
        except TokenInvalid:
            return None
    return _active(row)


def user_from_access_token(value: str) -> User:
    try:
        claims = _decode(value, "access")
    except TokenInvalid as error:
        raise ApiError(
            401,
            f"{error} Exchange your personal access token for a new one at "
            f"POST /api/token/refresh/.",
            code="token_not_valid",
        ) from None
    row = db.session.get(ApiToken, claims.get("pat"), execution_options=UNFILTERED)
    user = _active(row) if row is not None and row.kind == "personal" else None
    if user is None or user.id != claims["user_id"]:
        raise ApiError(
            401,
            "The personal access token behind this access token was revoked.",
            code="token_not_valid",
        )
    return user


def _note_use(row) -> None:
    """Record when a token was last used, at most every few minutes, once
    the request is done: authentication only reads (on SQLite a read
    transaction that wrote could not become a writer for the view)."""
    now = utcnow()
    if row.last_used_at is not None and now - row.last_used_at < LAST_USED_PRECISION:
        return
    g.labelcore_token_used = row.id


def _record_token_use(_error=None) -> None:
    token_id = g.pop("labelcore_token_used", None)
    if token_id is None:
        return
    # Never make an answer wait for the writer's turn: when it is taken the
    # use is recorded by a later request.
    try:
        with sqlite_writer.write_if_free(), db.engine.begin() as connection:
            connection.execute(
                sa.update(ApiToken)
                .where(ApiToken.id == token_id)
                .values(last_used_at=utcnow())
            )
    except sa.exc.OperationalError as error:
        log.debug("Token %s: last use not recorded: %s", token_id, error)


def _credentials() -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme in {"token", "bearer"} and value:
        return scheme, value
    return None


def log_in(user: User) -> None:
    session.clear()
    session["user_id"] = user.id
    session["csrf"] = secrets.token_urlsafe(32)
    session.permanent = True


def log_out() -> None:
    session.clear()


def _needs_user(path: str) -> bool:
    if path.rstrip("/") in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return False
    return path.startswith(PROTECTED_PREFIXES)


def _authenticate() -> None:
    g.user = None
    g.via_session = False

    credentials = _credentials()
    if credentials is not None:
        scheme, value = credentials
        if scheme == "bearer" and looks_like_jwt(value):
            g.user = user_from_access_token(value)
        else:
            g.user = user_from_token(value)
        if g.user is None and _needs_user(request.path):
            raise ApiError(401, "Invalid token.")
        return

    user_id = session.get("user_id")
    if user_id is not None:
        user = db.session.get(User, user_id)
        if user is not None and user.is_active:
            g.user = user
            g.via_session = True

    if g.user is None and _needs_user(request.path):
        raise ApiError(401, "Authentication credentials were not provided.")

    if g.via_session and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        expected = session.get("csrf", "")
        if not expected or not hmac.compare_digest(sent, expected):
            raise ApiError(
                403,
                "CSRF check failed: send the value of the labelcore_csrftoken "
                "cookie in the X-CSRFToken header.",
            )


def _set_csrf_cookie(response):
    token = session.get("csrf")
    if token and request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(
            CSRF_COOKIE, token, samesite="Lax", httponly=False, secure=request.is_secure
        )
    return response


def register_auth(app: Flask) -> None:
    from labelcore.api.users import form_login_blueprint
    from labelcore.audit import listen_for_project_deletion, record_endpoint
    from labelcore.permissions import register_permissions

    app.before_request(_authenticate)
    register_permissions(app)
    listen_for_project_deletion(db.session)
    app.after_request(_set_csrf_cookie)
    app.after_request(record_endpoint)
    app.teardown_request(_record_token_use)
    app.register_blueprint(form_login_blueprint)
