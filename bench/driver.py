"""What the database driver alone reaches: the same rows, the same schema.

After the server stopped, the rows an import would write (tasks, and with
them one prediction each) go into a project of the same database that the
server made (so every column and index the schema has is there), with the
server's own settings (SQLite: WAL, synchronous NORMAL, foreign keys on),
in one transaction, timed from the first row to the commit. The rows are
the import's own: the same data text, the importing user in
``updated_by_id``, and for a task with a prediction the samplers' stored
keys (score, margin, entropy), each of which has an index of its own.
SQLite is fed with ``executemany``; PostgreSQL with ``executemany`` and with
``COPY``, its fastest path. Python's garbage collector is paused meanwhile,
so that the benchmark's own millions of items cost the driver nothing.
"""

from __future__ import annotations

import gc
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

TASK_COLUMNS = (
    "project_id, inner_id, data, meta, state, is_labeled, total_annotations,"
    " cancelled_annotations, total_predictions, random_key, version, import_id,"
    " import_index, updated_by_id, created_at, updated_at, prediction_score,"
    " prediction_margin, prediction_entropy, disagreement"
)
TASK_VALUES = 20
TASK_SQL = f"INSERT INTO task ({TASK_COLUMNS}) VALUES ({{values}})"
PREDICTION_SQL = (
    "INSERT INTO prediction (task_id, project_id, result, score, model_version,"
    " created_at, updated_at) VALUES ({values})"
)
COPY_SQL = f"COPY task ({TASK_COLUMNS}) FROM STDIN"
NOW = datetime.now(UTC).replace(tzinfo=None)


@dataclass
class RawTarget:
    """A project and an import record the server made, and the first inner id
    and item index free in them."""

    project_id: int
    import_id: int
    first: int
    user_id: int | None = None


def sampling_keys(item: dict) -> tuple:
    """The samplers' stored keys the import writes for ``item``'s task: of
    its last prediction, as ``labelcore.sampling.keys`` computes them."""
    predictions = item.get("predictions") or ()
    if not predictions:
        return (None, None, None, None)
    from labelcore.sampling.keys import prediction_keys

    chosen = predictions[-1]
    keys = prediction_keys(chosen.get("result") or [], chosen.get("score"))
    return (
        keys["prediction_score"],
        keys["prediction_margin"],
        keys["prediction_entropy"],
        None,
    )


def task_rows(items: list[dict], target: RawTarget) -> Iterator[tuple]:
    now = NOW.strftime("%Y-%m-%d %H:%M:%S.%f")
    for number, item in enumerate(items, target.first):
        data = item.get("data", item)
        yield (
            target.project_id,
            number,
            orjson.dumps(data).decode(),
            "{}",
            "unlabeled",
            False,
            0,
            0,
            len(item.get("predictions", ())),
            random.random(),
            1,
            target.import_id,
            number,
            target.user_id,
            now,
            now,
            *sampling_keys(item),
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """The benchmark holds millions of items; a garbage collection walking
    them in the middle of a timed insert would be charged to the driver."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def sqlite_insert(path: str, items: list[dict], target: RawTarget) -> float:
    """Rows per second of ``executemany`` into the server's SQLite file."""
    with collector_paused():
        return _sqlite_insert(path, items, target)


def _sqlite_insert(path: str, items: list[dict], target: RawTarget) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "cache_size=-65536",
    ):
        connection.execute(f"PRAGMA {pragma}")
    project_id = target.project_id
    rows = list(task_rows(items, target))
    predictions = [item["predictions"][0] for item in items if item.get("predictions")]

    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(TASK_SQL.format(values=", ".join("?" * TASK_VALUES)), rows)
    if predictions:
        ids = [
            task_id
            for (task_id,) in connection.execute(
                "SELECT id FROM task WHERE project_id = ? AND inner_id >= ?"
                " ORDER BY inner_id",
                (project_id, target.first),
            )
        ]
        now = NOW.strftime("%Y-%m-%d %H:%M:%S.%f")
        connection.executemany(
            PREDICTION_SQL.format(values=", ".join("?" * 7)),
            [
                (
                    task_id,
                    project_id,
                    orjson.dumps(p["result"]).decode(),
                    p["score"],
                    p["model_version"],
                    now,
                    now,
                )
                for task_id, p in zip(ids, predictions, strict=True)
            ],
        )
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return len(rows) / seconds


def postgres_insert(
    url: str, items: list[dict], target: RawTarget, copy: bool
) -> float:
    """Rows per second of ``executemany`` (or ``COPY``) into the server's
    PostgreSQL database."""
    with collector_paused():
        return _postgres_insert(url, items, target, copy)


def _postgres_insert(
    url: str, items: list[dict], target: RawTarget, copy: bool
) -> float:
    import psycopg

    url = url.replace("postgresql+psycopg://", "postgresql://")
    project_id = target.project_id
    with psycopg.connect(url) as connection:
        rows = list(task_rows(items, target))
        predictions = [
            item["predictions"][0] for item in items if item.get("predictions")
        ]

        started = time.perf_counter()
        with connection.cursor() as cursor:
            if copy:
                with cursor.copy(COPY_SQL) as stream:
                    for row in rows:
                        stream.write_row(row)
            else:
                cursor.executemany(
                    TASK_SQL.format(values=", ".join(["%s"] * TASK_VALUES)), rows
                )
            if predictions:
                cursor.execute(
                    "SELECT id FROM task WHERE project_id = %s AND inner_id >= %s"
                    " ORDER BY inner_id",
                    (project_id, target.first),
                )
                ids = [task_id for (task_id,) in cursor.fetchall()]
                cursor.executemany(
                    PREDICTION_SQL.format(values=", ".join(["%s"] * 7)),
                    [
                        (
                            task_id,
                            project_id,
                            orjson.dumps(p["result"]).decode(),
                            p["score"],
                            p["model_version"],
                            NOW,
                            NOW,
                        )
                        for task_id, p in zip(ids, predictions, strict=True)
                    ],
                )
        connection.commit()
        return len(rows) / (time.perf_counter() - started)
