"""The stored sampling keys of tasks, and keeping them current.

Samplers order by columns, not by expressions over predictions, so that a
request reads one index range: ``prediction_score``, ``prediction_margin``
and ``prediction_entropy`` come from the task's chosen prediction (of the
project's ``model_version``, else its newest), ``disagreement`` from its
submitted annotations and that prediction. They are recomputed for the
tasks whose predictions or annotations a transaction wrote.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context

from labelcore.models import (
    SAMPLING_KEYS,
    Annotation,
    Prediction,
    Project,
    Task,
    db,
)
from labelcore.permissions.roles import UNFILTERED
from labelcore.sampling.agreement import disagreement_of

log = logging.getLogger(__name__)

REFRESH_BATCH = 2000
PREDICTION_KEYS = ("prediction_score", "prediction_margin", "prediction_entropy")


def _labels_of(item: dict[str, Any]) -> list[str]:
    value = item.get("value")
    if not isinstance(value, dict):
        return []
    named = value.get(item.get("type"))
    if isinstance(named, list):
        return [label for label in named if isinstance(label, str)]
    for candidate in value.values():
        if isinstance(candidate, list) and candidate and isinstance(candidate[0], str):
            return [label for label in candidate if isinstance(label, str)]
    return []


def _is_probability(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0 <= value <= 1
    )


def _class_scores(item: dict[str, Any]) -> dict[str, float]:
    """An item's ``scores``, label to probability, as the built-in text
    classifier writes the whole class distribution beside its one choice."""
    spread = item.get("scores")
    if not isinstance(spread, dict):
        return {}
    return {
        str(label): float(value)
        for label, value in spread.items()
        if _is_probability(value)
    }


def label_distribution(result: Any, score: Any) -> list[float] | None:
    """The probabilities a prediction gives its labels, largest first.

    One control counts: the first one with scored items. An item's
    ``scores`` (label to probability) give the class distribution; else an
    item's ``score`` is the probability of its labels (Label Studio's
    classifiers write one item per choice, each with its score). When the
    probabilities sum to less than 1 the rest is one more outcome, and when
    they sum to more they are scaled to 1. A prediction whose items carry
    no score gives its top label the prediction's ``score`` and the rest to
    one other outcome. ``None`` when neither is known.
    """
    items = result if isinstance(result, list) else ()
    if all(
        type(item) is dict and "score" not in item and "scores" not in item
        for item in items
    ):
        # The usual shape (no item scores): the prediction's score alone, at
        # a tenth of the cost of the walk below, which gives the same.
        if not _is_probability(score):
            return None
        given = float(score)
        return [given] if given == 1 else sorted((given, 1 - given), reverse=True)

    by_label: dict[str, float] = {}
    control = None
    for item in items:
        if not isinstance(item, dict):
            continue
        spread = _class_scores(item)
        if not spread and not _is_probability(item.get("score")):
            continue
        control = control or item.get("from_name")
        if item.get("from_name") != control:
            continue
        if not spread:
            labels = _labels_of(item) or [f"#{len(by_label)}"]
            spread = dict.fromkeys(labels, float(item["score"]))
        for label, probability in spread.items():
            by_label[label] = max(by_label.get(label, 0.0), probability)

    if not by_label:
        if not _is_probability(score):
            return None
        by_label = {"top": float(score)}

    probabilities = sorted(by_label.values(), reverse=True)
    total = sum(probabilities)
    if total > 1:
        probabilities = [p / total for p in probabilities]
    elif total < 1:
        probabilities = sorted([*probabilities, 1 - total], reverse=True)
    return probabilities


def prediction_keys(result: Any, score: Any) -> dict[str, float | None]:
    """``prediction_score``, ``prediction_margin`` and ``prediction_entropy``."""
    distribution = label_distribution(result, score)
    if distribution is None:
        return dict.fromkeys(PREDICTION_KEYS)

    top = distribution[0]
    runner_up = distribution[1] if len(distribution) > 1 else 0.0
    entropy = -sum(p * math.log2(p) for p in distribution if p > 0)
    return {
        "prediction_score": float(score) if _is_probability(score) else top,
        "prediction_margin": top - runner_up,
        "prediction_entropy": entropy,
    }


# Built once: every saved annotation refreshes its task's keys with these.
_TASK_IDS = sa.bindparam("task_ids", expanding=True)
_PREDICTIONS = (
    sa.select(Prediction.task_id, Prediction.result, Prediction.score)
    .where(Prediction.task_id.in_(_TASK_IDS))
    .order_by(Prediction.task_id, Prediction.id)
)
_PREDICTIONS_OF_VERSION = _PREDICTIONS.where(
    Prediction.model_version == sa.bindparam("model_version")
)
_SUBMITTED = (
    sa.select(Annotation.task_id, Annotation.result)
    .where(Annotation.task_id.in_(_TASK_IDS), Annotation.was_cancelled.is_(False))
    .order_by(Annotation.id)
)
_TASK_TABLE = Task.__table__
_STORED = sa.select(
    _TASK_TABLE.c.id, *(_TASK_TABLE.c[key] for key in SAMPLING_KEYS)
).where(_TASK_TABLE.c.id.in_(_TASK_IDS))
_UPDATE = (
    _TASK_TABLE.update()
    .where(_TASK_TABLE.c.id == sa.bindparam("task_id"))
    # The keys are bookkeeping: the task itself did not change.
    .values(
        {key: sa.bindparam(key) for key in SAMPLING_KEYS}
        | {"updated_at": _TASK_TABLE.c.updated_at}
    )
)


def _chosen_predictions(
    session: Any, project: Project, task_ids: Sequence[int]
) -> dict[int, Any]:
    if project.model_version:
        rows = session.connection().execute(
            _PREDICTIONS_OF_VERSION,
            {"task_ids": task_ids, "model_version": project.model_version},
        )
    else:
        rows = session.connection().execute(_PREDICTIONS, {"task_ids": task_ids})
    return {task_id: (result, score) for task_id, result, score in rows}


def _submitted_results(session: Any, task_ids: Sequence[int]) -> dict[int, list]:
    rows = session.connection().execute(_SUBMITTED, {"task_ids": task_ids})
    results: dict[int, list] = {}
    for task_id, result in rows:
        results.setdefault(task_id, []).append(result or [])
    return results


def _stored(session: Any, task_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    rows = session.connection().execute(_STORED, {"task_ids": task_ids})
    return {row[0]: dict(zip(SAMPLING_KEYS, row[1:], strict=True)) for row in rows}


def _update(session: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(_UPDATE, rows)


def refresh_keys(
    project: Project,
    task_ids: Iterable[int],
    *,
    predictions: bool = True,
    annotations: bool = True,
    parsed_config: Any = None,
    session: Any = None,
) -> int:
    """Recompute the stored keys of ``task_ids`` in the current transaction.

    ``predictions`` refreshes the prediction keys, ``annotations`` the
    disagreement (which reads the chosen prediction too); ``parsed_config``
    is the project's compiled config, used to compare results (without it
    results agree only when equal). ``session`` defaults to the app's. Only
    tasks whose keys change are written; returns how many were.
    """
    session = session or db.session
    task_ids = sorted(set(task_ids))
    written = 0
    for start in range(0, len(task_ids), REFRESH_BATCH):
        batch = task_ids[start : start + REFRESH_BATCH]
        stored = _stored(session, batch)
        chosen = _chosen_predictions(session, project, batch)
        submitted = _submitted_results(session, batch)

        rows = []
        for task_id in batch:
            old = stored.get(task_id)
            if old is None:
                continue
            new = dict(old)
            prediction = chosen.get(task_id)
            if predictions:
                keys = prediction_keys(*prediction) if prediction else {}
                new.update({key: keys.get(key) for key in PREDICTION_KEYS})
            if annotations or predictions:
                results = list(submitted.get(task_id, []))
                if prediction is not None:
                    results.append(prediction[0] or [])
                new["disagreement"] = disagreement_of(results, parsed_config)
            if new != old:
                rows.append({"task_id": task_id, **new})
        _update(session, rows)
        written += len(rows)
    return written


def refresh_project_keys(project: Project, parsed_config: Any = None) -> int:
    """Recompute every task's keys that has a prediction or an annotation,
    clear the rest, and record the model version they were computed for.
    Runs in batches of ``REFRESH_BATCH`` inside the current transaction."""
    cleared = (
        Task.__table__.update()
        .where(
            Task.project_id == project.id,
            Task.total_predictions == 0,
            Task.total_annotations < 2,
            sa.or_(*(Task.__table__.c[key].is_not(None) for key in SAMPLING_KEYS)),
        )
        .values(
            dict.fromkeys(SAMPLING_KEYS) | {"updated_at": Task.__table__.c.updated_at}
        )
    )
    db.session.execute(cleared)

    written = 0
    last_id = 0
    while True:
        batch = list(
            db.session.execute(
                sa.select(Task.id)
                .where(
                    Task.project_id == project.id,
                    Task.id > last_id,
                    sa.or_(Task.total_predictions > 0, Task.total_annotations > 1),
                )
                .order_by(Task.id)
                .limit(REFRESH_BATCH),
                execution_options=UNFILTERED,
            ).scalars()
        )
        if not batch:
            break
        written += refresh_keys(project, batch, parsed_config=parsed_config)
        last_id = batch[-1]

    project.sampling_keys_model_version = project.model_version or ""
    project.disagreement_current = True
    log.info(
        "Sampling keys of project %s refreshed for model version %r: %d tasks",
        project.id,
        project.model_version,
        written,
    )
    return written


def project_config(project: Project) -> Any:
    """The project's compiled config for comparing results, or ``None``
    outside an app or for a config that no longer compiles."""
    from labelcore.config import ConfigInvalid

    if not has_app_context():
        return None
    try:
        return current_app.extensions["labelcore"].compiler.compile(
            project.label_config
        )
    except (ConfigInvalid, KeyError):
        return None


def keys_are_stale(project: Project, keys: Iterable[str] = ()) -> bool:
    """Whether ``keys`` (a sampler's) need a refresh before it orders by them:
    the model version changed since they were computed, or the sampler reads
    a disagreement that annotations no longer kept current."""
    if project.sampling_keys_model_version != (project.model_version or ""):
        return True
    return "disagreement" in keys and not project.disagreement_current
