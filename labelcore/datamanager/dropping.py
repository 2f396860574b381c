"""Dropping a data index without holding SQLite's write lock for long.

``DROP TABLE`` on a text index's FTS table frees every page of it (a
gigabyte at a million tasks) in one transaction: 12.5 s on a quiet
machine, 14 to 18 s on a busy one, and every annotator's save waited. So
the request only retires the index (``retire_sqlite_index``: record,
triggers and view gone, the table renamed) and queues a job,
``datamanager.drop_index``, that empties the renamed table's shadow
tables in transactions of about ``BATCH_SECONDS`` and then drops what is
left, which is nearly nothing.

The rows left in the table are the job's whole state, so a rerun simply
goes on. A renamed table whose job failed, was cancelled or went with its
project is found by its name (``DROPPED_MARK``) and emptied by the next
drop's job. PostgreSQL drops its index concurrently in the request, and a
SQLite value index is dropped there too: ``DROP INDEX`` took 0.05 to 0.2 s.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from labelcore.datamanager.indexes import (
    DROPPED_MARK,
    drop_index_objects,
    retire_sqlite_index,
)
from labelcore.jobs import enqueue, job_kind
from labelcore.models import Job, Project, TaskDataIndex, db
from labelcore.permissions.roles import UNFILTERED

log = logging.getLogger(__name__)

JOB_KIND = "datamanager.drop_index"

BATCH_SECONDS = 0.1
"""How long one batch of deletions should hold the write lock."""
FIRST_BATCH = 200
"""A row of ``_data`` is a page of the index (about 4 KB): 1,000 of them
took 350 ms to delete at a million tasks, 200 take about 70 ms."""
SMALLEST_BATCH = 50
LARGEST_BATCH = 200_000
PAUSE_SECONDS = 0.01
"""Between two batches the job waits this long, so that the writers that
queued meanwhile take their turns first."""

COUNTED_AT_ONCE = 20_000
"""Counting the ``_data`` rows reads a page for each: 640 ms at a million
tasks in one transaction, so they are counted this many at a time."""

KEPT_DATA_ROWS = 10
"""FTS5 reads its structure record (``_data`` row 10) to drop the table,
and cannot drop it without; rows up to 10 are FTS5's own records, not
pages of the index."""


def _shadow_deletes(table: str) -> list[str]:
    """One batch of ``?`` rows from each shadow table, biggest first;
    ``_config`` (a few rows) goes with the table."""
    return [
        f'DELETE FROM "{table}_data" WHERE id IN (SELECT id FROM "{table}_data" '
        f"WHERE id > {KEPT_DATA_ROWS} ORDER BY id LIMIT ?)",
        f'DELETE FROM "{table}_docsize" WHERE id IN '
        f'(SELECT id FROM "{table}_docsize" ORDER BY id LIMIT ?)',
        f'DELETE FROM "{table}_idx" WHERE (segid, term) IN '
        f'(SELECT segid, term FROM "{table}_idx" LIMIT ?)',
    ]


# -- the request's side --------------------------------------------------------


def drop_data_index(record: TaskDataIndex, user_id: int | None = None) -> Job | None:
    """Remove the index and its record; commits. A SQLite text index stops
    being used and kept current at once, and its table is emptied by the
    job returned."""
    name = record.index_name
    if db.engine.dialect.name == "postgresql" or record.kind != "text":
        db.session.delete(record)
        drop_index_objects(name)
        return None

    project = db.session.get(Project, record.project_id)
    db.session.delete(record)
    renamed = retire_sqlite_index(db.session.connection(), name)
    if renamed is None:
        db.session.commit()
        return None
    log.info("Project %s: index %s retired as %s", project.id, name, renamed)
    # enqueue commits the retirement and the job's record together.
    return enqueue(
        JOB_KIND,
        {"table": renamed},
        organization_id=project.organization_id,
        project_id=project.id,
        user_id=user_id,
    )


# -- the job -------------------------------------------------------------------


@job_kind(JOB_KIND)
def run_index_drop(context) -> dict[str, Any]:
    """Empty and drop the table ``params["table"]``, then any other retired
    table that no queued or running drop looks after."""
    own = context.params["table"]
    tables = [own, *(name for name in _orphans() if name != own)]
    db.session.commit()
    done = context.job.progress_done or 0
    total = done + sum(_rows_left(table) for table in tables)
    context.progress(done, total)

    started = time.monotonic()
    for table in tables:
        done = drain_retired_table(table, done, context.progress)
    log.info(
        "Dropped %s (%s rows) in %.1f s",
        ", ".join(tables),
        done,
        time.monotonic() - started,
    )
    return {"dropped": tables, "rows": done}


def drain_retired_table(
    table: str, done: int = 0, committed: Callable[[int], None] | None = None
) -> int:
    """Empty the retired FTS table ``table`` batch by batch, then drop it;
    the rows deleted so far. ``committed(done)`` ends each batch's
    transaction (a job records its progress there); without it the batch
    is committed alone."""
    commit = committed or (lambda _done: db.session.commit())
    if not _exists(table):
        return done
    for delete in _shadow_deletes(table):
        size = FIRST_BATCH
        while True:
            began = time.monotonic()
            rows = db.session.connection().exec_driver_sql(delete, (size,)).rowcount
            done += rows
            commit(done)
            if rows < size:
                break
            size = _next_size(size, rows, time.monotonic() - began)
            between_batches()
    db.session.connection().exec_driver_sql(f'DROP TABLE IF EXISTS "{table}"')
    commit(done)
    return done


def _next_size(size: int, rows: int, seconds: float) -> int:
    """The batch that should take about ``BATCH_SECONDS`` at the last one's pace."""
    if seconds <= 0:
        return size
    wanted = int(rows * BATCH_SECONDS / seconds)
    return max(SMALLEST_BATCH, min(LARGEST_BATCH, wanted, size * 2))


def between_batches() -> None:
    """Let the writers that queued during the batch go first."""
    time.sleep(PAUSE_SECONDS)


def _exists(table: str) -> bool:
    found = db.session.connection().exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    )
    exists = found.scalar() is not None
    db.session.commit()
    return exists


def _rows_left(table: str) -> int:
    if not _exists(table):
        return 0
    rows = _data_rows_left(table)
    for shadow in ("docsize", "idx"):
        counted = db.session.connection().exec_driver_sql(
            f'SELECT count(*) FROM "{table}_{shadow}"'
        )
        rows += counted.scalar()
        db.session.commit()
    return rows


def _data_rows_left(table: str) -> int:
    rows, after = 0, KEPT_DATA_ROWS
    while True:
        counted, last = (
            db.session.connection()
            .exec_driver_sql(
                f'SELECT count(*), max(id) FROM (SELECT id FROM "{table}_data" '
                f"WHERE id > ? ORDER BY id LIMIT ?)",
                (after, COUNTED_AT_ONCE),
            )
            .one()
        )
        db.session.commit()
        rows += counted
        if counted < COUNTED_AT_ONCE:
            return rows
        after = last


def _orphans() -> list[str]:
    """Retired tables that no queued or running drop job will empty."""
    pattern = "ix\\_task\\_dm\\_%" + DROPPED_MARK.replace("_", "\\_") + "%"
    retired = db.session.connection().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? "
        "ESCAPE '\\' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        (pattern,),
    )
    names = list(retired.scalars())
    looked_after = {
        params.get("table")
        for params in db.session.execute(
            sa.select(Job.params).where(
                Job.kind == JOB_KIND, Job.state.in_(("queued", "running"))
            ),
            execution_options=UNFILTERED,
        ).scalars()
    }
    return [name for name in names if name not in looked_after]
