"""``POST /api/projects/<id>/import/predictions``: predictions from any model.

The body is a JSON list of ``{"task": <id>, "result": [...], "score": 0.9,
"model_version": "..."}``, as Label Studio takes it; no SDK is needed. Each
prediction is checked against the label config like an annotation, and the
import is all or nothing: one bad item refuses the whole list with every
problem named by its position, so a fixed file can simply be sent again.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, jsonify

from labelcore import ApiError, app_state, get_project, json_body
from labelcore.models import Prediction, Task, db
from labelcore_ml_backends import permissions as rules
from labelcore_ml_backends.predicting import (
    IDS_PER_LOOKUP,
    count_predictions,
    prediction_problem,
)

blp = Blueprint("ml_backends_predictions_import", __name__)

SHOWN_PROBLEMS = 50
MAX_VERSION = 200


def _task_data(project_id: int, task_ids: list[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for start in range(0, len(task_ids), IDS_PER_LOOKUP):
        rows = db.session.execute(
            sa.select(Task.id, Task.data).where(
                Task.project_id == project_id,
                Task.id.in_(task_ids[start : start + IDS_PER_LOOKUP]),
            )
        )
        found.update({task_id: data for task_id, data in rows})
    return found


def _item_problem(item: Any, data: dict[int, Any], parsed, project_id: int):
    if not isinstance(item, dict):
        return "must be an object with task, result, score and model_version"
    task_id = item.get("task")
    if isinstance(task_id, bool) or not isinstance(task_id, int):
        return f"'task' must be the id of a task, got {task_id!r}"
    if task_id not in data:
        return f"task {task_id} is not a task of project {project_id}"
    version = item.get("model_version")
    if version is not None and (
        not isinstance(version, str) or len(version) > MAX_VERSION
    ):
        return f"'model_version' must be a string of at most {MAX_VERSION} characters"
    return prediction_problem(
        parsed, data[task_id], item.get("result", []), item.get("score")
    )


@blp.post("/api/projects/<int:project_id>/import/predictions")
@rules.importing_predictions
def import_predictions(project_id: int):
    project = get_project(project_id)
    items = json_body(list)
    parsed = app_state().compiler.compile(project.label_config)
    task_ids = sorted(
        {
            item["task"]
            for item in items
            if isinstance(item, dict)
            and isinstance(item.get("task"), int)
            and not isinstance(item.get("task"), bool)
        }
    )
    data = _task_data(project.id, task_ids)

    problems = []
    for index, item in enumerate(items):
        problem = _item_problem(item, data, parsed, project.id)
        if problem is not None:
            problems.append({"index": index, "message": problem})
    if problems:
        first = problems[0]
        raise ApiError(
            400,
            f"{len(problems)} of {len(items)} predictions cannot be imported, "
            f"nothing was stored; the first, item {first['index']}: "
            f"{first['message']}. Fix them and send the list again.",
            {
                "predictions": [
                    f"item {problem['index']}: {problem['message']}"
                    for problem in problems[:SHOWN_PROBLEMS]
                ]
            },
            problems=problems[:SHOWN_PROBLEMS],
        )

    db.session.add_all(
        Prediction(
            task_id=item["task"],
            project_id=project.id,
            result=item.get("result", []),
            score=None if item.get("score") is None else float(item["score"]),
            model_version=item.get("model_version") or "",
        )
        for item in items
    )
    count_predictions([item["task"] for item in items])
    db.session.commit()
    response = jsonify({"created": len(items)})
    response.status_code = 201
    return response
