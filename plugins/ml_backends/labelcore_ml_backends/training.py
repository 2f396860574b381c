"""Training runs: on demand, or after every N new annotations of a project.

A run is a row and a job. The job gathers the project's annotated tasks,
lets the model learn with no transaction open, stores what an in-process
model learned (signed with the server's secret) under a new model version,
and then, when the project asks for it, predicts the unlabeled tasks with
that version and makes it the project's version once they are all in, so
that the uncertainty sampler never looks at a version without scores.

Project settings (``PATCH /api/projects/<id>/`` with ``settings``):
``ml_train_every`` (N, 0 or absent for never) and ``ml_predict_after_training``
(default true).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import sqlalchemy as sa
from flask import has_app_context

from labelcore import app_state, job_kind
from labelcore.models import Annotation, Job, Project, Task, db, utcnow
from labelcore_ml_backends.contract import BackendError
from labelcore_ml_backends.models import MLBackend, TrainingRun
from labelcore_ml_backends.predicting import queue_predictions
from labelcore_ml_backends.records import backend_type_named, open_model, state_digest

log = logging.getLogger(__name__)

TRAIN_EVERY = "ml_train_every"
PREDICT_AFTER_TRAINING = "ml_predict_after_training"
PENDING = "labelcore_ml_backends.pending_jobs"
QUEUED = "labelcore_ml_backends.queued_jobs"
TASKS_PER_READ = 1000


def train_every(project: Project) -> int:
    value = (project.settings or {}).get(TRAIN_EVERY)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return 0
    return value


def predicts_after_training(project: Project) -> bool:
    return bool((project.settings or {}).get(PREDICT_AFTER_TRAINING, True))


def busy_run(backend: MLBackend) -> TrainingRun | None:
    return db.session.scalars(
        sa.select(TrainingRun)
        .where(
            TrainingRun.backend_id == backend.id,
            TrainingRun.state.in_(("queued", "running")),
        )
        .limit(1)
    ).first()


def newest_annotation_id(project_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.max(Annotation.id)).where(
                Annotation.project_id == project_id
            )
        )
        or 0
    )


def new_run(backend: MLBackend, trigger: str, user_id: int | None) -> tuple:
    """A training run and its job row, added to the session, not committed."""
    kind = backend_type_named(backend.type)
    if not kind.trainable:
        raise BackendError(
            f"ML backends of type {backend.type!r} cannot be trained; predictions only."
        )
    project = db.session.get(Project, backend.project_id)
    through = newest_annotation_id(project.id)
    run = TrainingRun(
        backend_id=backend.id,
        project_id=project.id,
        trigger=trigger,
        through_annotation=through,
    )
    db.session.add(run)
    db.session.flush()
    job = Job(
        kind="ml_backends.train",
        params={"run_id": run.id},
        organization_id=project.organization_id,
        project_id=project.id,
        created_by_id=user_id,
    )
    db.session.add(job)
    db.session.flush()
    run.job_id = job.id
    backend.trained_through = max(backend.trained_through or 0, through)
    return run, job


# -- after every N annotations ------------------------------------------------------


def annotation_saved(annotation: Annotation, created: bool) -> None:
    """Queue a training run when the project's N-th new annotation arrived.

    Called in the transaction that saves the annotation: the run and its job
    are rows of that transaction, handed to the job runner once it commits.
    """
    if not created or annotation.was_cancelled:
        return
    project = db.session.get(Project, annotation.project_id)
    every = train_every(project)
    if not every:
        return
    from labelcore_ml_backends.records import primary_backend

    backend = primary_backend(project.id)
    if backend is None or not backend_type_named(backend.type).trainable:
        return
    # At most N rows, read from the id range after the last training, so the
    # check costs the same in a project of a million annotations.
    recent = (
        sa.select(Annotation.id)
        .where(
            Annotation.id > (backend.trained_through or 0),
            Annotation.project_id == project.id,
            Annotation.was_cancelled.is_(False),
        )
        .order_by(Annotation.id)
        .limit(every)
        .subquery()
    )
    fresh = db.session.scalar(sa.select(sa.func.count()).select_from(recent))
    if fresh < every or busy_run(backend) is not None:
        return
    _, job = new_run(backend, "annotations", annotation.completed_by_id)
    db.session.info.setdefault(PENDING, []).append(job)


def _after_flush(session, flush_context) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        session.info.setdefault(QUEUED, []).extend(job.id for job in pending)


def _after_commit(session) -> None:
    job_ids = session.info.pop(QUEUED, None)
    if not job_ids or not has_app_context():
        return
    runner = app_state().job_runner
    for job_id in job_ids:
        try:
            runner.submit(job_id)
        except Exception as error:
            # The row is committed: the reconciler queues it later.
            log.warning("Training job %s could not be queued now: %s", job_id, error)


def _after_rollback(session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(QUEUED, None)


def listen(session_factory) -> None:
    """Attach the transaction events once for the sessions of ``session_factory``."""
    for name, handler in (
        ("after_flush_postexec", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not sa.event.contains(session_factory, name, handler):
            sa.event.listen(session_factory, name, handler)


# -- the job --------------------------------------------------------------------------


def annotated_tasks(project_id: int, through: int) -> list[dict[str, Any]]:
    """Every task with a submitted annotation up to id ``through``, in Label
    Studio's export shape (the task's data with its annotations)."""
    rows = db.session.execute(
        sa.select(Annotation, Task.data)
        .join(Task, Task.id == Annotation.task_id)
        .where(
            Annotation.project_id == project_id,
            Annotation.was_cancelled.is_(False),
            Annotation.id <= through,
        )
        .order_by(Annotation.task_id, Annotation.id)
        .execution_options(yield_per=TASKS_PER_READ)
    )
    tasks: dict[int, dict[str, Any]] = {}
    for annotation, data in rows:
        task = tasks.setdefault(
            annotation.task_id,
            {"id": annotation.task_id, "data": data, "annotations": []},
        )
        task["annotations"].append(
            {
                "id": annotation.id,
                "result": annotation.result,
                "ground_truth": annotation.ground_truth,
                "was_cancelled": False,
                "completed_by": annotation.completed_by_id,
            }
        )
    return list(tasks.values())


@job_kind("ml_backends.train")
def run_training(context) -> dict[str, Any]:
    """Train for training run ``params["run_id"]``."""
    run_id = context.params["run_id"]
    try:
        return _train(context, run_id)
    except BaseException as error:
        db.session.rollback()
        _failed(run_id, error)
        raise


def _train(context, run_id: int) -> dict[str, Any]:
    started = time.monotonic()
    run = db.session.get(TrainingRun, run_id)
    if run is None:
        raise LookupError(f"Training run {run_id} no longer exists.")
    backend = db.session.get(MLBackend, run.backend_id)
    project = db.session.get(Project, backend.project_id)
    through = run.through_annotation or newest_annotation_id(project.id)
    run.state = "running"
    run.started_at = utcnow()
    backend.state = "TR"
    tasks = annotated_tasks(project.id, through)
    model = open_model(backend, project)
    backend_id = backend.id
    db.session.commit()

    outcome = model.fit(tasks) or {}

    run = db.session.get(TrainingRun, run_id)
    backend = db.session.get(MLBackend, backend_id)
    version = outcome.get("model_version") or _next_version(backend)
    state = outcome.get("state")
    run.model_version = version
    run.annotation_count = sum(len(task["annotations"]) for task in tasks)
    run.metrics = dict(outcome.get("metrics") or {})
    run.model_state = state
    run.state_digest = state_digest(state) if state else None
    run.state = "finished"
    run.finished_at = utcnow()
    run.error = None
    backend.state = "CO"
    backend.error_message = None
    if backend.auto_update:
        backend.model_version = version
    db.session.commit()
    log.info(
        "ML backend %s trained as %s on %d tasks in %.2f s",
        backend_id,
        version,
        len(tasks),
        time.monotonic() - started,
    )

    predictions = None
    project = db.session.get(Project, backend.project_id)
    if backend.auto_update and predicts_after_training(project):
        predictions = queue_predictions(backend, scope="unlabeled", activate=True).id
    return {
        "training_run": run_id,
        "model_version": version,
        "tasks": len(tasks),
        "prediction_job": predictions,
    }


def _next_version(backend: MLBackend) -> str:
    finished = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(TrainingRun)
        .where(
            TrainingRun.backend_id == backend.id,
            TrainingRun.model_version.is_not(None),
        )
    )
    return f"{backend.type}-v{finished + 1}"


def _failed(run_id: int, error: BaseException) -> None:
    run = db.session.get(TrainingRun, run_id)
    if run is None:
        return
    message = (
        str(error)
        if isinstance(error, BackendError)
        else (f"Training failed: {type(error).__name__}: {error}")
    )
    run.state = "failed"
    run.error = message
    run.finished_at = utcnow()
    backend = db.session.get(MLBackend, run.backend_id)
    if backend is not None:
        backend.state = "ER" if isinstance(error, BackendError) else "CO"
        backend.error_message = message
    db.session.commit()
