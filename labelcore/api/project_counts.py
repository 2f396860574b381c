"""A project's task counts, for its page and the project list.

Summing the tasks of a million-task project takes about a second, and every
project read would pay it. So a count that took longer than ``SLOW_SECONDS``
is kept: later reads get it at once, and a read after ``FRESH_SECONDS``
starts one recount in the background. A big project's counts then lag its
latest writes by one recount; a small project is counted on every read.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from flask import current_app

from labelcore.models import Task, db

log = logging.getLogger(__name__)

SLOW_SECONDS = 0.1
FRESH_SECONDS = 5.0

_lock = threading.Lock()
_kept: dict[tuple[int, int], tuple[float, dict[str, int]]] = {}
_recounting: set[tuple[int, int]] = set()
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="labelcore-counts")


def _exact(project_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = db.session.execute(
        sa.select(
            Task.project_id,
            sa.func.count(),
            sa.func.sum(sa.case((Task.is_labeled, 1), else_=0)),
            sa.func.sum(Task.total_annotations),
            sa.func.sum(Task.cancelled_annotations),
            sa.func.sum(Task.total_predictions),
        )
        .where(Task.project_id.in_(project_ids))
        .group_by(Task.project_id)
    )
    return {
        project_id: {
            "task_count": tasks,
            "labeled_count": int(labeled or 0),
            "annotation_count": int(annotated or 0),
            "skipped_count": int(skipped or 0),
            "prediction_count": int(predictions or 0),
        }
        for project_id, tasks, labeled, annotated, skipped, predictions in rows
    }


def _recount(app, key: tuple[int, int]) -> None:
    try:
        # A GET request context: on SQLite, work outside a request starts as
        # a writer, and a count must not hold the write lock for a second.
        with app.test_request_context("/api/projects/", method="GET"):
            counts = _exact([key[1]])
            db.session.remove()
        with _lock:
            _kept[key] = (time.monotonic(), counts.get(key[1], {}))
    except Exception:
        log.exception("Recounting the tasks of project %s failed", key[1])
    finally:
        with _lock:
            _recounting.discard(key)


def _refresh_later(key: tuple[int, int]) -> None:
    with _lock:
        if key in _recounting:
            return
        _recounting.add(key)
    _pool.submit(_recount, current_app._get_current_object(), key)


def project_counts(project_ids: list[int]) -> dict[int, dict[str, int]]:
    """Counts by project id (projects without tasks are absent)."""
    app_key = id(current_app._get_current_object())
    counts: dict[int, dict[str, int]] = {}
    missing = []
    now = time.monotonic()
    for project_id in project_ids:
        key = (app_key, project_id)
        with _lock:
            kept = _kept.get(key)
        if kept is None:
            missing.append(project_id)
            continue
        counted_at, kept_counts = kept
        if kept_counts:
            counts[project_id] = kept_counts
        if now - counted_at > FRESH_SECONDS:
            _refresh_later(key)
    if not missing:
        return counts

    started = time.monotonic()
    exact = _exact(missing)
    counts.update(exact)
    if time.monotonic() - started > SLOW_SECONDS:
        with _lock:
            for project_id in missing:
                _kept[(app_key, project_id)] = (started, exact.get(project_id, {}))
    return counts
