"""Media for the browser: local files, and storage objects behind a task.

``/data/local-files/?d=<path>`` serves a file under the local-files root to
someone whose organization has a local-file storage holding it.
``/tasks/<id>/presign/?fileuri=<base64 URI>`` (Label Studio's resolve path,
also under ``/api``) answers for a storage URI that the task's data names:
a redirect to a presigned URL with a time limit when the storage presigns,
otherwise the object streamed through the server. Either way the caller
must see the task, and a raw bucket URL is never handed out unchecked.
"""

from __future__ import annotations

import base64
import binascii
import logging
import mimetypes
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import sqlalchemy as sa
from flask import Response, redirect, request, send_file

from labelcore import ApiError, StorageError, app_state, get_project, require_user
from labelcore.models import Task, db
from labelcore_storages.api import blp
from labelcore_storages.connectors.local import (
    LocalPathRefused,
    files_root,
    inside,
    storage_folder,
)
from labelcore_storages.models import Storage
from labelcore_storages.permissions import local_files_rule, task_media_rule
from labelcore_storages.records import connector_config, open_connector

log = logging.getLogger(__name__)

SAFE_INLINE = (
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/bmp",
    "image/tiff",
    "audio/",
    "video/",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/json",
)
"""Shown inline from this origin; anything else (HTML, SVG) is a download, so
that a file in a bucket cannot run script here."""


def _served_type(name: str, given: str | None) -> tuple[str, bool]:
    media_type = (given or mimetypes.guess_type(name)[0] or "").split(";")[0]
    media_type = media_type.strip().lower() or "application/octet-stream"
    inline = media_type.startswith(SAFE_INLINE)
    return (media_type if inline else "application/octet-stream"), inline


@blp.get("/data/local-files/")
@local_files_rule
def serve_local_file():
    user = require_user()
    try:
        root = files_root(app_state().settings)
    except StorageError as error:
        raise ApiError(404, str(error), code="not_found") from None

    wanted = request.args.get("d", "")
    if not wanted:
        raise ApiError(
            400,
            "Invalid d: give the file's path relative to the local-files root, "
            "as in /data/local-files/?d=images/cat.jpg.",
            {"d": ["is required."]},
        )
    try:
        path = inside(root, wanted)
    except LocalPathRefused as error:
        raise ApiError(403, str(error), code="path_refused") from None

    if not _readable_by(user, root, path) or not path.is_file():
        raise ApiError(
            404,
            f"No local file {wanted!r} in a local-file storage of your projects.",
            code="not_found",
        )
    media_type, inline = _served_type(path.name, None)
    response = send_file(
        path, mimetype=media_type, as_attachment=not inline, max_age=3600
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _readable_by(user, root, path) -> bool:
    rows = db.session.execute(
        sa.select(Storage.settings).where(
            Storage.type == "localfiles",
            Storage.organization_id == user.active_organization_id,
        )
    ).scalars()
    for settings in rows:
        try:
            folder = storage_folder(root, (settings or {}).get("path", ""))
        except LocalPathRefused:
            continue
        if path.is_relative_to(folder):
            return True
    return False


def _decoded(fileuri: str) -> str:
    padded = fileuri + "=" * (-len(fileuri) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            return decode(padded.encode()).decode()
        except (binascii.Error, ValueError):
            continue
    raise ApiError(
        400,
        "Invalid fileuri: it must be the base64 of the file's URI, such as "
        "base64('s3://bucket/image.jpg').",
        {"fileuri": ["is not base64 of a URI."]},
    )


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@task_media_rule
def resolve_task_file(task_id: int):
    require_user()
    task = db.session.get(Task, task_id)
    if task is None:
        raise ApiError(404, f"Task {task_id} was not found.", code="not_found")
    get_project(task.project_id)

    uri = _decoded(request.args.get("fileuri", ""))
    if uri not in set(_strings(task.data)):
        raise ApiError(
            404,
            f"Task {task_id} does not refer to {uri!r}; only files a task's "
            f"data names are resolved.",
            code="not_found",
        )
    storage, connector, key = _holder(task.project_id, uri)

    settings = connector_config(storage)
    if settings.get("presign", True):
        try:
            url = connector.presigned_url(
                key, int(settings.get("presign_ttl") or 1) * 60
            )
        except StorageError as error:
            raise ApiError(502, str(error), code="storage_error") from None
        if url:
            response = redirect(url, code=303)
            response.headers["Cache-Control"] = "private, no-store"
            return response
    return _streamed(connector, key)


def _holder(project_id: int, uri: str):
    """The project's import storage whose bucket holds ``uri``, its connector
    and the object's key."""
    scheme = urlsplit(uri).scheme
    kinds = {
        name
        for name, kind in app_state().plugins.storage_types.items()
        if scheme and scheme in kind.url_schemes
    }
    rows = db.session.execute(
        sa.select(Storage)
        .where(
            Storage.project_id == project_id,
            Storage.direction == "import",
            Storage.type.in_(kinds),
        )
        .order_by(Storage.id)
    ).scalars()
    for storage in rows:
        try:
            connector = open_connector(storage)
        except StorageError as error:
            log.info("Storage %s cannot resolve files: %s", storage.id, error)
            continue
        key = connector.key_for_uri(uri)
        if key is not None:
            return storage, connector, key
    raise ApiError(
        404,
        f"No import storage of project {project_id} holds {uri!r}; connect a "
        f"storage for that bucket to the project.",
        code="not_found",
    )


def _streamed(connector, key: str) -> Response:
    try:
        stream = connector.open(key)
    except StorageError as error:
        raise ApiError(502, str(error), code="storage_error") from None
    media_type, inline = _served_type(key, stream.content_type)
    response = Response(stream.chunks, mimetype=media_type, direct_passthrough=True)
    if stream.size is not None:
        response.headers["Content-Length"] = str(stream.size)
    if not inline:
        name = quote(key.rsplit("/", 1)[-1])
        response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=300"
    response.call_on_close(stream.close)
    return response


for _path in ("/tasks/<int:task_id>/presign/", "/api/tasks/<int:task_id>/presign/"):
    blp.add_url_rule(
        _path, f"resolve_{_path.split('/')[1]}", resolve_task_file, methods=["GET"]
    )
