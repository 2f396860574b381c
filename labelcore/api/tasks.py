"""Tasks, annotations, predictions and the label stream."""

from __future__ import annotations

import random

import orjson
import sqlalchemy as sa
from flask import jsonify, request
from flask_smorest import Blueprint

from labelcore import annotating
from labelcore.api.access import (
    app_state,
    get_annotation,
    get_prediction,
    get_project,
    get_project_or_hide,
    get_task,
    int_arg,
    json_body,
    parsed_config,
)
from labelcore.api.drafts import own_drafts
from labelcore.api.errors import ApiError, invalid, not_found
from labelcore.api.serializers import (
    annotation_payload,
    prediction_payload,
    task_payload,
)
from labelcore.auth import require_user
from labelcore.contrib.samplers import SamplerParametersInvalid
from labelcore.database import writes_on_get
from labelcore.datamanager import (
    DataManagerQuery,
    QueryInvalid,
    compile_filters,
    load_page,
    query_context,
)
from labelcore.models import (
    Annotation,
    DataManagerView,
    Prediction,
    Project,
    Task,
    db,
    isoformat,
    utcnow,
)
from labelcore.permissions import UNFILTERED, sees_all_annotations
from labelcore.sampling import StreamSettingsInvalid, next_task_for
from labelcore.sampling.parameters import parameters_schema

blp = Blueprint("tasks", __name__, url_prefix="/api", description="Tasks and results")

MAX_PAGE_SIZE = 1000


def _created(body):
    response = jsonify(body)
    response.status_code = 201
    return response


# A task's parts are read as rows on the session's connection: the payloads
# need only their columns, and the label stream reads them on every request.
_ANNOTATIONS_OF_TASK = (
    sa.select(Annotation.__table__)
    .where(Annotation.task_id == sa.bindparam("task_id"))
    .order_by(Annotation.id)
)
_OWN_ANNOTATIONS_OF_TASK = _ANNOTATIONS_OF_TASK.where(
    Annotation.completed_by_id == sa.bindparam("user_id")
)
_PREDICTIONS_OF_TASK = (
    sa.select(Prediction.__table__)
    .where(Prediction.task_id == sa.bindparam("task_id"))
    .order_by(Prediction.id)
)


def _annotations_of(task: Task) -> list[dict]:
    project = db.session.get(Project, task.project_id, execution_options=UNFILTERED)
    if sees_all_annotations(project):
        query, parameters = _ANNOTATIONS_OF_TASK, {"task_id": task.id}
    else:
        query = _OWN_ANNOTATIONS_OF_TASK
        parameters = {"task_id": task.id, "user_id": require_user().id}
    rows = db.session.connection().execute(query, parameters)
    return [annotation_payload(row) for row in rows]


def _predictions_of(task: Task) -> list[dict]:
    rows = db.session.connection().execute(_PREDICTIONS_OF_TASK, {"task_id": task.id})
    return [prediction_payload(row) for row in rows]


def full_task(task: Task) -> dict:
    """The task with the annotations the caller may see, its predictions and
    the caller's drafts; ``task`` may be a Task or its row."""
    return task_payload(
        task,
        annotations=_annotations_of(task),
        predictions=_predictions_of(task),
        drafts=own_drafts(task),
    )


@blp.route("/tasks/", methods=["GET"])
def list_tasks():
    """A page of a project's tasks, filtered and sorted as the data manager asks.

    ``?project=<id>`` (or ``?view=<id>``, whose filters and ordering apply),
    ``page``, ``page_size``, ``query`` (Label Studio's JSON: ``filters``,
    ``ordering``, ``selectedItems``), ``fields=all`` for annotations and
    predictions, ``include=id,data`` to keep only those keys. Without an
    ordering, tasks come in id order. ``total`` is exact up to 10,000
    matching tasks; past that ``total_exact`` (and the header
    ``X-Total-Exact``) is false: it is a lower bound, which a count in the
    background makes exact for the requests after. A page past the last
    answers 404.
    """
    view = _view_arg()
    project_id = int_arg("project")
    if project_id is None and view is None:
        raise invalid(
            "project", "is required: the id of the project whose tasks to list."
        )
    project = get_project(project_id if project_id is not None else view.project_id)
    if view is not None and view.project_id != project.id:
        raise invalid("view", f"view {view.id} belongs to another project.")
    page = int_arg("page", 1)
    page_size = min(int_arg("page_size", 100), MAX_PAGE_SIZE)
    query = _data_manager_query(request.args.get("query"), view)

    try:
        listed = load_page(
            project,
            query,
            page,
            page_size,
            with_children=request.args.get("fields") == "all",
        )
    except QueryInvalid as error:
        raise invalid(error.field, error.message) from None
    if page > 1 and not listed.tasks:
        raise ApiError(
            404, f"Page {page} is past the last page of tasks.", code="not_found"
        )

    include = _include_arg()
    response = jsonify(
        {
            "tasks": [_listed_task(task, listed, include) for task in listed.tasks],
            "total": listed.totals.tasks,
            "total_annotations": listed.totals.annotations,
            "total_predictions": listed.totals.predictions,
            "total_exact": listed.totals.exact,
        }
    )
    # Also a header, for clients that read only Label Studio's body keys.
    response.headers["X-Total-Exact"] = "true" if listed.totals.exact else "false"
    return response


def _view_arg():
    view_id = int_arg("view")
    if view_id is None:
        return None
    view = db.session.get(DataManagerView, view_id)
    if view is None:
        raise not_found("View", view_id)
    get_project_or_hide(view.project_id, "View", view_id)
    return view


def _data_manager_query(raw, view) -> DataManagerQuery:
    try:
        return DataManagerQuery.parse(raw, view.data if view is not None else None)
    except QueryInvalid as error:
        raise invalid(error.field, error.message) from None


def _include_arg() -> set[str] | None:
    raw = request.args.get("include")
    if not raw:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


def _children_columns(task: Task, annotations: list, predictions: list) -> dict:
    """The data manager's columns that come from a task's annotations and
    predictions, as its filters define them (``datamanager.columns``)."""
    submitted = [row for row in annotations if not row.was_cancelled]
    lead_times = [row.lead_time for row in annotations if row.lead_time is not None]
    completed_at = None
    if task.is_labeled and submitted:
        completed_at = isoformat(max(row.created_at for row in submitted))
    return {
        "annotators": sorted(
            {row.completed_by_id for row in annotations if row.completed_by_id}
        ),
        "predictions_model_versions": sorted(
            {row.model_version for row in predictions}
        ),
        "completed_at": completed_at,
        "avg_lead_time": sum(lead_times) / len(lead_times) if lead_times else None,
        "ground_truth": any(row.ground_truth for row in annotations),
        "annotations_results": _results_text(annotations),
        "predictions_results": _results_text(predictions),
    }


def _results_text(rows: list) -> str:
    return orjson.dumps([row.result for row in rows]).decode() if rows else ""


def _listed_task(task: Task, listed, include: set[str] | None) -> dict:
    extra = {}
    if request.args.get("fields") == "all":
        annotations = listed.annotations.get(task.id, [])
        predictions = listed.predictions.get(task.id, [])
        extra = {
            "annotations": [annotation_payload(row) for row in annotations],
            "predictions": [prediction_payload(row) for row in predictions],
            "drafts": [],
            **_children_columns(task, annotations, predictions),
        }
    body = task_payload(
        task,
        predictions_score=task.prediction_score,
        prediction_margin=task.prediction_margin,
        prediction_entropy=task.prediction_entropy,
        disagreement=task.disagreement,
        **extra,
    )
    if include is not None:
        body = {key: value for key, value in body.items() if key in include}
    return body


@blp.route("/tasks/", methods=["POST"])
def create_task():
    """Create one task: ``{"project": id, "data": {...}, "meta": {...}}``."""
    body = json_body()
    if not isinstance(body.get("project"), int):
        raise invalid("project", "is required: the id of the project.")
    project = get_project(body["project"])
    data = body.get("data")
    if not isinstance(data, dict):
        raise invalid("data", "is required: a JSON object with the task's data.")
    problems = parsed_config(project).check_task_data(data)
    if problems:
        raise invalid("data", *problems)

    db.session.execute(
        sa.update(Project)
        .where(Project.id == project.id)
        .values(task_number=Project.task_number + 1)
    )
    db.session.refresh(project)
    task = Task(
        project_id=project.id,
        inner_id=project.task_number,
        data=data,
        meta=body.get("meta") or {},
        state=app_state().workflow.initial_state(project.workflow),
        random_key=_random_key(),
    )
    db.session.add(task)
    db.session.flush()
    app_state().plugins.hook.on_tasks_created(
        project=project, task_ids=[task.id], actor=require_user()
    )
    body = task_payload(task)
    db.session.commit()
    return _created(body)


def _random_key() -> float:
    return random.random()


@blp.route("/tasks/<int:task_id>/", methods=["GET"])
def read_task(task_id: int):
    """One task with its annotations and predictions."""
    return jsonify(full_task(get_task(task_id)))


@blp.route("/tasks/<int:task_id>/", methods=["PATCH"])
def update_task(task_id: int):
    """Change a task's data or meta."""
    task = get_task(task_id)
    body = json_body()
    if "data" in body:
        if not isinstance(body["data"], dict):
            raise invalid("data", "must be a JSON object.")
        project = db.session.get(Project, task.project_id)
        problems = parsed_config(project).check_task_data(body["data"])
        if problems:
            raise invalid("data", *problems)
        task.data = body["data"]
    if "meta" in body:
        if not isinstance(body["meta"], dict):
            raise invalid("meta", "must be a JSON object.")
        task.meta = body["meta"]
    task.updated_by_id = require_user().id
    db.session.commit()
    return jsonify(full_task(task))


@blp.route("/tasks/<int:task_id>/", methods=["DELETE"])
def delete_task(task_id: int):
    """Delete a task with its annotations and predictions."""
    task = get_task(task_id)
    db.session.delete(task)
    app_state().plugins.hook.on_tasks_deleted(
        project=get_project(task.project_id), task_ids=[task.id], actor=require_user()
    )
    db.session.commit()
    return "", 204


@blp.route("/projects/<int:project_id>/next/", methods=["GET"])
@writes_on_get
def next_task(project_id: int):
    """The caller's next task from the project's sampler, locked for them.

    ``?exclude=<task id>[,<id>]`` asks for the task after those, keeping them
    reserved too: the web UI prefetches the next task this way.
    ``?view=<id>`` labels the tasks of a data-manager view (its filters).
    Nothing left answers 404 with ``code: "no_more_tasks"``.
    """
    project = get_project(project_id)
    restrict = _view_restriction(project)
    try:
        picked = next_task_for(
            project, require_user(), _id_list("exclude"), restrict=restrict
        )
    except (LookupError, SamplerParametersInvalid, StreamSettingsInvalid) as error:
        raise ApiError(400, str(error)) from None
    if picked.task is None:
        db.session.commit()
        raise ApiError(404, picked.reason, code="no_more_tasks")
    # Read before the commit: after it, SQLite would take its write lock a
    # second time just to reload the rows.
    body = full_task(picked.task)
    db.session.commit()
    return jsonify(body)


def _view_restriction(project: Project):
    view = _view_arg()
    if view is None:
        return None
    if view.project_id != project.id:
        raise invalid("view", f"view {view.id} belongs to another project.")
    try:
        return compile_filters((view.data or {}).get("filters"), query_context(project))
    except QueryInvalid as error:
        raise invalid(error.field, error.message) from None


@blp.route("/samplers/", methods=["GET"])
def list_samplers():
    """The installed samplers a project may choose, with their parameters."""
    samplers = app_state().plugins.samplers
    listed = {}
    for sampler in samplers.values():
        listed[sampler.name] = {
            "name": sampler.name,
            "title": sampler.title or sampler.name,
            "description": sampler.description,
            "aliases": list(sampler.aliases),
            "parameters": parameters_schema(sampler),
            "cost": sampler.cost,
            "plugin": app_state().plugins.owner_of("samplers", sampler.name),
        }
    return jsonify(sorted(listed.values(), key=lambda entry: entry["name"]))


def _id_list(name: str) -> list[int]:
    raw = ",".join(request.args.getlist(name))
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise invalid(
            name, f"must be task ids separated by commas, got {raw!r}."
        ) from None


@blp.route("/tasks/<int:task_id>/annotations/", methods=["GET"])
def list_annotations(task_id: int):
    """The annotations of a task."""
    return jsonify(_annotations_of(get_task(task_id)))


@blp.route("/tasks/<int:task_id>/annotations/", methods=["POST"])
def create_annotation(task_id: int):
    """Annotate a task; ``was_cancelled: true`` records a skip."""
    task = get_task(task_id)
    annotation = annotating.create_annotation(task, require_user(), json_body())
    body = annotation_payload(annotation)
    db.session.commit()
    return _created(body)


@blp.route("/annotations/<int:annotation_id>/", methods=["GET"])
def read_annotation(annotation_id: int):
    """One annotation."""
    return jsonify(annotation_payload(get_annotation(annotation_id)))


@blp.route("/annotations/<int:annotation_id>/", methods=["PATCH", "PUT"])
def update_annotation(annotation_id: int):
    """Change an annotation's result, lead time or flags."""
    annotation = get_annotation(annotation_id)
    annotating.update_annotation(annotation, require_user(), json_body())
    annotation.updated_at = utcnow()
    db.session.commit()
    return jsonify(annotation_payload(annotation))


@blp.route("/annotations/<int:annotation_id>/", methods=["DELETE"])
def delete_annotation(annotation_id: int):
    """Delete an annotation; the task's state follows."""
    annotating.delete_annotation(get_annotation(annotation_id), require_user())
    db.session.commit()
    return "", 204


@blp.route("/predictions/", methods=["GET"])
def list_predictions():
    """Predictions of a task (``?task=``) or a project (``?project=``)."""
    query = sa.select(Prediction).order_by(Prediction.id)
    task_id = int_arg("task")
    project_id = int_arg("project")
    if task_id is not None:
        query = query.where(Prediction.task_id == get_task(task_id).id)
    elif project_id is not None:
        query = query.where(Prediction.project_id == get_project(project_id).id)
    else:
        raise invalid("task", "give ?task=<id> or ?project=<id>.")
    limit = min(int_arg("page_size", MAX_PAGE_SIZE), MAX_PAGE_SIZE)
    rows = db.session.execute(query.limit(limit)).scalars()
    return jsonify([prediction_payload(row) for row in rows])


@blp.route("/predictions/", methods=["POST"])
def create_prediction():
    """Store a model's prediction for a task, validated like an annotation."""
    body = json_body()
    if not isinstance(body.get("task"), int):
        raise invalid("task", "is required: the id of the task.")
    task = get_task(body["task"])
    project = db.session.get(Project, task.project_id)
    result = body.get("result", [])
    annotating.check_result(project, result, task)
    score = body.get("score")
    if score is not None and (
        isinstance(score, bool)
        or not isinstance(score, (int, float))
        or not 0 <= score <= 1
    ):
        raise invalid("score", f"must be a number from 0 to 1, got {score!r}.")
    model_version = body.get("model_version") or ""
    if not isinstance(model_version, str):
        raise invalid("model_version", "must be a string.")

    prediction = Prediction(
        task_id=task.id,
        project_id=task.project_id,
        result=result,
        score=score,
        model_version=model_version,
    )
    db.session.add(prediction)
    task.total_predictions += 1
    db.session.flush()
    body = prediction_payload(prediction)
    db.session.commit()
    return _created(body)


@blp.route("/predictions/<int:prediction_id>/", methods=["GET"])
def read_prediction(prediction_id: int):
    """One prediction."""
    return jsonify(prediction_payload(get_prediction(prediction_id)))


@blp.route("/predictions/<int:prediction_id>/", methods=["DELETE"])
def delete_prediction(prediction_id: int):
    """Delete a prediction."""
    prediction = get_prediction(prediction_id)
    task = db.session.get(Task, prediction.task_id)
    db.session.delete(prediction)
    task.total_predictions -= 1
    db.session.commit()
    return "", 204
