"""An annotator's own work: drafts of unsubmitted answers, and their recent
annotations in a project for the label stream's "previous task".

Drafts follow Label Studio's paths and shapes and are private to their
author: anyone else asking for one is told it does not exist.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import jsonify
from flask_smorest import Blueprint

from labelcore.api.access import (
    get_annotation,
    get_project,
    get_task,
    int_arg,
    json_body,
)
from labelcore.api.errors import invalid, not_found
from labelcore.api.serializers import annotation_payload
from labelcore.auth import require_user
from labelcore.models import Annotation, Prediction, Task, User, db, isoformat
from labelcore.models.drafts import AnnotationDraft
from labelcore.permissions import Rule, permission_rule, row_of_table, view_arg

blp = Blueprint(
    "drafts", __name__, url_prefix="/api", description="Drafts and recent work"
)

RECENT_LIMIT = 100

# Any annotator of the project may keep drafts; whose draft it is, the views
# check themselves, so that another's draft answers 404 as if absent.
TASK = (view_arg("task_id", Task, "Task"),)
DRAFT = (row_of_table("draft_id", "annotation_draft", "Draft"),)


def _rule(action: str, locate=TASK) -> Rule:
    return Rule(role="annotator", locate=locate, action=action)


def draft_payload(draft: AnnotationDraft) -> dict[str, Any]:
    return {
        "id": draft.id,
        "task": draft.task_id,
        "project": draft.project_id,
        "user": draft.user_id,
        "annotation": draft.annotation_id,
        "result": draft.result,
        "lead_time": draft.lead_time,
        "was_postponed": draft.was_postponed,
        "parent_prediction": draft.parent_prediction_id,
        "created_at": isoformat(draft.created_at),
        "updated_at": isoformat(draft.updated_at),
    }


def _superseded() -> sa.ColumnElement[bool]:
    """True for a draft its author has since submitted: a draft of a new
    answer once they annotated the task after it, a draft of changes once
    that annotation was saved after it."""
    return sa.exists().where(
        Annotation.task_id == AnnotationDraft.task_id,
        Annotation.completed_by_id == AnnotationDraft.user_id,
        Annotation.updated_at >= AnnotationDraft.updated_at,
        sa.or_(
            AnnotationDraft.annotation_id.is_(None),
            Annotation.id == AnnotationDraft.annotation_id,
        ),
    )


# Read on every hand-out of the label stream: built once, read as rows.
_LIVE_DRAFTS = (
    sa.select(AnnotationDraft.__table__)
    .where(
        AnnotationDraft.task_id == sa.bindparam("task_id"),
        AnnotationDraft.user_id == sa.bindparam("user_id"),
        sa.not_(_superseded()),
    )
    .order_by(AnnotationDraft.id)
)


def own_drafts(task: Task, user: User | None = None) -> list[dict[str, Any]]:
    """The caller's live drafts of ``task``, oldest first, as the task's
    ``drafts`` list."""
    user = user or require_user()
    rows = db.session.connection().execute(
        _LIVE_DRAFTS, {"task_id": task.id, "user_id": user.id}
    )
    return [draft_payload(row) for row in rows]


def _own_draft(draft_id: int) -> AnnotationDraft:
    draft = db.session.get(AnnotationDraft, draft_id)
    if draft is None or draft.user_id != require_user().id:
        raise not_found("Draft", draft_id)
    get_task(draft.task_id)
    return draft


def _apply(draft: AnnotationDraft, body: dict[str, Any], task: Task) -> None:
    """Set the fields the body names. A draft is work in progress, so its
    result is only checked for shape; the config judges it on submit."""
    if "result" in body:
        result = body["result"]
        if not isinstance(result, list) or not all(
            isinstance(item, dict) for item in result
        ):
            raise invalid(
                "result",
                "must be a list of result items (JSON objects), "
                f"got {type(result).__name__}.",
            )
        draft.result = result
    if "lead_time" in body:
        value = body["lead_time"]
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0
        ):
            raise invalid(
                "lead_time", f"must be a number of seconds ≥ 0, got {value!r}."
            )
        draft.lead_time = None if value is None else float(value)
    if "was_postponed" in body:
        draft.was_postponed = bool(body["was_postponed"])
    if "parent_prediction" in body:
        draft.parent_prediction_id = _parent_prediction(body["parent_prediction"], task)


def _parent_prediction(value: Any, task: Task) -> int | None:
    if value is None:
        return None
    prediction = db.session.get(Prediction, value) if isinstance(value, int) else None
    if prediction is None or prediction.task_id != task.id:
        raise invalid(
            "parent_prediction", f"no prediction {value!r} on task {task.id}."
        )
    return prediction.id


def _annotation_of(value: Any, task: Task, user: User) -> int | None:
    """The caller's own annotation of ``task`` that the draft changes."""
    if value is None:
        return None
    if not isinstance(value, int):
        raise invalid("annotation", f"must be an annotation id, got {value!r}.")
    annotation = get_annotation(value, only_visible=False)
    if annotation.task_id != task.id or annotation.completed_by_id != user.id:
        raise invalid(
            "annotation",
            f"annotation {value} is not yours on task {task.id}; a draft changes "
            "only its author's own annotation.",
        )
    return annotation.id


@blp.route("/tasks/<int:task_id>/drafts", methods=["POST"])
@permission_rule(_rule("save a draft"))
def create_draft(task_id: int):
    """Save a draft of the caller's answer: ``{result, lead_time,
    was_postponed?, annotation?, parent_prediction?}``."""
    task = get_task(task_id)
    user = require_user()
    body = json_body()
    draft = AnnotationDraft(
        task_id=task.id,
        project_id=task.project_id,
        user_id=user.id,
        annotation_id=_annotation_of(body.get("annotation"), task, user),
        result=[],
    )
    _apply(draft, body, task)

    return _saved(draft)


@blp.route("/annotations/<int:annotation_id>/drafts", methods=["POST"])
@permission_rule(
    _rule(
        "save a draft of changes",
        (view_arg("annotation_id", Annotation, "Annotation"),),
    )
)
def create_annotation_draft(annotation_id: int):
    """Save a draft of changes to the caller's own annotation, as Label
    Studio's path has it: the body of a task's draft, its annotation given."""
    annotation = get_annotation(annotation_id)
    task = get_task(annotation.task_id)
    user = require_user()
    body = json_body()
    draft = AnnotationDraft(
        task_id=task.id,
        project_id=task.project_id,
        user_id=user.id,
        annotation_id=_annotation_of(annotation.id, task, user),
        result=[],
    )
    _apply(draft, body, task)

    return _saved(draft)


def _saved(draft: AnnotationDraft):
    db.session.add(draft)
    db.session.flush()
    payload = draft_payload(draft)
    db.session.commit()

    response = jsonify(payload)
    response.status_code = 201
    return response


@blp.route("/tasks/<int:task_id>/drafts", methods=["GET"])
@permission_rule(_rule("read their drafts"))
def list_task_drafts(task_id: int):
    """The caller's own drafts of a task that they have not submitted since."""
    return jsonify(own_drafts(get_task(task_id)))


@blp.route("/drafts/<int:draft_id>", methods=["GET"])
@permission_rule(_rule("read their draft", DRAFT))
def read_draft(draft_id: int):
    """One of the caller's drafts."""
    return jsonify(draft_payload(_own_draft(draft_id)))


@blp.route("/drafts/<int:draft_id>", methods=["PATCH", "PUT"])
@permission_rule(_rule("change their draft", DRAFT))
def update_draft(draft_id: int):
    """Change a draft's result, lead time or postponed flag."""
    draft = _own_draft(draft_id)
    _apply(draft, json_body(), db.session.get(Task, draft.task_id))

    db.session.flush()
    payload = draft_payload(draft)
    db.session.commit()
    return jsonify(payload)


@blp.route("/drafts/<int:draft_id>", methods=["DELETE"])
@permission_rule(_rule("remove their draft", DRAFT))
def delete_draft(draft_id: int):
    """Remove one of the caller's drafts."""
    db.session.delete(_own_draft(draft_id))
    db.session.commit()
    return "", 204


@blp.route("/projects/<int:project_id>/my-annotations", methods=["GET"])
@permission_rule(_rule("read their recent annotations", (view_arg("project_id"),)))
def recent_annotations(project_id: int):
    """The caller's own annotations in the project, skips included, newest
    first, each with its task: the label stream's way back after a reload.
    ``?page_size=`` (at most 100, 20 by default)."""
    from labelcore.api.tasks import full_task

    project = get_project(project_id)
    user = require_user()
    limit = min(int_arg("page_size", 20), RECENT_LIMIT)

    rows = db.session.execute(
        sa.select(Annotation)
        .where(Annotation.project_id == project.id)
        .where(Annotation.completed_by_id == user.id)
        .order_by(Annotation.created_at.desc(), Annotation.id.desc())
        .limit(limit)
    ).scalars()
    entries = [
        {"annotation": annotation_payload(row), "task": full_task(row.task)}
        for row in rows
    ]
    return jsonify(entries)
