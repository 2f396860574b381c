"""Export snapshots in Label Studio's ``Export`` shape, and file names."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from labelcore.models import ExportSnapshot, Job, User, db, isoformat


def snapshot_payload(snapshot: ExportSnapshot) -> dict[str, Any]:
    from labelcore.jobs import job_payload

    options = snapshot.options or {}
    user = (
        db.session.get(User, snapshot.created_by_id) if snapshot.created_by_id else None
    )
    job = db.session.get(Job, snapshot.job_id) if snapshot.job_id else None
    body = {
        "id": snapshot.id,
        "title": snapshot.title,
        "created_by": _user(user),
        "created_at": isoformat(snapshot.created_at),
        "finished_at": isoformat(snapshot.finished_at),
        "status": snapshot.status,
        "md5": snapshot.md5,
        "counters": snapshot.counters or {},
        "converted_formats": [
            {
                "id": entry["id"],
                "export_type": entry["export_type"],
                "status": entry.get("status"),
                "traceback": entry.get("traceback"),
            }
            for entry in snapshot.converted_formats or []
        ],
        "task_filter_options": options.get("task_filter_options") or {},
        "annotation_filter_options": options.get("annotation_filter_options") or {},
        "serialization_options": options.get("serialization_options") or {},
        "error": snapshot.error,
        "job": job_payload(job) if job is not None else None,
        "download_url": None,
    }
    if snapshot.status == "completed":
        body["download_url"] = (
            f"/api/projects/{snapshot.project_id}/exports/{snapshot.id}/download"
            f"?exportType=JSON"
        )
    return body


def _user(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "avatar": None,
    }


def attachment(filename: str) -> str:
    """A Content-Disposition value that keeps non-ASCII names intact.

    The plain ``filename=`` comes last: Label Studio's legacy SDK takes
    whatever follows the last ``filename=`` as the name.
    """
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return f"attachment; filename*=UTF-8''{quote(filename)}; filename=\"{ascii_name}\""


def extension_of(exporter) -> str:
    extension = exporter.file_extension or ""
    return extension if not extension or extension.startswith(".") else "." + extension


def download_filename(snapshot: ExportSnapshot, exporter) -> str:
    """The name a snapshot's download in ``exporter``'s format is given."""
    stamp = snapshot.created_at.strftime("%Y-%m-%d-%H-%M-%S")
    return (
        f"project-{snapshot.project_id}-at-{stamp}-{(snapshot.md5 or '')[:8]}"
        f"{extension_of(exporter)}"
    )
