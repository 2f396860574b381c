"""The config language over HTTP: sample tasks, the label interface, and the
rule that a config change may not orphan existing annotations.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import jsonify, request
from flask_smorest import Blueprint

from labelcore.api.access import (
    app_state,
    config_error,
    get_project,
    issue_payload,
    json_body,
    parsed_config,
)
from labelcore.api.errors import ApiError, invalid
from labelcore.models import Annotation, Project, db

blp = Blueprint(
    "config", __name__, url_prefix="/api/projects", description="Label configs"
)

RESULT_BATCH = 1000
TRUE_WORDS = {"1", "true", "yes", "on"}


def _compile(config: Any):
    from labelcore.config import ConfigInvalid

    if not isinstance(config, str):
        raise invalid("label_config", "is required: a string of XML.")
    try:
        return app_state().compiler.compile(config)
    except ConfigInvalid as error:
        raise config_error(error) from None


def _sample_answer(parsed, data: Any):
    from labelcore.config.samples import sample_task

    if data is not None and not isinstance(data, dict):
        raise invalid("data", "must be a JSON object of task data, or left out.")
    return jsonify(
        {
            "sample_task": sample_task(parsed, data),
            "warnings": [issue_payload(issue) for issue in parsed.warnings],
        }
    )


@blp.route("/sample-task", methods=["POST"])
def sample_task_for_config():
    """A sample task for ``label_config``: data for every ``$key`` and one
    valid result per control (``data`` keeps the keys it gives)."""
    body = json_body()
    return _sample_answer(_compile(body.get("label_config")), body.get("data"))


@blp.route("/<int:project_id>/sample-task", methods=["POST", "GET"])
def sample_task_for_project(project_id: int):
    """A sample task for the project's config, or for ``label_config`` if sent."""
    project = get_project(project_id)
    body = json_body() if request.method == "POST" and request.data else {}
    if body.get("label_config") is not None:
        parsed = _compile(body["label_config"])
    else:
        parsed = parsed_config(project)
    return _sample_answer(parsed, body.get("data"))


@blp.route("/<int:project_id>/label-interface", methods=["GET"])
def read_label_interface(project_id: int):
    """The parsed config: controls with their types, targets and labels,
    objects with their data keys."""
    return jsonify(parsed_config(get_project(project_id)).describe())


def refuse_removing_what_annotations_use(
    project: Project, new_config: str, body: dict[str, Any]
) -> None:
    """Raise 400 when ``new_config`` drops a control or label in use.

    Called before a project's config changes. Nothing is read from the
    database unless the new config removes something; ``force: true`` in
    the body (or ``?force=true``) lets the change through.
    """
    from labelcore.config import ConfigInvalid
    from labelcore.config.usage import describe_in_use, labels_in_use, removal_between

    if project.id is None or _forced(body):
        return
    compiler = app_state().compiler
    try:
        removal = removal_between(
            compiler.compile(project.label_config), compiler.compile(new_config)
        )
    except ConfigInvalid:
        return
    if not removal:
        return

    in_use = labels_in_use(removal, _annotation_results(project.id))
    if in_use:
        raise ApiError(
            400,
            describe_in_use(in_use),
            {"label_config": [str(entry) for entry in in_use]},
            code="config_removes_labels_in_use",
            in_use=[entry.as_dict() for entry in in_use],
        )


def _forced(body: dict[str, Any]) -> bool:
    if body.get("force") is True:
        return True
    return request.args.get("force", "").strip().lower() in TRUE_WORDS


def _annotation_results(project_id: int):
    query = (
        sa.select(Annotation.result)
        .where(Annotation.project_id == project_id)
        .execution_options(yield_per=RESULT_BATCH)
    )
    for (result,) in db.session.execute(query):
        yield result
