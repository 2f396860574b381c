"""Label Studio's storage API: ``/api/storages/<type>/...`` for import storages
and ``/api/storages/export/<type>/...`` for export storages.

Every storage belongs to a project of the caller's organization; another
organization's storage answers 404. Creating, changing and validating a
storage reaches it once, so that wrong settings are refused at once with a
sentence that says what to fix; the provider's own answer is never passed on.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify, request

from labelcore import (
    ApiError,
    SecretKeyError,
    StorageError,
    app_state,
    enqueue,
    get_project,
    job_payload,
    json_body,
    require_user,
)
from labelcore.models import Job, Project, db
from labelcore_storages.models import Storage
from labelcore_storages.permissions import declared, types_rule
from labelcore_storages.records import (
    apply_values,
    connector_config,
    defaults_filled,
    load_values,
    merged_secrets,
    storage_payload,
    storage_type_named,
    storage_types,
)

log = logging.getLogger(__name__)

blp = Blueprint("storages", __name__)

PREFIXES = {"import": "/api/storages", "export": "/api/storages/export"}
SYNC_JOBS = {"import": "storages.sync", "export": "storages.export"}
BUSY = {"queued", "in_progress"}


def _organization_id() -> int:
    return require_user().active_organization_id


def _project_id(body: dict) -> int:
    raw = body.get("project", request.args.get("project"))
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ApiError(
            400,
            "Invalid project: a storage needs the id of its project in 'project' "
            f"(in the body or the query string), got {raw!r}.",
            {"project": ["is required and must be a project id."]},
        ) from None


def _storage(direction: str, kind: str, storage_id: int) -> Storage:
    storage = db.session.get(Storage, storage_id)
    if (
        storage is None
        or storage.direction != direction
        or storage.type != kind
        or storage.organization_id != _organization_id()
    ):
        what = "export storage" if direction == "export" else "import storage"
        raise ApiError(404, f"No {kind} {what} {storage_id}.", code="not_found")
    return storage


def _reach(storage_type, config: dict, secrets: dict) -> None:
    """Build the connector and reach the storage once; 400 when it fails.

    Nothing is written yet, so the transaction ends first: on SQLite it would
    hold the write lock for as long as the storage takes to answer.
    """
    db.session.commit()
    try:
        storage_type.connector(config, secrets, app_state().settings).check()
    except StorageError as error:
        raise ApiError(400, str(error), {"storage": [str(error)]}) from None


def _listing(direction: str, kind: str | None):
    query = sa.select(Storage).where(
        Storage.direction == direction,
        Storage.organization_id == _organization_id(),
    )
    if kind is not None:
        query = query.where(Storage.type == kind)
    if request.args.get("project"):
        query = query.where(Storage.project_id == _project_id({}))
    rows = db.session.execute(query.order_by(Storage.id)).scalars()
    return jsonify([storage_payload(row) for row in rows])


@types_rule
def _types():
    return jsonify(
        [{"name": kind.name, "title": kind.title} for kind in storage_types().values()]
    )


def list_all(direction: str):
    return _listing(direction, None)


def list_storages(direction: str, kind: str):
    storage_type_named(kind)
    return _listing(direction, kind)


def create_storage(direction: str, kind: str):
    storage_type = storage_type_named(kind)
    body = json_body()
    values = load_values(storage_type, direction, body, partial=False)
    project = get_project(_project_id(body))
    values.settings = defaults_filled(direction, values.settings)
    secrets = merged_secrets(None, values)

    storage = Storage(
        organization_id=project.organization_id,
        project_id=project.id,
        direction=direction,
        type=kind,
        created_by_id=require_user().id,
    )
    apply_values(storage, values, secrets)
    _reach(storage_type, connector_config(storage), secrets)
    db.session.add(storage)
    db.session.commit()
    log.info(
        "%s storage %s (%s) created for project %s",
        direction.capitalize(),
        storage.id,
        kind,
        project.id,
    )
    return jsonify(storage_payload(storage, storage_type)), 201


def validate_storage(direction: str, kind: str):
    """Check settings (and reach the storage) without saving anything; with
    ``id`` the stored credentials fill what the body leaves out."""
    storage_type = storage_type_named(kind)
    body = json_body()
    existing = None
    if body.get("id") is not None:
        existing = _storage(direction, kind, _int(body["id"], "id"))
    values = load_values(storage_type, direction, body, partial=existing is not None)
    if existing is None:
        get_project(_project_id(body))
        values.settings = defaults_filled(direction, values.settings)

    probe = Storage(settings=dict(existing.settings) if existing else {})
    secrets = _secrets_of(existing, values)
    apply_values(probe, values, secrets)
    _reach(storage_type, connector_config(probe), secrets)
    return jsonify({})


def _secrets_of(storage: Storage | None, values) -> dict:
    try:
        return merged_secrets(storage, values)
    except SecretKeyError as error:
        raise ApiError(409, str(error), code="secret_key") from None


def _int(raw, name: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ApiError(
            400, f"Invalid {name}: expected a whole number, got {raw!r}."
        ) from None


def read_storage(direction: str, kind: str, storage_id: int):
    return jsonify(storage_payload(_storage(direction, kind, storage_id)))


def update_storage(direction: str, kind: str, storage_id: int):
    storage_type = storage_type_named(kind)
    storage = _storage(direction, kind, storage_id)
    body = json_body()
    values = load_values(storage_type, direction, body, partial=True)
    if (
        "project" in values.settings
        and values.settings["project"] != storage.project_id
    ):
        raise ApiError(
            400,
            "Invalid project: a storage stays with its project; create a new "
            "storage in the other project instead.",
            {"project": ["cannot be changed."]},
        )

    secrets = _secrets_of(storage, values)
    reaches = set(values.settings) - {"title", "description", "project"}
    if reaches or values.secrets or values.cleared:
        probe = Storage(settings=dict(storage.settings or {}))
        apply_values(probe, values, secrets)
        _reach(storage_type, connector_config(probe), secrets)
    apply_values(storage, values, secrets)
    db.session.commit()
    return jsonify(storage_payload(storage, storage_type))


def delete_storage(direction: str, kind: str, storage_id: int):
    storage = _storage(direction, kind, storage_id)
    db.session.execute(sa.delete(Storage).where(Storage.id == storage.id))
    db.session.commit()
    log.info("%s storage %s deleted", direction.capitalize(), storage_id)
    return "", 204


def sync_storage(direction: str, kind: str, storage_id: int):
    """Start a sync job (import: new objects become tasks; export: every
    annotation is written), or answer the one already running."""
    storage = _storage(direction, kind, storage_id)
    if storage.status in BUSY and storage.last_sync_job:
        running = db.session.get(Job, storage.last_sync_job)
        if running is not None and running.state in {"queued", "running"}:
            return _accepted(storage, running)

    project = db.session.get(Project, storage.project_id)
    storage.status = "queued"
    storage.traceback = None
    db.session.commit()
    job = enqueue(
        SYNC_JOBS[direction],
        {"storage_id": storage.id},
        organization_id=project.organization_id,
        project_id=project.id,
        user_id=require_user().id,
    )
    # The job records itself on the storage too, and may have done so already.
    db.session.execute(
        sa.update(Storage).where(Storage.id == storage.id).values(last_sync_job=job.id)
    )
    db.session.commit()
    db.session.refresh(storage)
    return _accepted(storage, job)


def _accepted(storage: Storage, job: Job):
    body = {**storage_payload(storage), "job": job_payload(job)}
    response = jsonify(body)
    response.status_code = 202
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return response


def _register_routes() -> None:
    blp.add_url_rule("/api/storages/types", "import_types", _types)
    blp.add_url_rule("/api/storages/export/types", "export_types", _types)
    for direction, prefix in PREFIXES.items():

        def bind(view, direction=direction):
            def bound(**arguments):
                return view(direction, **arguments)

            return bound

        routes = [
            (f"{prefix}/", "list_all", list_all, ["GET"]),
            (f"{prefix}/<kind>/", "list", list_storages, ["GET"]),
            (f"{prefix}/<kind>/", "create", create_storage, ["POST"]),
            (f"{prefix}/<kind>/validate", "validate", validate_storage, ["POST"]),
            (f"{prefix}/<kind>/<int:storage_id>", "read", read_storage, ["GET"]),
            (f"{prefix}/<kind>/<int:storage_id>", "update", update_storage, ["PATCH"]),
            (f"{prefix}/<kind>/<int:storage_id>", "delete", delete_storage, ["DELETE"]),
            (f"{prefix}/<kind>/<int:storage_id>/sync", "sync", sync_storage, ["POST"]),
        ]
        for rule, name, view, methods in routes:
            declared_view = declared(name, bind(view))
            blp.add_url_rule(
                rule, f"{direction}_{name}", declared_view, methods=methods
            )


_register_routes()
