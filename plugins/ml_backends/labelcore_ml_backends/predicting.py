"""Predictions from a backend for many tasks: the ``ml_backends.predict`` job.

The job asks the backend for one batch of tasks at a time, with no
transaction open while the backend works, checks each answer against the
label config like an annotation, and commits the batch's predictions with
the job's progress and a checkpoint: the last task of the batch and the
counts so far. A task that already has a prediction of the model version
is skipped, so a job run again (after a crash, or twice) adds each
prediction once; a job taken over after a crash also goes on after the
checkpoint's task, so that it neither asks the backend again for the tasks
it answered with nothing nor counts them twice.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from labelcore import app_state, enqueue, job_kind
from labelcore.models import Job, Prediction, Project, Task, db
from labelcore_ml_backends.contract import BackendError
from labelcore_ml_backends.models import MLBackend
from labelcore_ml_backends.records import backend_type_named, open_model

log = logging.getLogger(__name__)

REMOTE_BATCH = 16
LOCAL_BATCH = 1000
IDS_PER_LOOKUP = 500
KEPT_PROBLEMS = 50
SCOPES = ("missing", "unlabeled")


# -- which tasks -----------------------------------------------------------------


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """Sorted ids as ``[[first, last], ...]`` runs: a selection of a million
    consecutive tasks is one pair in the job's parameters."""
    ranges: list[list[int]] = []
    for task_id in sorted(set(ids)):
        if ranges and ranges[-1][1] == task_id - 1:
            ranges[-1][1] = task_id
        else:
            ranges.append([task_id, task_id])
    return ranges


def ids_in(ranges: list[list[int]]) -> Iterator[int]:
    for first, last in ranges:
        yield from range(first, last + 1)


def _scope_ids(project_id: int, scope: str) -> list[int]:
    query = sa.select(Task.id).where(Task.project_id == project_id)
    if scope == "unlabeled":
        query = query.where(Task.is_labeled.is_(False))
    return list(db.session.scalars(query.order_by(Task.id)))


def _still_to_predict(project_id: int, ids: list[int], version: str) -> list[int]:
    todo = []
    for start in range(0, len(ids), IDS_PER_LOOKUP):
        chunk = ids[start : start + IDS_PER_LOOKUP]
        done = set(
            db.session.scalars(
                sa.select(Prediction.task_id).where(
                    Prediction.task_id.in_(chunk),
                    Prediction.model_version == version,
                )
            )
        )
        present = set(
            db.session.scalars(
                sa.select(Task.id).where(
                    Task.id.in_(chunk), Task.project_id == project_id
                )
            )
        )
        todo.extend(task_id for task_id in chunk if task_id in present - done)
    return todo


def task_for_backend(task: Task) -> dict[str, Any]:
    """A task as Label Studio sends it to a backend."""
    return {
        "id": task.id,
        "inner_id": task.inner_id,
        "project": task.project_id,
        "data": task.data,
        "meta": task.meta or {},
    }


# -- storing what came back --------------------------------------------------------


def check_score(score: Any) -> str | None:
    if score is None:
        return None
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        return f"the score must be a number from 0 to 1 or null, got {score!r}"
    if math.isnan(score) or not 0 <= score <= 1:
        return f"the score must be a number from 0 to 1, got {score!r}"
    return None


def prediction_problem(parsed, data: Any, result: Any, score: Any) -> str | None:
    """Why a prediction for a task with ``data`` cannot be stored, item by
    item; None when it can."""
    issues = parsed.check_result(result, data)
    if issues:
        return "; ".join(str(issue) for issue in issues)
    return check_score(score)


def count_predictions(task_ids: list[int]) -> None:
    """Add the new predictions to their tasks' counters, one UPDATE per count.

    The row version moves too, so that a session holding an older copy of a
    task cannot write its stale counter back over this one.
    """
    by_count: dict[int, list[int]] = {}
    for task_id, times in Counter(task_ids).items():
        by_count.setdefault(times, []).append(task_id)
    for times, ids in by_count.items():
        for start in range(0, len(ids), IDS_PER_LOOKUP):
            db.session.execute(
                sa.update(Task)
                .where(Task.id.in_(ids[start : start + IDS_PER_LOOKUP]))
                .values(
                    total_predictions=Task.total_predictions + times,
                    version=Task.version + 1,
                )
                .execution_options(synchronize_session=False)
            )


class PredictionReport:
    def __init__(self, saved: dict[str, Any] | None = None) -> None:
        saved = saved or {}
        self.predicted = int(saved.get("predicted") or 0)
        self.empty = int(saved.get("empty") or 0)
        self.problem_count = int(saved.get("problem_count") or 0)
        self.problems: list[dict[str, Any]] = list(saved.get("problems") or [])

    def problem(self, task_id: int, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append({"task": task_id, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "predicted": self.predicted,
            "empty": self.empty,
            "problem_count": self.problem_count,
            "problems": self.problems,
        }


def store_answers(parsed, tasks: list[dict], answers: list[dict], version, report):
    """Add the valid predictions among ``answers`` (one per task of ``tasks``,
    Label Studio task dicts) with ``version``; count the rest in ``report``."""
    predicted = []
    for task, answer in zip(tasks, answers, strict=True):
        result = answer.get("result")
        if result in (None, []):
            report.empty += 1
            continue
        score = answer.get("score")
        problem = prediction_problem(parsed, task.get("data"), result, score)
        if problem is not None:
            report.problem(task["id"], problem)
            continue
        db.session.add(
            Prediction(
                task_id=task["id"],
                project_id=task["project"],
                result=result,
                score=None if score is None else float(score),
                model_version=version,
            )
        )
        predicted.append(task["id"])
    count_predictions(predicted)
    report.predicted += len(predicted)


# -- the job ---------------------------------------------------------------------


def queue_predictions(
    backend: MLBackend,
    *,
    task_ids: Iterable[int] | None = None,
    scope: str | None = None,
    activate: bool = False,
    user_id: int | None = None,
) -> Job:
    params: dict[str, Any] = {"backend_id": backend.id, "activate": activate}
    if task_ids is not None:
        params["task_ranges"] = id_ranges(task_ids)
    else:
        params["scope"] = scope or "missing"
    project = db.session.get(Project, backend.project_id)
    return enqueue(
        "ml_backends.predict",
        params,
        organization_id=project.organization_id,
        project_id=project.id,
        user_id=user_id,
    )


@job_kind("ml_backends.predict")
def run_predictions(context) -> dict[str, Any]:
    """Predict the tasks of ``params`` with backend ``params["backend_id"]``."""
    backend_id = context.params["backend_id"]
    try:
        return _predict(context, backend_id)
    except BaseException as error:
        db.session.rollback()
        backend = db.session.get(MLBackend, backend_id)
        if backend is not None:
            backend.state = "ER" if isinstance(error, BackendError) else "CO"
            backend.error_message = (
                str(error) if isinstance(error, BackendError) else None
            )
            db.session.commit()
        raise


def _predict(context, backend_id: int) -> dict[str, Any]:
    started = time.monotonic()
    backend = db.session.get(MLBackend, backend_id)
    if backend is None:
        raise LookupError(f"ML backend {backend_id} no longer exists.")
    project = db.session.get(Project, backend.project_id)
    parsed = app_state().compiler.compile(project.label_config)
    model = open_model(backend, project)
    version = backend.model_version or backend.type
    remote = backend_type_named(backend.type).needs_url
    batch_size = int(context.params.get("batch_size") or 0) or (
        REMOTE_BATCH if remote else LOCAL_BATCH
    )

    if "task_ranges" in context.params:
        candidates = list(ids_in(context.params["task_ranges"]))
    else:
        candidates = _scope_ids(project.id, context.params.get("scope", "missing"))
    todo = _still_to_predict(project.id, candidates, version)
    checkpoint = context.checkpoint
    after = int(checkpoint.get("after") or 0)
    done = int(checkpoint.get("done") or 0)
    total = int(checkpoint.get("total") or 0) or len(todo)
    if after:
        # Taken over from a runner that died: the ids are in order, and
        # every task up to the checkpoint's was answered and committed.
        todo = [task_id for task_id in todo if task_id > after]
    backend.state = "PR"
    db.session.commit()

    report = PredictionReport(checkpoint)
    context.progress(done, total)
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        tasks = list(
            db.session.scalars(
                sa.select(Task).where(Task.id.in_(batch)).order_by(Task.id)
            )
        )
        payload = [task_for_backend(task) for task in tasks]
        # The backend works with no transaction open (SQLite's write lock).
        db.session.commit()
        answers = model.predict(payload)
        if len(answers) != len(payload):
            raise BackendError(
                f"The ML backend {backend.title or backend.type!r} answered "
                f"{len(answers)} predictions for {len(payload)} tasks; it must "
                f"answer one per task, in order."
            )
        store_answers(parsed, payload, answers, version, report)
        done = min(done + len(batch), total)
        context.save_checkpoint(
            {"after": batch[-1], "done": done, "total": total, **report.as_dict()},
            done=done,
        )

    backend = db.session.get(MLBackend, backend_id)
    backend.state = "CO"
    backend.error_message = None
    if context.params.get("activate") and version:
        db.session.get(Project, backend.project_id).model_version = version
    db.session.commit()
    log.info(
        "ML backend %s: %d predictions (%s) for project %s in %.2f s, %d refused",
        backend_id,
        report.predicted,
        version,
        project.id,
        time.monotonic() - started,
        report.problem_count,
    )
    return {"ml_backend": backend_id, "model_version": version, **report.as_dict()}


PREDICT_NEW_TASKS = "ml_predict_new_tasks"


def import_finished(project: Project, summary: dict[str, Any]) -> None:
    """Queue predictions for the unlabeled tasks without one of the current
    version, when the project asks for them (``settings.ml_predict_new_tasks``)
    and has a connected backend."""
    from labelcore_ml_backends.records import primary_backend

    if not summary.get("task_count") or not (project.settings or {}).get(
        PREDICT_NEW_TASKS
    ):
        return
    backend = primary_backend(project.id)
    if backend is None:
        log.info("Project %s asks for predictions but has no backend", project.id)
        return
    # Unlabeled only: a prediction made after its task was annotated says
    # nothing about the model that the evaluation could use.
    queue_predictions(backend, scope="unlabeled")
