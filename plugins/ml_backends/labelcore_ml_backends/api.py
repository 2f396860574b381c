"""Label Studio's ML API: ``/api/ml/...``, and model versions per project.

Connecting a backend (create, or a change of its URL, type or credentials)
reaches it once, health and setup, and records the outcome in ``state``
(``CO`` connected, ``ER`` error with ``error_message``); a URL the outbound
guard refuses is a 400 that names ``LABELCORE_OUTBOUND_ALLOW``.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, jsonify, request

from labelcore import (
    ApiError,
    app_state,
    get_project,
    job_payload,
    json_body,
    require_user,
)
from labelcore.models import Project, Task, db
from labelcore_ml_backends import permissions as rules
from labelcore_ml_backends.contract import BackendError
from labelcore_ml_backends.evaluation import (
    keep_figures,
    model_versions,
    project_evaluation,
)
from labelcore_ml_backends.fields import (
    CONNECTION_FIELDS,
    apply_fields,
    project_of_body,
    refuse,
)
from labelcore_ml_backends.models import MLBackend, TrainingRun
from labelcore_ml_backends.predicting import (
    prediction_problem,
    queue_predictions,
    task_for_backend,
)
from labelcore_ml_backends.records import (
    backend_payload,
    backend_types,
    connect,
    open_model,
    run_payload,
    visible_backend_payload,
)
from labelcore_ml_backends.training import PENDING, busy_run, new_run

blp = Blueprint("ml_backends", __name__)


@blp.errorhandler(BackendError)
def _backend_failed(error: BackendError):
    """A backend that cannot serve is the upstream's fault: 502, with the
    message that says what to fix (never the backend's own answer)."""
    failure = ApiError(502, str(error), code="ml_backend_failed")
    response = jsonify(failure.payload())
    response.status_code = 502
    return response


def _backend(backend_id: int) -> MLBackend:
    backend = db.session.get(MLBackend, backend_id)
    if backend is None or backend.organization_id != (
        require_user().active_organization_id
    ):
        raise ApiError(404, f"ML backend {backend_id} was not found.", code="not_found")
    return backend


def _accepted(body: dict, job) -> object:
    response = jsonify({**body, "job": job_payload(job)})
    response.status_code = 202
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return response


@blp.get("/api/ml/types")
@rules.types
def list_types():
    """The installed backend types."""
    return jsonify(
        [
            {
                "name": kind.name,
                "title": kind.title,
                "description": kind.description,
                "needs_url": kind.needs_url,
                "trainable": kind.trainable,
            }
            for kind in backend_types().values()
        ]
    )


@blp.get("/api/ml/")
@rules.listing
def list_backends():
    query = sa.select(MLBackend).where(
        MLBackend.organization_id == require_user().active_organization_id
    )
    if request.args.get("project"):
        try:
            project_id = int(request.args["project"])
        except ValueError:
            raise refuse("project", "must be a project id.") from None
        query = query.where(MLBackend.project_id == get_project(project_id).id)
    if request.args.get("is_interactive") is not None:
        wanted = request.args["is_interactive"].lower() in {"1", "true", "yes"}
        query = query.where(MLBackend.is_interactive.is_(wanted))
    rows = db.session.scalars(query.order_by(MLBackend.id))
    user = require_user()
    return jsonify([visible_backend_payload(row, user) for row in rows])


@blp.post("/api/ml/")
@rules.connecting
@rules.audit_created
def create_backend():
    body = json_body()
    user = require_user()
    project = project_of_body(body, get_project)
    backend = MLBackend(
        organization_id=project.organization_id,
        project_id=project.id,
        created_by_id=user.id,
        type="",
        url="",
        extra_params={},
    )
    apply_fields(backend, body)
    db.session.add(backend)
    db.session.flush()
    connect(backend, project)
    db.session.commit()
    response = jsonify(backend_payload(backend))
    response.status_code = 201
    return response


@blp.get("/api/ml/<int:backend_id>")
@rules.reading
def read_backend(backend_id: int):
    return jsonify(visible_backend_payload(_backend(backend_id), require_user()))


@blp.route("/api/ml/<int:backend_id>", methods=["PATCH", "PUT"])
@rules.changing
@rules.audit_updated
def update_backend(backend_id: int):
    backend = _backend(backend_id)
    body = json_body()
    if body.get("project") not in (None, backend.project_id):
        raise refuse("project", "cannot change; connect a new backend instead.")
    changed = apply_fields(backend, body)
    if changed & CONNECTION_FIELDS or backend.state == "ER":
        connect(backend)
    db.session.commit()
    return jsonify(backend_payload(backend))


@blp.delete("/api/ml/<int:backend_id>")
@rules.deleting
@rules.audit_deleted
def delete_backend(backend_id: int):
    db.session.delete(_backend(backend_id))
    db.session.commit()
    return "", 204


@blp.post("/api/ml/<int:backend_id>/train")
@rules.training
def train_backend(backend_id: int):
    backend = _backend(backend_id)
    running = busy_run(backend)
    if running is not None:
        raise ApiError(
            409,
            f"ML backend {backend.id} is already training (run {running.id}); "
            f"wait for that run to finish.",
            code="busy",
        )
    try:
        run, job = new_run(backend, "manual", require_user().id)
    except BackendError as error:
        raise refuse("ml_backend", str(error)) from None
    db.session.info.setdefault(PENDING, []).append(job)
    db.session.commit()
    return _accepted({"training_run": run_payload(run)}, job)


@blp.get("/api/ml/<int:backend_id>/training-runs")
@rules.training_runs
def list_training_runs(backend_id: int):
    backend = _backend(backend_id)
    rows = db.session.scalars(
        sa.select(TrainingRun)
        .where(TrainingRun.backend_id == backend.id)
        .order_by(TrainingRun.id.desc())
    )
    return jsonify([run_payload(row) for row in rows])


@blp.get("/api/ml/<int:backend_id>/versions")
@rules.versions
def list_versions(backend_id: int):
    """The versions trained here (oldest first), then the others the backend
    reports and the one it serves."""
    backend = _backend(backend_id)
    trained = db.session.scalars(
        sa.select(TrainingRun.model_version)
        .where(
            TrainingRun.backend_id == backend.id,
            TrainingRun.state == "finished",
            TrainingRun.model_version.is_not(None),
        )
        .order_by(TrainingRun.id)
    )
    versions = list(dict.fromkeys(trained))
    message = ""
    try:
        reported = open_model(backend).versions() if _has_versions(backend) else []
    except BackendError as error:
        reported, message = [], str(error)
    for version in [*reported, backend.model_version]:
        if version and version not in versions:
            versions.append(version)
    return jsonify({"versions": versions, "message": message})


def _has_versions(backend: MLBackend) -> bool:
    return hasattr(backend_types()[backend.type].backend, "versions")


@blp.post("/api/ml/<int:backend_id>/predict")
@rules.predicting
def predict_backend(backend_id: int):
    """Predictions for the tasks in ``tasks`` (ids), else for every task that
    has none of the backend's model version: a job."""
    backend = _backend(backend_id)
    body = json_body()
    task_ids = body.get("tasks")
    if task_ids is not None and (
        not isinstance(task_ids, list)
        or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in task_ids
        )
    ):
        raise refuse("tasks", "must be a list of task ids.")
    job = queue_predictions(
        backend, task_ids=task_ids, scope="missing", user_id=require_user().id
    )
    return _accepted({"ml_backend": backend.id}, job)


@blp.post("/api/ml/<int:backend_id>/interactive-annotating")
@rules.asking
def interactive_annotating(backend_id: int):
    """A pre-annotation for one task from the context an annotator's smart
    tool sent (a click, a box); nothing is stored."""
    backend = _backend(backend_id)
    body = json_body()
    task = (
        db.session.get(Task, body.get("task"))
        if isinstance(body.get("task"), int)
        else None
    )
    if task is None or task.project_id != backend.project_id:
        raise refuse(
            "task", f"must be the id of a task of project {backend.project_id}."
        )
    project = db.session.get(Project, backend.project_id)
    payload = task_for_backend(task)
    model = open_model(backend, project)
    db.session.commit()

    try:
        answers = model.predict([payload], body.get("context"))
    except BackendError as error:
        raise ApiError(502, str(error), code="ml_backend_failed") from None
    if len(answers) != 1:
        raise ApiError(
            502,
            f"The ML backend {backend.title or backend.type!r} answered "
            f"{len(answers)} predictions for 1 task; it must answer one.",
            code="ml_backend_failed",
        )
    answer = answers[0]
    parsed = app_state().compiler.compile(project.label_config)
    problem = prediction_problem(
        parsed, task.data, answer.get("result"), answer.get("score")
    )
    if problem is not None:
        raise ApiError(
            502,
            f"The ML backend's pre-annotation does not fit the label config: {problem}",
            code="invalid_prediction",
        )
    return jsonify(
        {
            "task": task.id,
            "result": answer.get("result") or [],
            "score": answer.get("score"),
            "model_version": answer.get("model_version") or backend.model_version,
        }
    )


@blp.get("/api/projects/<int:project_id>/model-versions")
@rules.project_versions
def project_model_versions(project_id: int):
    """Label Studio's shape: each model version with its prediction count."""
    project = get_project(project_id)
    return jsonify(dict(model_versions(project.id)))


@blp.get("/api/projects/<int:project_id>/model-versions/evaluation")
@rules.project_evaluation
def project_model_evaluation(project_id: int):
    """Per model version, how its predictions agree with the annotations."""
    project = get_project(project_id)
    parsed = app_state().compiler.compile(project.label_config)
    versions = project_evaluation(project, parsed)
    keep_figures()
    return jsonify(
        {
            "project": project.id,
            "model_version": project.model_version,
            "versions": versions,
        }
    )
