"""Import into and export out of a project."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, jsonify, request, stream_with_context
from flask_smorest import Blueprint

from labelcore.api.access import app_state, bool_arg, get_project, parsed_config
from labelcore.api.errors import invalid, not_found
from labelcore.auth import require_user
from labelcore.models import ImportRecord, db

blp = Blueprint(
    "transfer", __name__, url_prefix="/api/projects", description="Import and export"
)


@blp.route("/<int:project_id>/import", methods=["POST"])
def import_tasks(project_id: int):
    """Import tasks from JSON, JSONL, CSV, TSV or TXT, in the body or as files.

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


def _export_options() -> dict:
    ids = request.args.getlist("ids")
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


@blp.route("/<int:project_id>/export", methods=["GET"])
def export_project(project_id: int):
    """Stream a project's tasks in a format (``exportType``, default JSON).

    By default only tasks with annotations; ``download_all_tasks=true`` for
    every task, ``ids=1,2`` for some.
    """
    from labelcore.exports import stream_export

    project = get_project(project_id)
    name = request.args.get("exportType") or request.args.get("export_type") or "JSON"
    exporters = app_state().plugins.exporters
    exporter = exporters.get(name)
    if exporter is None:
        known = ", ".join(sorted(exporters)) or "none installed"
        raise invalid("exportType", f"no export format {name!r}; available: {known}.")
    parsed = parsed_config(project)
    if not exporter.applies_to(parsed):
        raise invalid(
            "exportType", f"the {name} format cannot express this project's config."
        )

    options = _export_options()
    chunks = stream_export(project, exporter, options)
    filename = f"project-{project.id}-{name.lower()}{exporter.file_extension}"
    return Response(
        stream_with_context(chunks),
        mimetype=exporter.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"
        },
    )


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
