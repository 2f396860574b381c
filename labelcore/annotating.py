"""Saving, changing and deleting annotations, and what follows from it.

Counters, the annotator's lock and the task's state move together with the
annotation, in one transaction: the workflow engine decides the state, and
an annotation its workflow refuses (on an accepted task, say) is not saved.
The task's row is locked first, so that annotations of several annotators
on one task count one after the other instead of overwriting each other.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app

from labelcore.api.errors import invalid
from labelcore.models import Annotation, Prediction, Project, Task, TaskLock, User, db
from labelcore.models.drafts import AnnotationDraft


def _state():
    return current_app.extensions["labelcore"]


def check_result(project: Project, result: Any, task: Task | None, field="result"):
    """Refuse a result that does not fit the project's config, naming each item."""
    from labelcore.api.access import parsed_config

    if not isinstance(result, list):
        raise invalid(
            field, f"must be a list of result items, got {type(result).__name__}."
        )
    issues = parsed_config(project).check_result(result, task.data if task else None)
    if issues:
        messages = [str(issue) for issue in issues]
        raise invalid(field, *messages, detail=f"Invalid {field}: {messages[0]}")


def _lead_time(body: dict[str, Any]) -> float | None:
    value = body.get("lead_time")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise invalid("lead_time", f"must be a number of seconds ≥ 0, got {value!r}.")
    return float(value)


def _parent_prediction(body: dict[str, Any], task: Task) -> int | None:
    value = body.get("parent_prediction")
    if value is None:
        return None
    prediction = db.session.get(Prediction, value) if isinstance(value, int) else None
    if prediction is None or prediction.task_id != task.id:
        raise invalid(
            "parent_prediction", f"no prediction {value!r} on task {task.id}."
        )
    return prediction.id


def _release_lock(task: Task, user: User) -> None:
    # On the connection: an ORM delete would first flush and synchronize the
    # session, for rows this request never loaded.
    db.session.connection().execute(
        sa.delete(TaskLock).where(
            TaskLock.task_id == task.id, TaskLock.user_id == user.id
        )
    )


def _transition(task: Task, project: Project, event: str, actor: User | None) -> None:
    from labelcore.workflow import TransitionRefused
    from labelcore.workflow.answers import refused_error

    task.is_labeled = task.total_annotations >= project.maximum_annotations
    try:
        _state().workflow.apply(task, event, actor, project, if_declared=True)
    except TransitionRefused as refused:
        raise refused_error(refused) from None


def _lock_task(task: Task) -> None:
    # Reads the counters afresh under a row lock on PostgreSQL. SQLite's
    # writers run one at a time, and a request reads the rows its view
    # changes inside its write transaction (the switch to a writer expires
    # what the permission checks loaded), so the row is the current one.
    # Flushing first keeps what this session changed before, such as an
    # earlier deletion.
    db.session.flush()
    if db.engine.dialect.name == "sqlite":
        return
    db.session.refresh(task, with_for_update=True)


def overlap_changed(project: Project, actor: User | None = None) -> int:
    """Send ``recount`` to every annotated task of ``project`` after its overlap
    changed; returns how many tasks changed state."""
    changed = 0
    tasks = db.session.execute(
        sa.select(Task)
        .where(
            Task.project_id == project.id,
            sa.or_(Task.total_annotations > 0, Task.cancelled_annotations > 0),
        )
        .order_by(Task.id)
        .execution_options(yield_per=500)
    ).scalars()
    for task in tasks:
        before = task.state
        _transition(task, project, "recount", actor)
        changed += task.state != before
    return changed


def create_annotation(task: Task, user: User, body: dict[str, Any]) -> Annotation:
    project = db.session.get(Project, task.project_id)
    _lock_task(task)
    was_cancelled = bool(body.get("was_cancelled", False))
    result = body.get("result", [])
    if result is None:
        result = []
    check_result(project, result, task)
    if not was_cancelled and not result and not project.enable_empty_annotation:
        raise invalid(
            "result", "is empty, and this project does not accept empty annotations."
        )

    annotation = Annotation(
        task_id=task.id,
        project_id=task.project_id,
        result=result,
        completed_by_id=user.id,
        was_cancelled=was_cancelled,
        ground_truth=bool(body.get("ground_truth", False)),
        lead_time=_lead_time(body),
        parent_prediction_id=_parent_prediction(body, task),
        parent_annotation_id=body.get("parent_annotation"),
    )
    db.session.add(annotation)
    _release_lock(task, user)
    _discard_drafts(task, user)
    task.updated_by_id = user.id

    if was_cancelled:
        task.cancelled_annotations += 1
        _transition(task, project, "skip", user)
    else:
        task.total_annotations += 1
        _transition(task, project, "annotate", user)

    db.session.flush()
    _state().plugins.hook.on_annotation_saved(annotation=annotation, created=True)
    return annotation


def _discard_drafts(task: Task, user: User) -> None:
    """The annotator's drafts of ``task`` go once their answer is saved."""
    db.session.connection().execute(
        sa.delete(AnnotationDraft).where(
            AnnotationDraft.task_id == task.id, AnnotationDraft.user_id == user.id
        )
    )


def update_annotation(annotation: Annotation, user: User, body: dict[str, Any]) -> None:
    task = db.session.get(Task, annotation.task_id)
    project = db.session.get(Project, task.project_id)
    _lock_task(task)

    if "result" in body:
        check_result(project, body["result"], task)
        annotation.result = body["result"]
    if "lead_time" in body:
        annotation.lead_time = _lead_time(body)
    if "ground_truth" in body:
        annotation.ground_truth = bool(body["ground_truth"])

    if (
        "was_cancelled" in body
        and bool(body["was_cancelled"]) != annotation.was_cancelled
    ):
        annotation.was_cancelled = bool(body["was_cancelled"])
        if annotation.was_cancelled:
            task.total_annotations -= 1
            task.cancelled_annotations += 1
            _transition(task, project, "unannotate", user)
        else:
            task.cancelled_annotations -= 1
            task.total_annotations += 1
            _transition(task, project, "annotate", user)

    task.updated_by_id = user.id
    _discard_drafts(task, user)
    db.session.flush()
    _state().plugins.hook.on_annotation_saved(annotation=annotation, created=False)


def delete_annotation(annotation: Annotation, user: User) -> None:
    task = db.session.get(Task, annotation.task_id)
    project = db.session.get(Project, task.project_id)
    _lock_task(task)
    db.session.delete(annotation)
    if annotation.was_cancelled:
        task.cancelled_annotations -= 1
        _transition(task, project, "unskip", user)
    else:
        task.total_annotations -= 1
        _transition(task, project, "unannotate", user)
    db.session.flush()
    _state().plugins.hook.on_annotation_deleted(annotation=annotation, actor=user)
