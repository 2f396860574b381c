"""Indexes over the ``data`` keys a project marks, made while the server runs.

Which keys matter differs per project, so these indexes are created when a
manager marks a key, not by a migration: a ``value`` index is an
expression index (equality, ranges, sorting); a ``text`` index serves
``contains``, as an FTS5 table with the trigram tokenizer on SQLite (kept
current by triggers on ``task``) and a ``pg_trgm`` GIN index on PostgreSQL.
Every one is partial to its project and named in ``task_data_index``.
"""

from __future__ import annotations

import hashlib
import logging
import time

import sqlalchemy as sa

from labelcore.datamanager.data_keys import check_key, index_sql, value_sql
from labelcore.models import DATA_INDEX_KINDS, TaskDataIndex, db

log = logging.getLogger(__name__)


class DataIndexRefused(RuntimeError):
    """The database could not make the index (such as pg_trgm missing)."""


def index_name(project_id: int, key: str, kind: str) -> str:
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return f"ix_task_dm_{int(project_id)}_{kind}_{digest}"


def _check_kind(kind: str) -> str:
    if kind not in DATA_INDEX_KINDS:
        raise ValueError(
            f"An index kind must be one of {', '.join(DATA_INDEX_KINDS)}, got {kind!r}."
        )
    return kind


def _sqlite_statements(name: str, project_id: int, key: str, kind: str) -> list[str]:
    scope = f"project_id = {int(project_id)}"
    if kind == "value":
        return [
            f'CREATE INDEX "{name}" ON task ({index_sql(key, "sqlite")}, id) '
            f"WHERE {scope}"
        ]

    value = value_sql(key, "sqlite")
    new_value = value.replace("task.data", "new.data")
    old_value = value.replace("task.data", "old.data")
    delete_old = (
        f'INSERT INTO "{name}"("{name}", rowid, value) '
        f"VALUES ('delete', old.id, {old_value});"
    )
    insert_new = f'INSERT INTO "{name}"(rowid, value) VALUES (new.id, {new_value});'
    return [
        f'CREATE VIEW "{name}_source" AS SELECT id, {value} AS value '
        f"FROM task WHERE {scope}",
        f'CREATE VIRTUAL TABLE "{name}" USING fts5(value, '
        f"content='{name}_source', content_rowid='id', tokenize='trigram')",
        f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')',
        f'CREATE TRIGGER "{name}_insert" AFTER INSERT ON task '
        f"WHEN new.project_id = {int(project_id)} BEGIN {insert_new} END",
        f'CREATE TRIGGER "{name}_delete" AFTER DELETE ON task '
        f"WHEN old.project_id = {int(project_id)} BEGIN {delete_old} END",
        f'CREATE TRIGGER "{name}_update" AFTER UPDATE OF data ON task '
        f"WHEN old.project_id = {int(project_id)} BEGIN {delete_old} {insert_new} END",
    ]


def _postgres_statistics(name: str, expressions: list[str]) -> list[str]:
    """Statistics on the key's expressions, for the planner's estimates.

    PostgreSQL keeps none for the expressions of a partial index, so it
    guessed 0.5 % of the tasks for any value of a key and a handful for a
    ``contains``, and sorted every match of a common word (0.3 s at 100,000
    tasks) where walking the id index finds a page at once. Extended
    statistics on expressions need PostgreSQL 14.
    """
    version = db.engine.dialect.server_version_info or (0,)
    if version < (14,):
        return []
    listed = ", ".join(f"({expression})" for expression in expressions)
    return [f'CREATE STATISTICS IF NOT EXISTS "{name}_stats" ON {listed} FROM task']


def _postgres_statements(name: str, project_id: int, key: str, kind: str) -> list:
    scope = f"project_id = {int(project_id)}"
    if kind == "value":
        expression = index_sql(key, "postgresql")
        # A range filter also tests the value's type (filters._DataValue).
        type_of = f"jsonb_typeof({expression})"
        return [
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON task '
            f"(({expression}), id) WHERE {scope}",
            *_postgres_statistics(name, [expression, type_of]),
        ]
    expression = index_sql(key, "postgresql", as_text=True)
    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON task USING gin '
        f"(({expression}) gin_trgm_ops) WHERE {scope}",
        *_postgres_statistics(name, [expression]),
    ]


def _run_postgres(statements: list[str]) -> None:
    # CONCURRENTLY keeps the task table writable while the index builds; it
    # cannot run inside a transaction.
    with db.engine.connect().execution_options(
        isolation_level="AUTOCOMMIT"
    ) as connection:
        for statement in statements:
            try:
                connection.exec_driver_sql(statement)
            except sa.exc.DBAPIError as error:
                raise DataIndexRefused(
                    f"PostgreSQL refused to make the index ({error.orig}). A "
                    f"'text' index needs the pg_trgm extension: install "
                    f"postgresql-contrib and run CREATE EXTENSION pg_trgm as a "
                    f"superuser."
                ) from None


def create_data_index(project, key: str, kind: str) -> TaskDataIndex:
    """Make (or find) the index of ``kind`` over ``data.<key>``; commits."""
    check_key(key)
    _check_kind(kind)
    existing = db.session.execute(
        sa.select(TaskDataIndex).where(
            TaskDataIndex.project_id == project.id,
            TaskDataIndex.key == key,
            TaskDataIndex.kind == kind,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing

    project_id = project.id
    name = index_name(project_id, key, kind)
    started = time.monotonic()
    if db.engine.dialect.name == "postgresql":
        # A concurrent build waits for every open transaction, this
        # request's too: end it, and touch no row until the build is done.
        db.session.commit()
        db.session.close()
        _run_postgres(_postgres_statements(name, project_id, key, kind))
    else:
        connection = db.session.connection()
        for statement in _sqlite_statements(name, project_id, key, kind):
            connection.exec_driver_sql(statement)

    _analyze()
    record = TaskDataIndex(project_id=project_id, key=key, kind=kind, index_name=name)
    db.session.add(record)
    db.session.commit()
    log.info(
        "Project %s: %s index on data.%s made in %.1f s",
        project_id,
        kind,
        key,
        time.monotonic() - started,
    )
    return record


def _analyze() -> None:
    """Fresh statistics, so that the planner knows how selective the new
    index is; without them SQLite guesses, and often guesses a scan. It
    reads each index once (about 1.5 s for a million tasks)."""
    if db.engine.dialect.name == "postgresql":
        _run_postgres(["ANALYZE task"])
    else:
        db.session.connection().exec_driver_sql("ANALYZE task")


def drop_data_index(record: TaskDataIndex) -> None:
    """Remove the index and its record; commits."""
    name = record.index_name
    if db.engine.dialect.name == "postgresql":
        db.session.delete(record)
        db.session.commit()
        db.session.close()
        _run_postgres(
            [
                f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"',
                f'DROP STATISTICS IF EXISTS "{name}_stats"',
            ]
        )
        return

    connection = db.session.connection()
    for suffix in ("insert", "update", "delete"):
        connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}_{suffix}"')
    connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
    connection.exec_driver_sql(f'DROP VIEW IF EXISTS "{name}_source"')
    connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{name}"')
    db.session.delete(record)
    db.session.commit()


def data_indexes(project) -> list[TaskDataIndex]:
    return list(
        db.session.execute(
            sa.select(TaskDataIndex)
            .where(TaskDataIndex.project_id == project.id)
            .order_by(TaskDataIndex.id)
        ).scalars()
    )


def index_payload(record: TaskDataIndex) -> dict:
    return {
        "id": record.id,
        "project": record.project_id,
        "key": record.key,
        "kind": record.kind,
        "index_name": record.index_name,
        "created_at": record.created_at.isoformat() + "Z",
    }
