"""The events a webhook can listen to, and the bodies they send.

The names and shapes are Label Studio's, so that receivers written for it
work unchanged: ``{"action": "ANNOTATION_CREATED", "annotation": {...},
"task": {...}, "project": {...}}`` and so on. ``TASK_TRANSITIONED`` and
``JOB_FINISHED`` are LabelCore's own.
"""

from __future__ import annotations

from typing import Any

from labelcore.models import isoformat

ACTIONS: dict[str, dict[str, str]] = {
    "PROJECT_CREATED": {"name": "Project created", "description": ""},
    "PROJECT_UPDATED": {"name": "Project updated", "description": ""},
    "PROJECT_DELETED": {"name": "Project deleted", "description": ""},
    "TASKS_CREATED": {"name": "Task created", "description": ""},
    "TASKS_DELETED": {"name": "Task deleted", "description": ""},
    "ANNOTATION_CREATED": {"name": "Annotation created", "description": ""},
    "ANNOTATIONS_CREATED": {"name": "Annotations created", "description": ""},
    "ANNOTATION_UPDATED": {"name": "Annotation updated", "description": ""},
    "ANNOTATIONS_DELETED": {"name": "Annotation deleted", "description": ""},
    "TASK_TRANSITIONED": {
        "name": "Task transitioned",
        "description": "A task changed state through its workflow (LabelCore).",
    },
    "JOB_FINISHED": {
        "name": "Job finished",
        "description": "A background job finished, failed or was cancelled "
        "(LabelCore).",
    },
}
PROJECT_ACTIONS = ("PROJECT_CREATED", "PROJECT_UPDATED", "PROJECT_DELETED")
ORGANIZATION_ONLY = ("PROJECT_CREATED",)
"""A project-level webhook cannot hear of its project's creation."""
TASKS_PER_PAYLOAD = 1000
PROJECT_FIELDS = (
    "title",
    "description",
    "label_config",
    "expert_instruction",
    "show_instruction",
    "show_skip_button",
    "enable_empty_annotation",
    "maximum_annotations",
    "is_published",
    "model_version",
    "color",
)


def catalogue() -> dict[str, dict[str, Any]]:
    """``GET /api/webhooks/info/``: every action with its name and whether a
    project-level webhook may listen to it."""
    return {
        action: {
            **details,
            "key": action,
            "organization-only": action in ORGANIZATION_ONLY,
        }
        for action, details in ACTIONS.items()
    }


def project_body(project) -> dict[str, Any]:
    body = {name: getattr(project, name, None) for name in PROJECT_FIELDS}
    body.update(
        id=project.id,
        organization=project.organization_id,
        created_by=project.created_by_id,
        created_at=isoformat(project.created_at),
        updated_at=isoformat(project.updated_at),
    )
    return body


def task_body(task) -> dict[str, Any]:
    return {
        "id": task.id,
        "inner_id": task.inner_id,
        "project": task.project_id,
        "data": task.data,
        "meta": task.meta,
        "is_labeled": task.is_labeled,
        "state": getattr(task, "state", None),
        "total_annotations": task.total_annotations,
        "cancelled_annotations": task.cancelled_annotations,
        "total_predictions": task.total_predictions,
        "created_at": isoformat(task.created_at),
        "updated_at": isoformat(task.updated_at),
    }


def annotation_body(annotation) -> dict[str, Any]:
    return {
        "id": annotation.id,
        "task": annotation.task_id,
        "project": annotation.project_id,
        "result": annotation.result,
        "completed_by": annotation.completed_by_id,
        "was_cancelled": annotation.was_cancelled,
        "ground_truth": annotation.ground_truth,
        "lead_time": annotation.lead_time,
        "created_at": isoformat(annotation.created_at),
        "updated_at": isoformat(annotation.updated_at),
    }


def job_body(job) -> dict[str, Any]:
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "project": job.project_id,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "result": job.result,
        "error": job.error,
        "created_by": job.created_by_id,
        "created_at": isoformat(job.created_at),
        "finished_at": isoformat(job.finished_at),
    }
