"""Indexes over the ``data`` keys a project marks, made while the server runs.

Which keys matter differs per project, so these indexes are created when a
manager marks a key, not by a migration: a ``value`` index is an
expression index (equality, ranges, sorting); a ``text`` index serves
``contains``, as an FTS5 table with the trigram tokenizer on SQLite (kept
current by triggers on ``task``) and a ``pg_trgm`` GIN index on PostgreSQL.
Every one is partial to its project and named in ``task_data_index``.

This module holds the SQL; ``labelcore.datamanager.building`` builds them
in a job, and the record appears only once an index is complete;
``labelcore.datamanager.dropping`` drops them.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from labelcore.datamanager.data_keys import index_sql, value_sql
from labelcore.models import DATA_INDEX_KINDS, TaskDataIndex, db

TRIGGERS = ("insert", "update", "delete")


class DataIndexRefused(RuntimeError):
    """The database could not make the index (such as pg_trgm missing)."""


def index_name(project_id: int, key: str, kind: str) -> str:
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return f"ix_task_dm_{int(project_id)}_{kind}_{digest}"


def check_kind(kind: str) -> str:
    if kind not in DATA_INDEX_KINDS:
        raise ValueError(
            f"An index kind must be one of {', '.join(DATA_INDEX_KINDS)}, got {kind!r}."
        )
    return kind


# -- SQLite --------------------------------------------------------------------


def sqlite_value_index(name: str, project_id: int, key: str) -> str:
    return (
        f'CREATE INDEX "{name}" ON task ({index_sql(key, "sqlite")}, id) '
        f"WHERE project_id = {int(project_id)}"
    )


FTS_MERGING = {"automerge": 16, "crisismerge": 64}
"""FTS5 writes each transaction's rows as a new segment and merges segments
as they pile up, 4 at a time by default. Filled in short transactions (and
kept current one task at a time) the table merges 16 at a time instead:
300,000 package descriptions went in 1.8 times as fast, the slowest batch
took 83 ms instead of 479 ms, and lookups were as fast."""


def sqlite_text_tables(name: str, project_id: int, key: str) -> list[str]:
    """The FTS5 table, empty, over a view of the project's values of ``key``."""
    return [
        f'CREATE VIEW "{name}_source" AS SELECT id, {value_sql(key, "sqlite")} '
        f"AS value FROM task WHERE project_id = {int(project_id)}",
        f'CREATE VIRTUAL TABLE "{name}" USING fts5(value, '
        f"content='{name}_source', content_rowid='id', tokenize='trigram')",
        *(
            f'INSERT INTO "{name}"("{name}", rank) VALUES (\'{option}\', {value})'
            for option, value in FTS_MERGING.items()
        ),
    ]


def sqlite_text_triggers(
    name: str,
    project_id: int,
    key: str,
    indexed: Callable[[str], str] | None = None,
) -> list[str]:
    """The triggers that keep the FTS table current.

    ``indexed(row)`` is a condition on ``new`` or ``old`` (``row``) telling
    whether the table holds that row already: while the table is being
    filled the triggers touch only those, and the fill reads the rest as
    they are when it gets to them. Without it every row of the project is
    held (a complete index).
    """
    value = value_sql(key, "sqlite")
    new_value = value.replace("task.data", "new.data")
    old_value = value.replace("task.data", "old.data")
    delete_old = (
        f'INSERT INTO "{name}"("{name}", rowid, value) '
        f"VALUES ('delete', old.id, {old_value});"
    )
    insert_new = f'INSERT INTO "{name}"(rowid, value) VALUES (new.id, {new_value});'

    def when(row: str) -> str:
        scope = f"{row}.project_id = {int(project_id)}"
        if indexed is None:
            return scope
        return f"{scope} AND ({indexed(row)})"

    return [
        f'CREATE TRIGGER "{name}_insert" AFTER INSERT ON task '
        f"WHEN {when('new')} BEGIN {insert_new} END",
        f'CREATE TRIGGER "{name}_delete" AFTER DELETE ON task '
        f"WHEN {when('old')} BEGIN {delete_old} END",
        f'CREATE TRIGGER "{name}_update" AFTER UPDATE OF data ON task '
        f"WHEN {when('old')} BEGIN {delete_old} {insert_new} END",
    ]


DROPPED_MARK = "_dropped_"
"""In the name of a text index's FTS table that a drop renamed, emptying in
short transactions (``labelcore.datamanager.dropping``). The name keeps
the index's own as its beginning, so that whatever finds data-index
objects by their prefix (going below revision 0003) finds it too."""


def retire_sqlite_index(connection: sa.Connection, name: str) -> str | None:
    """Stop the index ``name`` being used and kept current, at once: its
    triggers, view, fill position and value index go, and its FTS table (if
    any) is renamed out of the way; the new name, or ``None``.

    Dropping a big FTS table frees each of its pages in one transaction
    (12.5 s at a million tasks), while renaming one is a change to the
    schema: FTS5 renames its shadow tables with it. The renamed table keeps
    nothing current and nothing reads it; a new index on the same key can
    be built meanwhile.
    """
    for statement in [
        *_sqlite_trigger_drops(name),
        *_sqlite_drops_beside_the_table(name),
    ]:
        connection.exec_driver_sql(statement)
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).scalar()
    if not exists:
        return None
    renamed = f"{name}{DROPPED_MARK}{secrets.token_hex(4)}"
    connection.exec_driver_sql(f'ALTER TABLE "{name}" RENAME TO "{renamed}"')
    return renamed


def sqlite_drops(name: str) -> list[str]:
    """Everything a SQLite data index (built or half-built) consists of."""
    return [
        *_sqlite_trigger_drops(name),
        f'DROP TABLE IF EXISTS "{name}"',
        *_sqlite_drops_beside_the_table(name),
    ]


def _sqlite_trigger_drops(name: str) -> list[str]:
    return [f'DROP TRIGGER IF EXISTS "{name}_{suffix}"' for suffix in TRIGGERS]


def _sqlite_drops_beside_the_table(name: str) -> list[str]:
    return [
        f'DROP TABLE IF EXISTS "{name}_fill"',
        f'DROP VIEW IF EXISTS "{name}_source"',
        f'DROP INDEX IF EXISTS "{name}"',
    ]


# -- PostgreSQL ----------------------------------------------------------------


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


def postgres_statements(name: str, project_id: int, key: str, kind: str) -> dict:
    """``before``, ``index`` (the CONCURRENTLY build) and ``after`` it."""
    scope = f"project_id = {int(project_id)}"
    if kind == "value":
        expression = index_sql(key, "postgresql")
        # A range filter also tests the value's type (filters._DataValue).
        type_of = f"jsonb_typeof({expression})"
        return {
            "before": [],
            "index": f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON task '
            f"(({expression}), id) WHERE {scope}",
            "after": _postgres_statistics(name, [expression, type_of]),
        }
    expression = index_sql(key, "postgresql", as_text=True)
    return {
        "before": ["CREATE EXTENSION IF NOT EXISTS pg_trgm"],
        "index": f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON task USING gin '
        f"(({expression}) gin_trgm_ops) WHERE {scope}",
        "after": _postgres_statistics(name, [expression]),
    }


def postgres_connection() -> sa.Connection:
    """A connection outside any transaction: CONCURRENTLY keeps the task
    table writable while an index builds, and cannot run inside one."""
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def run_postgres(connection: sa.Connection, statements: list[str]) -> None:
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


def postgres_drops(name: str) -> list[str]:
    return [
        f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"',
        f'DROP STATISTICS IF EXISTS "{name}_stats"',
    ]


# -- records -------------------------------------------------------------------


def find_data_index(project_id: int, key: str, kind: str) -> TaskDataIndex | None:
    return db.session.execute(
        sa.select(TaskDataIndex).where(
            TaskDataIndex.project_id == project_id,
            TaskDataIndex.key == key,
            TaskDataIndex.kind == kind,
        )
    ).scalar_one_or_none()


def drop_index_objects(name: str) -> None:
    """Drop what makes up the index ``name`` (with its triggers and tables on
    SQLite); commits the session."""
    if db.engine.dialect.name == "postgresql":
        # A concurrent drop waits for every open transaction, this one's too.
        db.session.commit()
        db.session.close()
        with postgres_connection() as connection:
            run_postgres(connection, postgres_drops(name))
        return
    connection = db.session.connection()
    for statement in sqlite_drops(name):
        connection.exec_driver_sql(statement)
    db.session.commit()


@contextmanager
def indexes_dropped_with(project_id: int) -> Iterator[None]:
    """Around a project's deletion: its data indexes go too, by name, since
    they are objects of their own (FTS tables, triggers on task, partial
    indexes) that the cascade from the project would leave behind, for a
    later project that takes its id to find. On SQLite they are dropped in
    the deletion's transaction and before it, so that deleting the tasks
    fires no trigger; on PostgreSQL concurrently once it has committed."""
    names = list(
        db.session.execute(
            sa.select(TaskDataIndex.index_name).where(
                TaskDataIndex.project_id == project_id
            )
        ).scalars()
    )
    postgres = db.engine.dialect.name == "postgresql"
    if not postgres:
        connection = db.session.connection()
        for name in names:
            for statement in sqlite_drops(name):
                connection.exec_driver_sql(statement)
    yield
    if postgres:
        for name in names:
            drop_index_objects(name)


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
        "state": "ready",
        "created_at": record.created_at.isoformat() + "Z",
    }
