"""Projects: ``/api/projects/``, Label Studio's paths and shapes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import jsonify, request
from flask_smorest import Blueprint

from labelcore.api.access import (
    app_state,
    config_error,
    get_project,
    int_arg,
    issue_payload,
    json_body,
    organization_id,
    parsed_config,
)
from labelcore.api.errors import invalid
from labelcore.api.project_counts import project_counts
from labelcore.api.serializers import project_payload
from labelcore.auth import require_user
from labelcore.datamanager.indexes import indexes_dropped_with
from labelcore.models import Project, User, db, utcnow

blp = Blueprint(
    "projects", __name__, url_prefix="/api/projects", description="Projects"
)

EDITABLE_TEXT = ("title", "description", "expert_instruction", "color", "model_version")
EDITABLE_FLAGS = (
    "show_instruction",
    "show_skip_button",
    "enable_empty_annotation",
    "is_published",
)
MAX_TITLE = 200
LABEL_STUDIO_STREAM_FIELDS = ("overlap_cohort_percentage", "skip_queue")


def _check_stream_settings(project: Project, state) -> None:
    """Refuse label-stream settings and sampler parameters the stream cannot
    use when they are saved, not at the next ``/next/``."""
    from labelcore.contrib.samplers import SamplerParametersInvalid
    from labelcore.sampling import StreamPolicy, StreamSettingsInvalid

    try:
        StreamPolicy.of(project, state.settings.lock_ttl_seconds)
    except StreamSettingsInvalid as error:
        raise invalid("settings", str(error)) from None

    chosen = state.plugins.samplers.get(project.sampler)
    if chosen is None:
        return
    try:
        chosen.check_parameters((project.settings or {}).get("sampler_parameters"))
    except SamplerParametersInvalid as error:
        raise invalid("settings.sampler_parameters", str(error)) from None


def describe(project: Project, counts: dict[str, int] | None = None) -> dict[str, Any]:
    state = app_state()
    try:
        parsed = state.compiler.compile(project.label_config).as_dict()
    except Exception:
        parsed = {}
    if counts is None:
        counts = project_counts([project.id]).get(project.id)
    creator = (
        db.session.get(User, project.created_by_id) if project.created_by_id else None
    )
    return project_payload(
        project,
        samplers=state.plugins.samplers,
        counts=counts,
        parsed_config=parsed,
        created_by=creator,
    )


def _apply_fields(project: Project, body: dict[str, Any]) -> None:
    state = app_state()

    for field in EDITABLE_TEXT:
        if field in body:
            value = body[field]
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise invalid(field, f"must be a string, got {type(value).__name__}.")
            project.__setattr__(field, value)
    if len(project.title or "") > MAX_TITLE:
        raise invalid("title", f"must be at most {MAX_TITLE} characters long.")

    for field in EDITABLE_FLAGS:
        if field in body:
            if not isinstance(body[field], bool):
                raise invalid(field, f"must be true or false, got {body[field]!r}.")
            project.__setattr__(field, body[field])

    if "maximum_annotations" in body:
        overlap = body["maximum_annotations"]
        if not isinstance(overlap, int) or isinstance(overlap, bool) or overlap < 1:
            raise invalid(
                "maximum_annotations", f"must be a whole number ≥ 1, got {overlap!r}."
            )
        project.maximum_annotations = overlap

    sampler = body.get("sampler", body.get("sampling"))
    if sampler is not None:
        chosen = state.plugins.samplers.get(sampler)
        if chosen is None:
            known = ", ".join(sorted(state.plugins.samplers)) or "none installed"
            raise invalid("sampling", f"no sampler {sampler!r}; known: {known}.")
        project.sampler = chosen.name

    if "workflow" in body:
        if body["workflow"] not in state.plugins.workflows:
            known = ", ".join(sorted(state.plugins.workflows)) or "none installed"
            raise invalid(
                "workflow", f"no workflow {body['workflow']!r}; known: {known}."
            )
        if project.id is not None and body["workflow"] != project.workflow:
            _switch_workflow(project, body)
        else:
            project.workflow = body["workflow"]

    if "settings" in body:
        if not isinstance(body["settings"], dict):
            raise invalid("settings", "must be a JSON object.")
        project.settings = {**(project.settings or {}), **body["settings"]}

    # Label Studio sends these at the top level; they live in the settings.
    moved = {name: body[name] for name in LABEL_STUDIO_STREAM_FIELDS if name in body}
    if moved:
        project.settings = {**(project.settings or {}), **moved}

    _check_stream_settings(project, state)

    if "label_config" in body:
        config = body["label_config"]
        if not isinstance(config, str):
            raise invalid("label_config", "must be a string of XML.")
        _compile_or_refuse(config)
        if config != project.label_config:
            # Issue 3: a change may not orphan annotations unless forced.
            from labelcore.api.config import refuse_removing_what_annotations_use

            refuse_removing_what_annotations_use(project, config, body)
            project.label_config = config
            project.config_version += 1


def _switch_workflow(project: Project, body: dict[str, Any]) -> None:
    """A project with tasks moves to another workflow only through the engine,
    which refuses states the new workflow lacks unless ``state_map`` maps them."""
    from labelcore.workflow import SwitchRefused, switch_workflow
    from labelcore.workflow.answers import switch_error

    try:
        switch_workflow(
            app_state().workflow,
            project,
            require_user(),
            workflow=body["workflow"],
            state_map=body.get("state_map"),
        )
    except SwitchRefused as error:
        raise switch_error(error) from None


def _compile_or_refuse(config: str):
    from labelcore.config import ConfigInvalid

    try:
        return app_state().compiler.compile(config)
    except ConfigInvalid as error:
        raise config_error(error) from None


def _default_choices(project: Project) -> None:
    state = app_state()
    if project.sampler not in state.plugins.samplers and state.plugins.samplers:
        project.sampler = next(iter(state.plugins.samplers.values())).name
    if project.workflow not in state.plugins.workflows and state.plugins.workflows:
        project.workflow = next(iter(state.plugins.workflows.values())).name


@blp.route("/", methods=["GET"])
def list_projects():
    """List the projects of the caller's organization, newest first (paged)."""
    page = int_arg("page", 1)
    page_size = min(int_arg("page_size", 30), 1000)
    query = sa.select(Project).where(Project.organization_id == organization_id())
    if request.args.get("title"):
        query = query.where(Project.title.contains(request.args["title"]))
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(query.subquery())
    ).scalar_one()
    projects = (
        db.session.execute(
            query.order_by(Project.id.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        .scalars()
        .all()
    )
    counts = project_counts([project.id for project in projects])
    return jsonify(
        {
            "count": total,
            "next": _page_url(page + 1) if page * page_size < total else None,
            "previous": _page_url(page - 1) if page > 1 else None,
            "results": [describe(p, counts.get(p.id, {})) for p in projects],
        }
    )


def _page_url(page: int) -> str:
    args = request.args.to_dict()
    args["page"] = str(page)
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"{request.base_url}?{query}"


@blp.route("/", methods=["POST"])
def create_project():
    """Create a project; the label config is validated first (201)."""
    user = require_user()
    body = json_body()
    project = Project(
        organization_id=organization_id(),
        created_by_id=user.id,
        label_config=body.get("label_config") or "<View></View>",
    )
    _compile_or_refuse(project.label_config)
    _apply_fields(project, body)
    _default_choices(project)
    db.session.add(project)
    app_state().plugins.hook.on_project_changed(
        project=project, change="created", actor=user
    )
    db.session.commit()
    response = jsonify(describe(project, {}))
    response.status_code = 201
    return response


@blp.route("/<int:project_id>/", methods=["GET"])
def read_project(project_id: int):
    """One project with its counts and parsed config."""
    return jsonify(describe(get_project(project_id)))


@blp.route("/<int:project_id>/", methods=["PATCH", "PUT"])
def update_project(project_id: int):
    """Change a project's settings or label config."""
    project = get_project(project_id)
    _apply_fields(project, json_body())
    project.updated_at = utcnow()
    app_state().plugins.hook.on_project_changed(
        project=project, change="updated", actor=require_user()
    )
    db.session.commit()
    return jsonify(describe(project))


@blp.route("/<int:project_id>/", methods=["DELETE"])
def delete_project(project_id: int):
    """Delete a project with its tasks, annotations and predictions."""
    project = get_project(project_id)
    with indexes_dropped_with(project.id):
        db.session.delete(project)
        app_state().plugins.hook.on_project_changed(
            project=project, change="deleted", actor=require_user()
        )
        db.session.commit()
    return "", 204


@blp.route("/validate/", methods=["POST"])
def validate_config():
    """Validate a label config without saving it."""
    body = json_body()
    config = body.get("label_config")
    if not isinstance(config, str):
        raise invalid("label_config", "is required: a string of XML.")
    parsed = _compile_or_refuse(config)
    return jsonify(
        {
            "label_config": config,
            "warnings": [issue_payload(issue) for issue in parsed.warnings],
            "parsed_label_config": parsed.as_dict(),
        }
    )


@blp.route("/<int:project_id>/validate/", methods=["POST"])
def validate_project_config(project_id: int):
    """Validate a label config for an existing project."""
    get_project(project_id)
    return validate_config()


@blp.route("/<int:project_id>/parsed-config", methods=["GET"])
def read_parsed_config(project_id: int):
    """The project's config as the server understands it: controls with their
    types, targets and labels, and objects with their data keys."""
    parsed = parsed_config(get_project(project_id))
    return jsonify(parsed.describe())
