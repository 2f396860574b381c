"""Looking up objects the caller may see, and reading request bodies.

Everything is scoped to the caller's active organization: an object of
another organization answers 404 as if it did not exist.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import current_app, request

from labelcore.api.errors import ApiError, invalid, not_found
from labelcore.auth import require_user
from labelcore.models import Annotation, Prediction, Project, Task, db
from labelcore.permissions import UNFILTERED, can_see_project, may_see_annotation


def app_state():
    return current_app.extensions["labelcore"]


def organization_id() -> int:
    return require_user().active_organization_id


def get_project(project_id: int) -> Project:
    return get_project_or_hide(project_id, "Project", project_id)


def _get_visible(model, key: int, what: str):
    """A row of a project-owned model, or 404 when its project is not the
    caller's to see."""
    # Unnarrowed: whether the caller may see it is decided right here.
    row = db.session.get(model, key, execution_options=UNFILTERED)
    if row is None:
        raise not_found(what, key)
    get_project_or_hide(row.project_id, what, key)
    return row


def get_task(task_id: int) -> Task:
    return _get_visible(Task, task_id, "Task")


def get_annotation(annotation_id: int, *, only_visible: bool = True) -> Annotation:
    """An annotation of a project the caller sees; with ``only_visible``, 404
    also for another annotator's where annotators see only their own (a
    caller that refuses others' annotations itself, with a better message,
    passes ``False``)."""
    annotation = _get_visible(Annotation, annotation_id, "Annotation")
    if only_visible and not may_see_annotation(annotation):
        # Another annotator's work, where annotators see only their own.
        raise not_found("Annotation", annotation_id)
    return annotation


def get_prediction(prediction_id: int) -> Prediction:
    return _get_visible(Prediction, prediction_id, "Prediction")


def get_project_or_hide(project_id: int, what: str, key: Any) -> Project:
    """The project, or 404 naming ``what`` when the caller may not see it:
    another organization's, or restricted to members they are not one of."""
    user = require_user()
    project = db.session.get(Project, project_id, execution_options=UNFILTERED)
    if not can_see_project(project, user):
        raise not_found(what, key)
    return project


def json_body(expected: type = dict) -> Any:
    raw = request.get_data(cache=True)
    if not raw.strip():
        body: Any = {}
    else:
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            message = f"The request body is not valid JSON: {error}."
            raise ApiError(400, message) from None
    if not isinstance(body, expected):
        raise ApiError(
            400,
            f"The request body must be a JSON {_json_name(expected)}, "
            f"got {_json_name(type(body))}.",
        )
    return body


def _json_name(kind: type) -> str:
    # People write JSON, not Python: name the JSON type they sent.
    names = {dict: "object", list: "array", str: "string", bool: "boolean"}
    return names.get(kind, "number" if kind in (int, float) else "null")


def int_arg(name: str, default: int | None = None, *, minimum: int = 1) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, f"must be a whole number, got {raw!r}.") from None
    if value < minimum:
        raise invalid(name, f"must be at least {minimum}, got {value}.")
    return value


def bool_arg(name: str, default: bool = False) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def parsed_config(project: Project):
    from labelcore.config import ConfigInvalid

    try:
        return app_state().compiler.compile(project.label_config)
    except ConfigInvalid as error:
        raise config_error(error) from None


def config_error(error) -> ApiError:
    issues = [issue_payload(issue) for issue in error.issues]
    errors = [str(issue) for issue in error.issues if issue.severity == "error"]
    return ApiError(
        400,
        f"Invalid label config: {errors[0] if errors else error}",
        {"label_config": errors},
        issues=issues,
    )


def issue_payload(issue) -> dict[str, Any]:
    return {
        "severity": issue.severity,
        "message": issue.message,
        "line": issue.line,
        "column": issue.column,
        "tag": getattr(issue, "tag", None),
        "attribute": getattr(issue, "attribute", None),
        "text": str(issue),
    }
