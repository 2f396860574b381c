"""A stand-in Label Studio for ``labelcore import-label-studio``.

It answers the paths the command reads with the shapes Label Studio 1.x
gives (read from its ``data_export``, ``projects``, ``users`` and
``jwt_auth`` apps): the project list paged as ``{count, next, previous,
results}`` (``page``/``page_size``, a page size capped by the server, 404
past the end), ``/api/users/`` as a plain list whatever the paging
parameters, export snapshots that give each annotator as a bare user id and
each prediction as a bare id unless asked for in full, and that hold
regular annotations only unless skipped and ground-truth ones are asked for,
the plain ``/export`` with ids only, uploaded files under
``/data/upload/<project>/<file>``, and both kinds of token: a legacy one
(``Authorization: Token``) and a personal access token, a refresh token
that ``POST /api/token/refresh`` trades for short-lived access tokens
(``Authorization: Bearer``).

``serve(state)`` runs it on 127.0.0.1, on a port the kernel picks free.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

LEGACY_TOKEN = "label-studio-legacy-token"
PERSONAL_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsInVzZXJfaWQiOjEyfQ."
    "c3RhbmQtaW4tc2lnbmF0dXJl"
)


@dataclass
class LabelStudioState:
    """What the stand-in holds, and what it was asked."""

    projects: dict[int, dict[str, Any]] = field(default_factory=dict)
    tasks: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    """Each project's tasks as Label Studio stores them: annotations with
    ``completed_by`` a user id, predictions in full."""
    users: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    """Uploaded files by ``<project>/<file>``."""
    max_page_size: int = 2
    access_uses: int = 1000
    """Requests an access token is good for (Label Studio's last minutes)."""
    has_snapshots: bool = True
    forbidden_media: frozenset[int] = frozenset()
    """Projects whose uploads answer 403, as behind a proxy that guards them."""

    refreshes: int = 0
    access_tokens: dict[str, int] = field(default_factory=dict)
    snapshots: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    """(method, path, authorization scheme) of every request."""


def _detail(message: str, status: int, **extra):
    response = jsonify({"detail": message, **extra})
    response.status_code = status
    return response


def stand_in_label_studio(state: LabelStudioState) -> Flask:
    app = Flask("label-studio-stand-in")

    @app.before_request
    def _authenticate():
        authorization = request.headers.get("Authorization", "")
        scheme = authorization.split(" ", 1)[0]
        state.requests.append((request.method, request.path, scheme))
        if request.path == "/api/token/refresh":
            return None
        if authorization == f"Token {LEGACY_TOKEN}":
            return None
        if scheme == "Bearer":
            token = authorization.split(" ", 1)[1]
            if state.access_tokens.get(token, 0) > 0:
                state.access_tokens[token] -= 1
                return None
            return _detail(
                "Given token not valid for any token type",
                401,
                code="token_not_valid",
            )
        return _detail("Authentication credentials were not provided.", 401)

    @app.post("/api/token/refresh")
    def refresh():
        body = request.get_json(silent=True) or {}
        if body.get("refresh") != PERSONAL_TOKEN:
            return _detail("Token is invalid or expired", 401, code="token_not_valid")
        state.refreshes += 1
        access = f"access-token-{state.refreshes}"
        state.access_tokens[access] = state.access_uses
        return jsonify({"access": access})

    @app.get("/api/projects/")
    def list_projects():
        size = min(int(request.args.get("page_size", 30)), state.max_page_size)
        page = int(request.args.get("page", 1))
        ordered = [state.projects[key] for key in sorted(state.projects)]
        chunk = ordered[(page - 1) * size : page * size]
        if page > 1 and not chunk:
            return _detail("Invalid page.", 404)
        base = f"{request.host_url}api/projects/?page_size={size}&page="
        has_next = page * size < len(ordered)
        return jsonify(
            {
                "count": len(ordered),
                "next": f"{base}{page + 1}" if has_next else None,
                "previous": f"{base}{page - 1}" if page > 1 else None,
                "results": chunk,
            }
        )

    @app.get("/api/projects/<int:project_id>/")
    def read_project(project_id):
        if project_id not in state.projects:
            return _detail("Not found.", 404)
        return jsonify(state.projects[project_id])

    @app.post("/api/projects/<int:project_id>/exports/")
    def create_snapshot(project_id):
        if not state.has_snapshots:
            return _detail("Not found.", 404)
        body = request.get_json(silent=True) or {}
        number = len(state.snapshots) + 1
        state.snapshots[number] = {
            "project": project_id,
            "options": body,
            "polls": 0,
            "deleted": False,
        }
        response = jsonify(_snapshot_payload(number, body.get("title"), "created"))
        response.status_code = 201
        return response

    @app.get("/api/projects/<int:project_id>/exports/<int:number>")
    def snapshot_status(project_id, number):
        snapshot = state.snapshots.get(number)
        if snapshot is None or snapshot["project"] != project_id:
            return _detail("Not found.", 404)
        snapshot["polls"] += 1
        status = "completed" if snapshot["polls"] > 1 else "in_progress"
        return jsonify(_snapshot_payload(number, "", status))

    @app.get("/api/projects/<int:project_id>/exports/<int:number>/download")
    def download_snapshot(project_id, number):
        snapshot = state.snapshots.get(number)
        if snapshot is None or snapshot["project"] != project_id:
            return _detail("Not found.", 404)
        if snapshot["polls"] < 2:
            return app.response_class("Export is not completed", status=404)
        options = snapshot["options"]
        tasks = _exported(
            state,
            project_id,
            options.get("serialization_options") or {},
            options.get("annotation_filter_options"),
        )
        return _file(tasks, f"project-{project_id}-at-2024-05-01-10-00-0a1b2c3d.json")

    @app.delete("/api/projects/<int:project_id>/exports/<int:number>")
    def delete_snapshot(project_id, number):
        state.snapshots[number]["deleted"] = True
        return "", 204

    @app.get("/api/projects/<int:project_id>/export")
    def plain_export(project_id):
        everything = request.args.get("download_all_tasks") == "true"
        tasks = _exported(state, project_id, {}, None)
        if not everything:
            tasks = [task for task in tasks if task["annotations"]]
        return _file(tasks, f"project-{project_id}-at-2024-05-01-10-00.json")

    @app.get("/api/users/")
    def list_users():
        return jsonify(state.users)

    @app.get("/data/upload/<int:project_id>/<path:name>")
    def uploaded(project_id, name):
        if project_id in state.forbidden_media:
            return _detail("You do not have permission to perform this action.", 403)
        content = state.media.get(f"{project_id}/{name}")
        if content is None:
            return _detail("Not found.", 404)
        return app.response_class(content, mimetype="application/octet-stream")

    return app


def _snapshot_payload(number: int, title: str | None, status: str):
    return {
        "id": number,
        "title": title or "",
        "created_by": {"id": 12, "first_name": "", "last_name": "", "email": ""},
        "created_at": "2024-05-01T10:00:00.000000Z",
        "finished_at": None,
        "status": status,
        "md5": "",
        "counters": {},
        "converted_formats": [],
    }


def _file(tasks, name: str):
    from flask import current_app

    response = current_app.response_class(
        orjson.dumps(tasks), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _wants_full(options: dict[str, Any], name: str) -> bool:
    chosen = options.get(name)
    return isinstance(chosen, dict) and not chosen.get("only_id")


def _exported(state, project_id, serialization, annotation_filter):
    """The project's tasks as Label Studio's export serializer writes them."""
    users = {user["id"]: user for user in state.users}
    full_users = _wants_full(serialization, "annotations__completed_by")
    full_predictions = _wants_full(serialization, "predictions")
    exported = []
    for task in state.tasks.get(project_id, []):
        annotations = []
        for annotation in task.get("annotations", []):
            if not _kept(annotation, annotation_filter):
                continue
            annotation = dict(annotation)
            user = annotation.get("completed_by")
            if full_users and user is not None:
                known = users[user]
                annotation["completed_by"] = {
                    key: known[key]
                    for key in ("id", "email", "first_name", "last_name")
                }
            annotations.append(annotation)
        predictions = task.get("predictions", [])
        exported.append(
            {
                **{key: value for key, value in task.items() if key != "predictions"},
                "annotations": annotations,
                "predictions": predictions
                if full_predictions
                else [prediction["id"] for prediction in predictions],
                "drafts": [],
                "file_upload": None,
                "project": project_id,
            }
        )
    return exported


def _kept(annotation, options) -> bool:
    """Label Studio's annotation filter: with options given, regular ones
    (``usual``, on by default), ground truth and skipped are each asked for."""
    if not isinstance(options, dict):
        return True
    if annotation.get("was_cancelled"):
        return bool(options.get("skipped"))
    if annotation.get("ground_truth"):
        return bool(options.get("ground_truth"))
    return bool(options.get("usual", True))


@contextmanager
def serve(state: LabelStudioState):
    """Run the stand-in on 127.0.0.1 on a free port; its base URL."""
    server = make_server("127.0.0.1", 0, stand_in_label_studio(state), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
