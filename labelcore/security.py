"""The browser-facing safety baseline: headers, cookies, login rate limits,
redirect targets.

- Every response carries a Content-Security-Policy that is enforced: scripts
  only from this server, and inline scripts only when their hash is listed
  (the page's import map, the API docs' start-up script), so a script that
  task data, a label or an error message smuggles into a page does not run.
- The session and CSRF cookies are HttpOnly (the session's), SameSite=Lax,
  and Secure whenever the request came over HTTPS; behind a proxy that
  terminates HTTPS, ``LABELCORE_TRUSTED_PROXIES`` says how many
  ``X-Forwarded-*`` hops to believe (none by default, since a client can
  send those headers itself).
- Logins are rate-limited per client address and per e-mail, in Redis when
  ``LABELCORE_REDIS_URL`` is set (shared by every server process), in memory
  otherwise.
- ``next=`` targets are accepted only as paths on this server.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from labelcore.api.errors import ApiError
from labelcore.settings import SettingInvalid

log = logging.getLogger(__name__)

INLINE_SCRIPT = re.compile(
    rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE
)
CSP_DIRECTIVES = (
    ("default-src", "'self'"),
    ("base-uri", "'none'"),
    ("object-src", "'none'"),
    ("frame-ancestors", "'self'"),
    ("form-action", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    # Task media (images, audio, video, PDFs, time series) live anywhere.
    ("img-src", "* data: blob:"),
    ("media-src", "* data: blob:"),
    ("connect-src", "'self' https: http: blob: data:"),
    ("font-src", "'self' data:"),
    ("worker-src", "'self' blob:"),
    ("frame-src", "'self' blob:"),
)
LOGIN_LIMIT_PER_ADDRESS = "100/minute"
FAILED_LOGIN_LIMIT_PER_EMAIL = "10/15 minutes"


# -- Content-Security-Policy -------------------------------------------------------


def script_hashes(html: bytes) -> list[str]:
    """CSP source expressions for each inline script of ``html``."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    ]


def content_security_policy(hashes: list[str] = ()) -> str:
    script_src = " ".join(["'self'", *hashes])
    directives = [*CSP_DIRECTIVES, ("script-src", script_src)]
    return "; ".join(f"{name} {value}" for name, value in directives)


_INDEX_HASHES: dict[tuple[str, float], list[str]] = {}


def _index_hashes() -> list[str]:
    """The hashes of the web UI's index page, for answers without a body
    (a 304 must carry the same policy as the page the browser keeps)."""
    from labelcore.web import STATIC_APP

    index = Path(STATIC_APP) / "index.html"
    try:
        key = (str(index), index.stat().st_mtime)
    except OSError:
        return []
    if key not in _INDEX_HASHES:
        _INDEX_HASHES.clear()
        _INDEX_HASHES[key] = script_hashes(index.read_bytes())
    return _INDEX_HASHES[key]


def _html_hashes(response) -> list[str]:
    if response.status_code == 304:
        return _index_hashes()
    if response.direct_passthrough:
        # A file sent as is (the index page): read it once to hash it.
        response.direct_passthrough = False
    return script_hashes(response.get_data())


def _add_headers(response):
    hashes = _html_hashes(response) if response.mimetype == "text/html" else []
    response.headers["Content-Security-Policy"] = content_security_policy(hashes)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    return response


# -- cookies -------------------------------------------------------------------------


class SessionCookies(SecureCookieSessionInterface):
    """Session cookies that are Secure exactly when the request is HTTPS (a
    proxy in front must say so with ``X-Forwarded-Proto`` through ProxyFix)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure

    def get_cookie_httponly(self, app: Flask) -> bool:
        return True

    def get_cookie_samesite(self, app: Flask) -> str:
        return app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"


# -- login rate limits ------------------------------------------------------------


@dataclass
class LoginLimiter:
    """Counts login attempts per client address and failed ones per e-mail."""

    storage_url: str

    def __post_init__(self):
        from limits import parse
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        options = {"socket_timeout": 2} if self.storage_url.startswith("redis") else {}
        self.storage = storage_from_string(self.storage_url, **options)
        self.strategy = MovingWindowRateLimiter(self.storage)
        self.per_address = parse(LOGIN_LIMIT_PER_ADDRESS)
        self.failed_per_email = parse(FAILED_LOGIN_LIMIT_PER_EMAIL)

    def check(self, email: str) -> None:
        """Count this attempt; 429 when the address or the e-mail is over its limit."""
        address = request.remote_addr or "unknown"
        if not self._hit(self.per_address, "login-address", address):
            raise self._refusal(self.per_address, "login-address", address)
        if not self._test(self.failed_per_email, "login-failed", email):
            raise self._refusal(self.failed_per_email, "login-failed", email)

    def failed(self, email: str) -> None:
        self._hit(self.failed_per_email, "login-failed", email)

    def _hit(self, item, *keys: str) -> bool:
        try:
            return self.strategy.hit(item, *keys)
        except Exception as error:
            # A limiter that cannot count must not lock everyone out.
            log.warning("Login rate limit not counted: %s", error)
            return True

    def _test(self, item, *keys: str) -> bool:
        try:
            return self.strategy.test(item, *keys)
        except Exception as error:
            log.warning("Login rate limit not checked: %s", error)
            return True

    def _refusal(self, item, *keys: str) -> ApiError:
        import time

        try:
            reset = self.strategy.get_window_stats(item, *keys).reset_time
            wait = max(1, int(reset - time.time()))
        except Exception:
            wait = 60
        error = ApiError(
            429,
            f"Too many login attempts; try again in {wait} seconds. The limit is "
            f"{LOGIN_LIMIT_PER_ADDRESS} per address and "
            f"{FAILED_LOGIN_LIMIT_PER_EMAIL} failed ones per e-mail.",
            code="rate_limited",
            retry_after=wait,
        )
        error.retry_after = wait
        return error


def login_limiter() -> LoginLimiter:
    return current_app.extensions["labelcore_login_limiter"]


def _retry_after_header(response):
    if response.status_code == 429 and "Retry-After" not in response.headers:
        body = response.get_json(silent=True) or {}
        if isinstance(body, dict) and body.get("retry_after"):
            response.headers["Retry-After"] = str(body["retry_after"])
    return response


# -- redirect targets ----------------------------------------------------------------


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this server, else ``default``.

    Refused: absolute URLs, scheme-relative ones (``//host``), backslashes
    that browsers read as slashes, and control characters.
    """
    if not target or not isinstance(target, str):
        return default
    if any(ord(character) < 32 for character in target) or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return default
    if target.startswith("//"):
        return default
    return target


# -- wiring ----------------------------------------------------------------------------


def check_public_url(public_url: str) -> None:
    """Refuse a ``LABELCORE_PUBLIC_URL`` that is no address, at start-up:
    links in invites and password resets are built from it, and a typo must
    stop the start rather than reach people as a broken link."""
    parts = urlsplit(public_url)
    if public_url and (parts.scheme not in {"http", "https"} or not parts.netloc):
        raise SettingInvalid(
            f"LABELCORE_PUBLIC_URL must be the server's full address, such as "
            f"https://labels.example.org, not {public_url!r}."
        )


def register(app: Flask) -> None:
    """Headers on every response, session cookies, the login limiter, and
    the addresses and scheme that trusted proxies forward."""
    settings = app.extensions["labelcore"].settings
    check_public_url(settings.public_url)
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=hops,
            x_proto=hops,
            x_host=hops,
            x_port=hops,
            x_prefix=hops,
        )
    app.session_interface = SessionCookies()
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.extensions["labelcore_login_limiter"] = LoginLimiter(
        settings.redis_url or "memory://"
    )
    app.after_request(_retry_after_header)
    app.after_request(_add_headers)
