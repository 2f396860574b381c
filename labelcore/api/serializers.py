"""Rows to JSON in Label Studio's shapes, written by hand for speed."""

from __future__ import annotations

import base64
from typing import Any

from flask import current_app

from labelcore.models import Annotation, Prediction, Project, Task, User, isoformat


def user_payload(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "email": user.email,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "avatar": None,
        "initials": user.initials,
        "is_superuser": user.is_admin,
        "active_organization": user.active_organization_id,
        "last_activity": isoformat(user.last_activity),
        "date_joined": isoformat(user.created_at),
    }


def sampling_name(project: Project, samplers: dict) -> str:
    sampler = samplers.get(project.sampler)
    if sampler is not None and sampler.aliases:
        return sampler.aliases[0]
    return project.sampler


def project_payload(
    project: Project,
    *,
    samplers: dict,
    counts: dict[str, int] | None = None,
    parsed_config: dict | None = None,
    created_by: User | None = None,
) -> dict[str, Any]:
    counts = counts or {}
    return {
        "id": project.id,
        "title": project.title,
        "description": project.description,
        "label_config": project.label_config,
        "expert_instruction": project.expert_instruction,
        "show_instruction": project.show_instruction,
        "show_skip_button": project.show_skip_button,
        "enable_empty_annotation": project.enable_empty_annotation,
        "color": project.color,
        "maximum_annotations": project.maximum_annotations,
        "overlap_cohort_percentage": (project.settings or {}).get(
            "overlap_cohort_percentage", 100
        ),
        "skip_queue": str(
            (project.settings or {}).get("skip_queue", "requeue_for_others")
        ).upper(),
        "is_published": project.is_published,
        "is_draft": False,
        "model_version": project.model_version,
        "sampling": sampling_name(project, samplers),
        "workflow": project.workflow,
        "settings": project.settings or {},
        "organization": project.organization_id,
        "created_by": user_payload(created_by),
        "created_at": isoformat(project.created_at),
        "updated_at": isoformat(project.updated_at),
        "task_number": counts.get("task_count", 0),
        "num_tasks_with_annotations": counts.get("labeled_count", 0),
        "finished_task_number": counts.get("labeled_count", 0),
        "total_annotations_number": counts.get("annotation_count", 0),
        "skipped_annotations_number": counts.get("skipped_count", 0),
        "total_predictions_number": counts.get("prediction_count", 0),
        "parsed_label_config": parsed_config or {},
        "config_has_control_tags": bool(parsed_config),
    }


def _resolve_url(task_id: int, value: Any, schemes: tuple[str, ...]) -> Any:
    if isinstance(value, str) and value.startswith(schemes):
        encoded = base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")
        return f"/tasks/{task_id}/presign/?fileuri={encoded}"
    if isinstance(value, list):
        return [_resolve_url(task_id, item, schemes) for item in value]
    return value


def browser_data(task: Task) -> dict[str, Any]:
    """The task's data as the browser needs it: a bucket URI (``s3://...``) of
    an installed storage becomes the server's resolve path, which checks the
    caller's access before it presigns or streams the object. Exports keep
    the raw URIs."""
    schemes = current_app.extensions["labelcore"].media_schemes
    data = task.data
    if not schemes or not isinstance(data, dict):
        return data
    return {key: _resolve_url(task.id, value, schemes) for key, value in data.items()}


def task_payload(task: Task, **extra: Any) -> dict[str, Any]:
    body = {
        "id": task.id,
        "inner_id": task.inner_id,
        "project": task.project_id,
        "data": browser_data(task),
        "meta": task.meta or {},
        "state": task.state,
        "is_labeled": task.is_labeled,
        "total_annotations": task.total_annotations,
        "cancelled_annotations": task.cancelled_annotations,
        "total_predictions": task.total_predictions,
        "created_at": isoformat(task.created_at),
        "updated_at": isoformat(task.updated_at),
        "updated_by": task.updated_by_id,
        "file_upload": None,
    }
    body.update(extra)
    return body


def annotation_payload(annotation: Annotation) -> dict[str, Any]:
    return {
        "id": annotation.id,
        "task": annotation.task_id,
        "project": annotation.project_id,
        "result": annotation.result,
        "completed_by": annotation.completed_by_id,
        "was_cancelled": annotation.was_cancelled,
        "ground_truth": annotation.ground_truth,
        "lead_time": annotation.lead_time,
        "parent_prediction": annotation.parent_prediction_id,
        "parent_annotation": annotation.parent_annotation_id,
        "import_id": annotation.import_id,
        "created_at": isoformat(annotation.created_at),
        "updated_at": isoformat(annotation.updated_at),
    }


def prediction_payload(prediction: Prediction) -> dict[str, Any]:
    return {
        "id": prediction.id,
        "task": prediction.task_id,
        "project": prediction.project_id,
        "result": prediction.result,
        "score": prediction.score,
        "model_version": prediction.model_version,
        "created_at": isoformat(prediction.created_at),
        "updated_at": isoformat(prediction.updated_at),
    }
