"""Uploaded media, served at Label Studio's ``/data/upload/<project>/<file>``."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, current_app, send_from_directory
from werkzeug.utils import secure_filename

from labelcore.api.access import get_project
from labelcore.api.errors import ApiError

blp = Blueprint("uploads", __name__)

# Media types that are safe to show inline from the app's own origin; anything
# else (HTML, SVG, scripts) is sent as a download so it cannot run here.
INLINE_TYPES = (
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/bmp",
    "audio/",
    "video/",
    "application/pdf",
    "text/plain",
    "text/csv",
)


def upload_folder(settings, project_id: int) -> Path:
    folder = settings.data_path / "upload" / str(project_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_url(project_id: int, file_name: str) -> str:
    return f"/data/upload/{project_id}/{file_name}"


@blp.get("/data/upload/<int:project_id>/<path:file_name>")
def serve_upload(project_id: int, file_name: str):
    get_project(project_id)
    if secure_filename(file_name) != file_name:
        raise ApiError(404, f"No uploaded file {file_name!r} in project {project_id}.")
    settings = current_app.extensions["labelcore"].settings
    folder = settings.data_path / "upload" / str(project_id)
    if not (folder / file_name).is_file():
        raise ApiError(404, f"No uploaded file {file_name!r} in project {project_id}.")
    media_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    inline = media_type.startswith(INLINE_TYPES)
    response = send_from_directory(
        folder,
        file_name,
        mimetype=media_type if inline else "application/octet-stream",
        as_attachment=not inline,
        max_age=3600,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
