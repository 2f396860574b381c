"""Import into and export out of a project: quick exports and snapshots."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Response, jsonify, request, send_file, stream_with_context
from flask_smorest import Blueprint

from labelcore.api.access import (
    app_state,
    bool_arg,
    get_project,
    json_body,
    parsed_config,
)
from labelcore.api.errors import ApiError, invalid, not_found
from labelcore.auth import require_user
from labelcore.models import ExportSnapshot, ImportRecord, db

blp = Blueprint(
    "transfer", __name__, url_prefix="/api/projects", description="Import and export"
)


@blp.route("/<int:project_id>/import", methods=["POST"])
def import_tasks(project_id: int):
    """Import tasks from JSON, JSONL, CSV, TSV, TXT or media files, in the body,
    as files, or from a ``url``.

    Up to ``LABELCORE_SYNC_IMPORT_LIMIT`` tasks are imported at once (201);
    more run as a job (202 with ``import`` and ``job``).
    """
    from labelcore.imports import handle_import_request

    project = get_project(project_id)
    status, body = handle_import_request(project, request, require_user(), app_state())
    response = jsonify(body)
    response.status_code = status
    if status == 202 and body.get("job"):
        response.headers["Location"] = f"/api/jobs/{body['job']['id']}"
    return response


@blp.route("/<int:project_id>/imports/<int:import_id>/", methods=["GET"])
def read_import(project_id: int, import_id: int):
    """An import's status, counts and task ids, in Label Studio's shape."""
    from labelcore.imports import import_record_payload

    project = get_project(project_id)
    record = db.session.get(ImportRecord, import_id)
    if record is None or record.project_id != project.id:
        raise not_found("Import", import_id)
    return jsonify(import_record_payload(record))


# -- quick export: streamed in the response --------------------------------------


def _export_options() -> dict:
    ids = request.args.getlist("ids") + request.args.getlist("ids[]")
    if len(ids) == 1 and "," in ids[0]:
        ids = ids[0].split(",")
    try:
        task_ids = [int(value) for value in ids if value.strip()]
    except ValueError:
        raise invalid("ids", "must be task ids (whole numbers).") from None
    return {
        "download_all_tasks": bool_arg("download_all_tasks"),
        "download_resources": bool_arg("download_resources"),
        "ids": task_ids,
    }


def _exporter(name: str | None, project, field: str = "exportType"):
    name = name or "JSON"
    exporters = app_state().plugins.exporters
    exporter = exporters.get(name) or exporters.get(name.upper())
    if exporter is None:
        known = ", ".join(sorted(exporters)) or "none installed"
        raise invalid(field, f"no export format {name!r}; available: {known}.")
    parsed = parsed_config(project)
    if not exporter.applies_to(parsed):
        raise invalid(
            field,
            f"the {exporter.name} format cannot express this project's config; "
            f"GET /api/projects/{project.id}/export/formats lists the ones that "
            f"can.",
        )
    return exporter


def _streamed(chunks, exporter, filename: str) -> Response:
    from labelcore.exports.payloads import attachment

    return Response(
        stream_with_context(chunks),
        mimetype=exporter.media_type,
        headers={"Content-Disposition": attachment(filename)},
    )


@blp.route("/<int:project_id>/export", methods=["GET"])
def export_project(project_id: int):
    """Stream a project's tasks in a format (``exportType``, default JSON).

    By default only tasks with annotations; ``download_all_tasks=true`` for
    every task, ``ids=1,2`` for some, ``download_resources=true`` to put the
    media files into formats that come as a zip.
    """
    from labelcore.exports import stream_export
    from labelcore.exports.payloads import extension_of

    project = get_project(project_id)
    name = request.args.get("exportType") or request.args.get("export_type")
    exporter = _exporter(name, project)
    chunks = stream_export(project, exporter, _export_options())
    stamp = time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime())
    filename = f"project-{project.id}-at-{stamp}{extension_of(exporter)}"
    return _streamed(chunks, exporter, filename)


@blp.route("/<int:project_id>/export/formats", methods=["GET"])
def export_formats(project_id: int):
    """The export formats, each with whether it fits the project's config."""
    project = get_project(project_id)
    parsed = parsed_config(project)
    return jsonify(
        [
            {
                "name": exporter.name,
                "title": exporter.title or exporter.name,
                "description": exporter.description,
                "tags": list(exporter.tags),
                "disabled": not exporter.applies_to(parsed),
            }
            for exporter in app_state().plugins.exporters.values()
        ]
    )


# -- snapshots: exports made by a job ---------------------------------------------


def _snapshot(project, export_id: int) -> ExportSnapshot:
    snapshot = db.session.get(ExportSnapshot, export_id)
    if snapshot is None or snapshot.project_id != project.id:
        raise not_found("Export", export_id)
    return snapshot


def _option_error(error) -> ApiError:
    return invalid(error.field, error.message)


@blp.route("/<int:project_id>/exports/", methods=["GET"])
def list_snapshots(project_id: int):
    """The project's export snapshots, newest first."""
    from labelcore.exports.payloads import snapshot_payload

    project = get_project(project_id)
    rows = db.session.scalars(
        db.select(ExportSnapshot)
        .where(ExportSnapshot.project_id == project.id)
        .order_by(ExportSnapshot.id.desc())
    )
    return jsonify([snapshot_payload(row) for row in rows])


@blp.route("/<int:project_id>/exports/", methods=["POST"])
def create_snapshot(project_id: int):
    """Start a snapshot as a job: ``title``, ``task_filter_options``,
    ``annotation_filter_options``, ``serialization_options``, and
    ``export_type`` to convert it to a format as soon as it is written."""
    from labelcore.exports.filters import ExportOptionError
    from labelcore.exports.payloads import snapshot_payload
    from labelcore.exports.snapshot import start_snapshot

    project = get_project(project_id)
    body = json_body()
    options = {
        key: body.get(key) or {}
        for key in (
            "task_filter_options",
            "annotation_filter_options",
            "serialization_options",
        )
    }
    for key, value in options.items():
        if not isinstance(value, dict):
            raise invalid(key, f"must be a JSON object, got {value!r}.")
    export_type = body.get("export_type")
    if export_type:
        options["export_type"] = _exporter(export_type, project, "export_type").name
    try:
        snapshot = start_snapshot(
            project, require_user(), options, str(body.get("title") or "")
        )
    except ExportOptionError as error:
        raise _option_error(error) from None
    response = jsonify(snapshot_payload(snapshot))
    response.status_code = 201
    response.headers["Location"] = f"/api/projects/{project.id}/exports/{snapshot.id}"
    return response


@blp.route("/<int:project_id>/exports/<int:export_id>/", methods=["GET"])
def read_snapshot(project_id: int, export_id: int):
    """One snapshot: status, counters, converted formats, its job."""
    from labelcore.exports.payloads import snapshot_payload

    return jsonify(snapshot_payload(_snapshot(get_project(project_id), export_id)))


@blp.route("/<int:project_id>/exports/<int:export_id>/", methods=["DELETE"])
def delete_snapshot(project_id: int, export_id: int):
    """Delete a snapshot and its files; a job still writing it is cancelled."""
    from labelcore.models import Job

    snapshot = _snapshot(get_project(project_id), export_id)
    job = db.session.get(Job, snapshot.job_id) if snapshot.job_id else None
    if job is not None and job.state in ("queued", "running"):
        was_queued = job.state == "queued"
        job.state = "cancelled"
        if was_queued:
            app_state().plugins.hook.on_job_finished(job=job)
    paths = [snapshot.file_path] + [
        entry.get("path") for entry in snapshot.converted_formats or []
    ]
    db.session.delete(snapshot)
    db.session.commit()
    for path in filter(None, paths):
        Path(path).unlink(missing_ok=True)
    return Response(status=204)


@blp.route("/<int:project_id>/exports/<int:export_id>/convert", methods=["POST"])
def convert_snapshot(project_id: int, export_id: int):
    """Convert a completed snapshot to ``export_type`` as a job."""
    from labelcore.exports.snapshot import start_conversion

    project = get_project(project_id)
    snapshot = _completed(project, export_id)
    body = json_body()
    exporter = _exporter(body.get("export_type"), project, "export_type")
    options = {"download_resources": bool(body.get("download_resources"))}
    entry = start_conversion(snapshot, exporter, require_user(), options)
    return jsonify({"export_type": exporter.name, "converted_format": entry["id"]})


def _completed(project, export_id: int) -> ExportSnapshot:
    snapshot = _snapshot(project, export_id)
    if snapshot.status != "completed":
        raise ApiError(
            409,
            f"Export {export_id} is {snapshot.status}, not completed; poll "
            f"GET /api/projects/{project.id}/exports/{export_id}/ until its "
            f"status is 'completed'.",
            code="export_not_ready",
        )
    return snapshot


@blp.route("/<int:project_id>/exports/<int:export_id>/download", methods=["GET"])
def download_snapshot(project_id: int, export_id: int):
    """A completed snapshot in ``exportType`` (default JSON): the converted
    file when a conversion made one, otherwise converted while it streams."""
    from labelcore.exports.payloads import attachment, download_filename
    from labelcore.exports.snapshot import converted_path, download_chunks

    project = get_project(project_id)
    snapshot = _completed(project, export_id)
    name = request.args.get("exportType") or request.args.get("export_type")
    exporter = _exporter(name, project)
    filename = download_filename(snapshot, exporter)
    converted = converted_path(snapshot, exporter)
    if converted.exists():
        response = send_file(
            converted, mimetype=exporter.media_type, conditional=True, max_age=0
        )
        response.headers["Content-Disposition"] = attachment(filename)
        return response

    return _streamed(download_chunks(snapshot, exporter), exporter, filename)
