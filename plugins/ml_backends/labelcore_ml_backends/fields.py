"""Reading Label Studio's ``POST /api/ml/`` body into a backend row."""

from __future__ import annotations

from typing import Any

from labelcore import ApiError, check_url, encrypt_secret, outbound_policy
from labelcore.models import Project
from labelcore_ml_backends.models import MLBackend
from labelcore_ml_backends.records import backend_type_named
from labelcore_ml_backends.types import HTTP_TYPE

IN_PROCESS_SCHEME = "labelcore://"
AUTH_METHODS = ("NONE", "BASIC_AUTH")
TEXT_FIELDS = {"title": 500, "description": 10_000, "basic_auth_user": 500}
FLAGS = ("is_interactive", "auto_update")
CONNECTION_FIELDS = {
    "url",
    "type",
    "auth_method",
    "basic_auth_user",
    "basic_auth_pass",
    "extra_params",
}


def refuse(field: str, message: str) -> ApiError:
    return ApiError(400, f"Invalid {field}: {message}", {field: [message]})


def given(body: dict[str, Any], name: str) -> bool:
    """Label Studio's clients send absent fields as null; both mean "keep"."""
    return body.get(name) is not None


def backend_kind(body: dict[str, Any], current: MLBackend | None) -> tuple[str, str]:
    """The backend's type and URL from ``type`` and ``url``.

    ``labelcore://<type>`` names an in-process type, so that clients written
    for Label Studio, which always send a URL, can connect one too.
    """
    url = body.get("url") if given(body, "url") else None
    if url is not None and not isinstance(url, str):
        raise refuse("url", f"must be a string, got {type(url).__name__}.")
    kind = body.get("type") if given(body, "type") else None
    if url is not None and url.startswith(IN_PROCESS_SCHEME):
        kind, url = kind or url[len(IN_PROCESS_SCHEME) :].strip("/"), ""
    if kind is None:
        kind = current.type if current is not None and url is None else HTTP_TYPE
    if not isinstance(kind, str):
        raise refuse("type", "must be the name of an installed ML backend type.")
    if url is None:
        url = current.url if current is not None else ""
    return kind, url.strip()


def check_backend_url(kind: str, url: str) -> None:
    if not backend_type_named(kind).needs_url:
        return
    if not url:
        raise refuse(
            "url",
            "is required: the address of the ML backend, such as "
            "http://ml-backend:9090.",
        )
    from labelcore import OutboundRefused

    try:
        check_url(url, outbound_policy())
    except OutboundRefused as error:
        raise refuse("url", str(error)) from None


def apply_fields(backend: MLBackend, body: dict[str, Any]) -> set[str]:
    """Copy the given fields onto ``backend``; return the names that changed."""
    changed = set()
    kind, url = backend_kind(body, backend if backend.id else None)
    check_backend_url(kind, url)
    if (kind, url) != (backend.type, backend.url):
        changed |= {"type", "url"}
    backend.type, backend.url = kind, url

    for name, limit in TEXT_FIELDS.items():
        if given(body, name):
            value = body[name]
            if not isinstance(value, str) or len(value) > limit:
                raise refuse(name, f"must be a string of at most {limit} characters.")
            changed.add(name)
            setattr(backend, name, value)

    for name in FLAGS:
        if given(body, name):
            if not isinstance(body[name], bool):
                raise refuse(name, f"must be true or false, got {body[name]!r}.")
            setattr(backend, name, body[name])

    if given(body, "auth_method"):
        if body["auth_method"] not in AUTH_METHODS:
            raise refuse(
                "auth_method",
                f"must be one of {', '.join(AUTH_METHODS)}, got "
                f"{body['auth_method']!r}.",
            )
        changed.add("auth_method")
        backend.auth_method = body["auth_method"]

    if given(body, "basic_auth_pass"):
        if not isinstance(body["basic_auth_pass"], str):
            raise refuse("basic_auth_pass", "must be a string.")
        changed.add("basic_auth_pass")
        backend.basic_auth_pass = (
            encrypt_secret(body["basic_auth_pass"]) if body["basic_auth_pass"] else ""
        )

    if "extra_params" in body:
        extra = body["extra_params"]
        if extra is not None and not isinstance(extra, dict):
            raise refuse("extra_params", "must be a JSON object.")
        changed.add("extra_params")
        backend.extra_params = extra or {}

    if given(body, "model_version"):
        if not isinstance(body["model_version"], str):
            raise refuse("model_version", "must be a string.")
        backend.model_version = body["model_version"][:200]

    if "timeout" in body:
        timeout = body["timeout"]
        if timeout is not None and (
            isinstance(timeout, bool)
            or not isinstance(timeout, (int, float))
            or timeout <= 0
        ):
            raise refuse(
                "timeout", f"must be a number of seconds > 0, got {timeout!r}."
            )
        backend.timeout = None if timeout is None else float(timeout)
    return changed


def project_of_body(body: dict[str, Any], get_project) -> Project:
    raw = body.get("project")
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise refuse("project", f"is required: the id of a project, got {raw!r}.")
    return get_project(raw)
