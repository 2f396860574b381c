"""Totals for a data-manager page without counting a million rows each time.

A page needs its rows at once and its totals only roughly: the count is
exact up to ``EXACT_UP_TO`` matching tasks (a ``LIMIT``-ed count reads no
more), counted on each request; past that a count computed earlier for the
same filters, at most ``CACHE_SECONDS`` old, is served, and otherwise a
background thread counts exactly while this answer says its total is a
lower bound. Actions of the data manager forget the project's cached
totals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa
from flask import current_app

from labelcore.models import Task, db

log = logging.getLogger(__name__)

EXACT_UP_TO = 10_000
CACHE_SECONDS = 30.0
CACHE_ENTRIES = 512


@dataclass(frozen=True)
class Totals:
    tasks: int
    annotations: int
    predictions: int
    exact: bool


class _TotalsCache:
    def __init__(self):
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, tuple[float, Totals]] = OrderedDict()
        self.running: set[tuple] = set()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dm-count")

    def get(self, key: tuple) -> Totals | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or time.monotonic() - entry[0] > CACHE_SECONDS:
                return None
            return entry[1]

    def put(self, key: tuple, totals: Totals) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic(), totals)
            self.entries.move_to_end(key)
            while len(self.entries) > CACHE_ENTRIES:
                self.entries.popitem(last=False)

    def forget_project(self, app_key: int, project_id: int) -> None:
        with self.lock:
            for key in [k for k in self.entries if k[:2] == (app_key, project_id)]:
                del self.entries[key]

    def claim(self, key: tuple) -> bool:
        with self.lock:
            if key in self.running:
                return False
            self.running.add(key)
            return True

    def release(self, key: tuple) -> None:
        with self.lock:
            self.running.discard(key)


_CACHE = _TotalsCache()


def _cache_key(project_id: int, filters_key: Any) -> tuple:
    app_key = id(current_app._get_current_object())
    return (app_key, project_id, orjson.dumps(filters_key, option=orjson.OPT_SORT_KEYS))


def _sums(conditions: list) -> Totals:
    row = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(Task.total_annotations), 0),
            sa.func.coalesce(sa.func.sum(Task.total_predictions), 0),
        ).where(*conditions)
    ).one()
    return Totals(int(row[0]), int(row[1]), int(row[2]), True)


def _count_in_background(app, key: tuple, conditions: list) -> None:
    def run():
        try:
            # A GET request context: on SQLite the core starts transactions
            # outside requests as writers, and a count must not hold the
            # write lock for seconds.
            with app.test_request_context("/api/tasks/", method="GET"):
                totals = _sums(conditions)
                db.session.remove()
            _CACHE.put(key, totals)
        except Exception:
            log.exception("Counting the tasks of a data-manager query failed")
        finally:
            _CACHE.release(key)

    if _CACHE.claim(key):
        _CACHE.pool.submit(run)


def totals_for(project_id: int, conditions: list, filters_key: Any) -> Totals:
    """The totals of the tasks matching ``conditions``.

    ``filters_key`` identifies the conditions in the cache (the filters and
    selection as JSON).
    """
    key = _cache_key(project_id, filters_key)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached

    # Ids only, so that an index covering the filter answers the count
    # without reading a task row.
    bounded = sa.select(Task.id).where(*conditions).limit(EXACT_UP_TO + 1).subquery()
    count = db.session.execute(
        sa.select(sa.func.count()).select_from(bounded)
    ).scalar_one()
    if count <= EXACT_UP_TO:
        # Cheap enough to count each time, and a manager who just annotated
        # expects to see it.
        return _sums(conditions)

    _count_in_background(current_app._get_current_object(), key, conditions)
    return Totals(count, 0, 0, False)


def forget_totals(project_id: int) -> None:
    """Drop the cached totals of a project after its tasks changed."""
    _CACHE.forget_project(id(current_app._get_current_object()), project_id)


def wait_for_counts(timeout: float = 10.0) -> None:
    """Block until background counts finish (for tests and benchmarks)."""
    _CACHE.pool.submit(lambda: None).result(timeout=timeout)
