"""The data-manager action ``retrieve_tasks_predictions`` (Label Studio's id)."""

from __future__ import annotations

from typing import Any

from labelcore import ApiError, DataManagerAction, job_payload
from labelcore.models import db
from labelcore_ml_backends.models import MLBackend
from labelcore_ml_backends.predicting import queue_predictions
from labelcore_ml_backends.records import primary_backend


def _chosen_backend(project, params: dict[str, Any]) -> MLBackend:
    wanted = (params or {}).get("ml_backend")
    if wanted is not None:
        backend = db.session.get(MLBackend, wanted) if isinstance(wanted, int) else None
        if backend is None or backend.project_id != project.id:
            raise ApiError(
                400,
                f"Invalid ml_backend: {wanted!r} is not an ML backend of project "
                f"{project.id}.",
                {"ml_backend": ["must be the id of one of the project's backends."]},
            )
        return backend
    backend = primary_backend(project.id)
    if backend is None:
        raise ApiError(
            400,
            f"Project {project.id} has no connected ML backend to ask for "
            f"predictions; connect one with POST /api/ml/ first.",
            code="no_ml_backend",
        )
    return backend


def retrieve_tasks_predictions(project, task_ids_select, user, params) -> dict:
    """Queue a prediction job for the selected tasks; answer at once."""
    backend = _chosen_backend(project, params)
    task_ids = list(db.session.scalars(task_ids_select))
    job = queue_predictions(backend, task_ids=task_ids, user_id=user.id)
    return {
        "processed_items": len(task_ids),
        "detail": f"Retrieving predictions for {len(task_ids)} tasks from ML "
        f"backend {backend.id} as job {job.id}.",
        "job": job_payload(job),
    }


ACTIONS = (
    DataManagerAction(
        id="retrieve_tasks_predictions",
        title="Retrieve Predictions",
        run=retrieve_tasks_predictions,
        dialog={
            "text": "Send the selected tasks to the project's ML backend and store "
            "its predictions. This runs as a job.",
            "type": "confirm",
        },
        order=90,
    ),
)
