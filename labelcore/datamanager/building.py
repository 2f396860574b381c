"""Building a data index in a job (``datamanager.build_index``).

A build reads every task of the project, which at a million tasks takes
minutes, so it never runs in the request: ``start_data_index`` records a
job (or finds the one already building that index) and the request
answers 202. The ``TaskDataIndex`` record is written in the transaction
that completes the index, so until then the query compiler knows of no
index and ``contains`` scans as it does without one; results are never
incomplete.

- SQLite, ``text``: the FTS table is filled in batches (see
  ``labelcore.datamanager.text_fill``), each a short write transaction
  committed with the job's checkpoint, sized to take about
  ``BATCH_SECONDS``; a rerun resumes from the last committed batch.
- SQLite, ``value``: one ``CREATE INDEX``, which SQLite cannot build in
  parts; the write lock is held for its length (with ``ANALYZE``, 3.5 to
  5 s at a million tasks).
- PostgreSQL: ``CREATE INDEX CONCURRENTLY``, which leaves the table
  writable; the job follows its progress and cancels it when asked.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import sqlalchemy as sa

from labelcore.datamanager.data_keys import check_key
from labelcore.datamanager.dropping import drain_retired_table
from labelcore.datamanager.indexes import (
    check_kind,
    drop_index_objects,
    find_data_index,
    index_name,
    index_payload,
    postgres_connection,
    postgres_statements,
    retire_sqlite_index,
    run_postgres,
    sqlite_value_index,
)
from labelcore.datamanager.text_fill import FillPosition, TextIndexFill
from labelcore.jobs import JobCancelled, JobLost, enqueue, job_kind
from labelcore.models import Job, Project, Task, TaskDataIndex, db
from labelcore.permissions.roles import UNFILTERED

log = logging.getLogger(__name__)

JOB_KIND = "datamanager.build_index"

BATCH_SECONDS = 0.1
"""How long one batch of a SQLite text fill should hold the write lock."""
FIRST_BATCH = 1000
SMALLEST_BATCH = 100
LARGEST_BATCH = 20_000
PAUSE_SECONDS = 0.01
"""Between two batches the fill waits this long, so that the writers that
queued meanwhile (annotators, imports) take their turns first."""

PROGRESS_SECONDS = 1.0
"""How often a PostgreSQL build's progress is read and recorded."""


# -- the request's side --------------------------------------------------------


def pending_builds(project_id: int) -> list[Job]:
    """The project's index builds that are queued or running, oldest first."""
    return list(
        db.session.execute(
            sa.select(Job)
            .where(
                Job.kind == JOB_KIND,
                Job.project_id == project_id,
                Job.state.in_(("queued", "running")),
            )
            .order_by(Job.id),
            execution_options=UNFILTERED,
        ).scalars()
    )


def _building(project_id: int, key: str, kind: str) -> Job | None:
    for job in pending_builds(project_id):
        if job.params.get("key") == key and job.params.get("kind") == kind:
            return job
    return None


def start_data_index(
    project: Project, key: str, kind: str, user_id: int | None = None
) -> TaskDataIndex | Job:
    """The index of ``kind`` over ``data.<key>`` if it is built; else the job
    building it, queued now unless one is queued or running already.

    Raises ``DataKeyInvalid`` or ``ValueError`` for a bad key or kind.
    """
    check_key(key)
    check_kind(kind)
    if db.engine.dialect.name == "postgresql":
        # Two requests at once must not both queue a build; on SQLite a
        # writing request holds the write lock, which serializes them.
        db.session.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtext(:name))"),
            {"name": index_name(project.id, key, kind)},
        )
    existing = find_data_index(project.id, key, kind)
    if existing is not None:
        return existing
    building = _building(project.id, key, kind)
    if building is not None:
        return building

    log.info("Project %s: %s index on data.%s queued", project.id, kind, key)
    return enqueue(
        JOB_KIND,
        {"key": key, "kind": kind},
        organization_id=project.organization_id,
        project_id=project.id,
        user_id=user_id,
        total=project.task_number or None,
    )


def building_payload(job: Job) -> dict[str, Any]:
    """An index that is being built, as the list of indexes shows it."""
    key, kind = job.params.get("key"), job.params.get("kind")
    return {
        "id": None,
        "project": job.project_id,
        "key": key,
        "kind": kind,
        "index_name": index_name(job.project_id, key, kind),
        "state": "building",
        "job": job.id,
        "progress": {"done": job.progress_done, "total": job.progress_total},
    }


# -- the job -------------------------------------------------------------------


@job_kind(JOB_KIND)
def run_index_build(context) -> dict[str, Any]:
    """Build the index ``params`` (``key``, ``kind``) names on the job's project."""
    key, kind = context.params["key"], context.params["kind"]
    project_id = context.job.project_id
    name = index_name(project_id, key, kind)
    record = find_data_index(project_id, key, kind)
    project = db.session.get(Project, project_id)
    # Outside a request every SQLite transaction holds the write lock.
    db.session.commit()
    if record is not None:
        return {"index": index_payload(record)}
    if project is None:
        raise LookupError(f"Project {project_id} no longer exists.")

    started = time.monotonic()
    try:
        if db.engine.dialect.name == "postgresql":
            _build_on_postgres(context, project_id, key, kind, name)
        elif kind == "text":
            _fill_on_sqlite(context, TextIndexFill(name, project_id, key))
        else:
            _index_on_sqlite(context, project_id, key, name)
    except JobLost:
        # The runner that took the job over goes on from the checkpoint.
        raise
    except Exception:
        # Failed or cancelled. A process that dies or is stopped leaves the
        # build as it is, for the rerun to resume.
        db.session.rollback()
        _discard(project_id, key, kind, name)
        raise

    record = find_data_index(project_id, key, kind)
    payload = index_payload(record)
    db.session.commit()
    log.info(
        "Project %s: %s index on data.%s built in %.1f s",
        project_id,
        kind,
        key,
        time.monotonic() - started,
    )
    return {"index": payload}


def _record(project_id: int, key: str, kind: str, name: str) -> None:
    db.session.add(
        TaskDataIndex(project_id=project_id, key=key, kind=kind, index_name=name)
    )


def _discard(project_id: int, key: str, kind: str, name: str) -> None:
    """Remove what a failed or cancelled build made, unless the index is
    complete after all (its record exists)."""
    try:
        if find_data_index(project_id, key, kind) is not None:
            db.session.commit()
            return
        if db.engine.dialect.name == "postgresql":
            drop_index_objects(name)
            return
        # A text index filled nearly to its end is as big as a built one:
        # dropped in one go, it would hold the write lock for seconds.
        retired = retire_sqlite_index(db.session.connection(), name)
        db.session.commit()
        if retired is not None:
            drain_retired_table(retired)
    except Exception as error:
        db.session.rollback()
        log.warning("Could not remove the half-built index %s: %s", name, error)


# -- SQLite --------------------------------------------------------------------


def _fill_on_sqlite(context, fill: TextIndexFill) -> None:
    connection = db.session.connection()
    position = fill.position(connection)
    if position is None:
        position = fill.start(connection)
    total = fill.count(connection, 0, position.ceiling)
    done = fill.count(connection, 0, position.filled)
    context.save_checkpoint(_checkpoint(position), done=done)
    context.progress(done, total)

    size = FIRST_BATCH
    while position.filled < position.ceiling:
        began = time.monotonic()
        connection = db.session.connection()
        position, rows = fill.fill_batch(connection, size)
        done += rows
        context.save_checkpoint(_checkpoint(position), done=done)
        size = _next_size(size, rows, time.monotonic() - began)
        between_batches(context)

    fill.finish(db.session.connection())
    _record(fill.project_id, fill.key, "text", fill.name)
    context.save_checkpoint({**_checkpoint(position), "finished": True}, done=done)


def _checkpoint(position: FillPosition) -> dict[str, int]:
    return {"filled": position.filled, "ceiling": position.ceiling}


def _next_size(size: int, rows: int, seconds: float) -> int:
    """The batch that should take about ``BATCH_SECONDS`` at the last one's pace."""
    if rows < size or seconds <= 0:
        return size
    wanted = int(rows * BATCH_SECONDS / seconds)
    return max(SMALLEST_BATCH, min(LARGEST_BATCH, wanted, size * 2))


def between_batches(context) -> None:
    """Let the writers that queued during the batch go first."""
    time.sleep(PAUSE_SECONDS)


def _index_on_sqlite(context, project_id: int, key: str, name: str) -> None:
    # One statement that cannot be split. The checkpoint commits in the same
    # transaction, which renews the job's lease: the heartbeat, a writer
    # too, waits for the lock meanwhile.
    connection = db.session.connection()
    connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{name}"')
    connection.exec_driver_sql(sqlite_value_index(name, project_id, key))
    # Fresh statistics, so that the planner knows how selective the new
    # index is; without them SQLite guesses, and often guesses a scan.
    connection.exec_driver_sql("ANALYZE task")
    _record(project_id, key, "value", name)
    context.save_checkpoint({"finished": True}, done=context.job.progress_total or 0)


# -- PostgreSQL ----------------------------------------------------------------


def _build_on_postgres(context, project_id: int, key: str, kind: str, name: str):
    statements = postgres_statements(name, project_id, key, kind)
    total = db.session.execute(
        sa.select(sa.func.count(Task.id)).where(Task.project_id == project_id)
    ).scalar()
    # A concurrent build waits for every open transaction, the job's own
    # session's too: this commit ends it, and the session touches no row
    # until the build is done.
    context.progress(0, total)

    with postgres_connection() as connection:
        run_postgres(connection, statements["before"])
        _drop_if_invalid(connection, name)
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with BuildProgress(context, pid, total):
            run_postgres(connection, [statements["index"]])
        run_postgres(connection, [*statements["after"], "ANALYZE task"])

    _record(project_id, key, kind, name)
    context.save_checkpoint({"finished": True}, done=total)


def _drop_if_invalid(connection: sa.Connection, name: str) -> None:
    """A concurrent build that was killed leaves an invalid index behind,
    which ``IF NOT EXISTS`` would take for the finished one."""
    invalid = connection.exec_driver_sql(
        "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname = %(name)s AND NOT i.indisvalid",
        {"name": name},
    ).scalar()
    if invalid:
        log.info("Dropping the invalid index %s a killed build left", name)
        run_postgres(connection, [f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"'])


class BuildProgress:
    """Reads a PostgreSQL index build's progress on a connection of its own
    while the build runs, records it in the job, and cancels the build when
    the job is cancelled."""

    def __init__(self, context, pid: int, total: int):
        self.context = context
        self.pid = pid
        self.total = total
        self.done = 0
        self.stopped = threading.Event()
        self.cancelled = False
        self.engine = db.engine
        self.thread = threading.Thread(
            target=self._watch,
            name=f"labelcore-job-{context.job_id}-index",
            daemon=True,
        )

    def __enter__(self) -> BuildProgress:
        self.thread.start()
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        if self.cancelled:
            raise JobCancelled(f"Job {self.context.job_id} was cancelled.")

    def _watch(self) -> None:
        while not self.stopped.wait(PROGRESS_SECONDS):
            try:
                with self.engine.begin() as connection:
                    self._look(connection)
            except Exception as error:
                log.debug("Job %s: no build progress: %s", self.context.job_id, error)

    def _look(self, connection: sa.Connection) -> None:
        state = connection.execute(
            sa.select(Job.state).where(Job.id == self.context.job_id)
        ).scalar()
        if state == "cancelled":
            self.cancelled = True
            connection.execute(
                sa.text("SELECT pg_cancel_backend(:pid)"), {"pid": self.pid}
            )
            self.stopped.set()
            return
        row = connection.execute(
            sa.text(
                "SELECT blocks_done, blocks_total FROM pg_stat_progress_create_index "
                "WHERE pid = :pid"
            ),
            {"pid": self.pid},
        ).first()
        if row is None or not row.blocks_total:
            return
        # The table is read more than once (build, then validation): the
        # bar only moves forward, and ends with the job.
        share = min(row.blocks_done / row.blocks_total, 1.0)
        self.done = max(self.done, int(self.total * share * 0.95))
        connection.execute(self.context.checkpoint_update(done=self.done))
