"""What the database driver alone reaches: the same rows, the same schema.

After the server stopped, the rows an import would write (tasks, and with
them one prediction each) go into a project of the same database that the
server made (so every column and index the schema has is there), with the
server's own settings (SQLite: WAL, synchronous NORMAL, foreign keys on),
in one transaction, timed from the first row to the commit. SQLite is fed
with ``executemany``; PostgreSQL with ``executemany`` and with ``COPY``, its
fastest path.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

TASK_SQL = (
    "INSERT INTO task (project_id, inner_id, data, meta, state, is_labeled,"
    " total_annotations, cancelled_annotations, total_predictions, random_key,"
    " version, import_id, import_index, updated_by_id, created_at, updated_at)"
    " VALUES ({values})"
)
PREDICTION_SQL = (
    "INSERT INTO prediction (task_id, project_id, result, score, model_version,"
    " created_at, updated_at) VALUES ({values})"
)
COPY_SQL = (
    "COPY task (project_id, inner_id, data, meta, state, is_labeled,"
    " total_annotations, cancelled_annotations, total_predictions, random_key,"
    " version, import_id, import_index, updated_by_id, created_at, updated_at)"
    " FROM STDIN"
)
NOW = datetime.now(UTC).replace(tzinfo=None)


@dataclass
class RawTarget:
    """A project and an import record the server made, and the first inner id
    and item index free in them."""

    project_id: int
    import_id: int
    first: int


def task_rows(
    items: list[dict], project_id: int, import_id: int, first: int
) -> Iterator[tuple]:
    now = NOW.strftime("%Y-%m-%d %H:%M:%S.%f")
    for number, item in enumerate(items, first):
        data = item.get("data", item)
        yield (
            project_id,
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
            import_id,
            number,
            None,
            now,
            now,
        )


def sqlite_insert(path: str, items: list[dict], target: RawTarget) -> float:
    """Rows per second of ``executemany`` into the server's SQLite file."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "cache_size=-65536",
    ):
        connection.execute(f"PRAGMA {pragma}")
    project_id = target.project_id
    rows = list(task_rows(items, project_id, target.import_id, target.first))
    predictions = [item["predictions"][0] for item in items if item.get("predictions")]

    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(TASK_SQL.format(values=", ".join("?" * 16)), rows)
    if predictions:
        ids = [
            task_id
            for (task_id,) in connection.execute(
                "SELECT id FROM task WHERE project_id = ? AND inner_id >= ?"
                " ORDER BY inner_id",
                (project_id, target.first),
            )
        ]
        now = rows[0][-1]
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
    import psycopg

    url = url.replace("postgresql+psycopg://", "postgresql://")
    project_id = target.project_id
    with psycopg.connect(url) as connection:
        rows = list(task_rows(items, project_id, target.import_id, target.first))
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
                cursor.executemany(TASK_SQL.format(values=", ".join(["%s"] * 16)), rows)
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
