"""Who is asking: API tokens, session logins and CSRF protection.

Every ``/api/`` and ``/data/`` path needs a user except the few listed in
``PUBLIC_PATHS``. Tokens come as ``Authorization: Token <key>`` (Label
Studio's scheme); the web UI logs in with a session cookie and sends the
CSRF token back in ``X-CSRFToken`` on every write.
"""

from __future__ import annotations

import hmac
import secrets

import sqlalchemy as sa
from flask import Flask, g, request, session

from labelcore.api.errors import ApiError
from labelcore.models import ApiToken, User, db, utcnow

PUBLIC_PATHS = {
    "/api/version",
    "/api/auth/login",
    "/api/auth/csrf",
    "/health",
}
PUBLIC_PREFIXES = ("/api/docs",)
PROTECTED_PREFIXES = ("/api/", "/data/")
CSRF_COOKIE = "labelcore_csrftoken"
CSRF_HEADER = "X-CSRFToken"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def current_user() -> User | None:
    return g.get("user")


def require_user() -> User:
    user = g.get("user")
    if user is None:
        raise ApiError(401, "Authentication credentials were not provided.")
    return user


def user_from_token(value: str) -> User | None:
    digest = ApiToken.digest_of(value)
    row = db.session.execute(
        sa.select(ApiToken).where(ApiToken.digest == digest)
    ).scalar_one_or_none()
    if row is None or (row.expires_at is not None and row.expires_at < utcnow()):
        return None
    user = row.user
    return user if user.is_active else None


def _token_from_header() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in {"token", "bearer"} and value.strip():
        return value.strip()
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

    token = _token_from_header()
    if token is not None:
        g.user = user_from_token(token)
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
    app.before_request(_authenticate)
    app.after_request(_set_csrf_cookie)
