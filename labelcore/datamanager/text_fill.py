"""Filling a SQLite text index in short transactions, while tasks change.

FTS5's ``rebuild`` reads every task of the project in one transaction: a
million tasks hold SQLite's write lock for minutes, and every annotator's
write waits. Here the FTS table is filled in id order, a batch of tasks per
transaction, and writers get their turn between batches.

Which rows the table holds is one rule that the fill and the triggers
share: a task is indexed when its id is at most ``filled`` (the fill's
position, in the small table ``<index>_fill`` that the triggers read) or
above ``ceiling`` (the project's highest task id when the fill began). The
triggers keep those rows current and leave the others alone; the fill reads
the others as they are when it gets to them, and moves ``filled`` in the
same transaction. So a task written during the build, before or after the
fill passed it, is indexed exactly once. Once ``filled`` reaches
``ceiling`` the triggers are replaced by the plain ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from labelcore.datamanager.data_keys import value_sql
from labelcore.datamanager.indexes import (
    TRIGGERS,
    sqlite_drops,
    sqlite_text_tables,
    sqlite_text_triggers,
)


@dataclass
class FillPosition:
    filled: int
    """Tasks up to this id are in the table."""
    ceiling: int
    """The project's highest task id when the fill began; later ones are
    indexed by the triggers."""


class TextIndexFill:
    """The statements of one text index's fill; each method runs inside the
    caller's transaction on ``connection``, which the caller commits."""

    def __init__(self, name: str, project_id: int, key: str):
        self.name = name
        self.project_id = int(project_id)
        self.key = key
        self.state = f"{name}_fill"

    def position(self, connection: sa.Connection) -> FillPosition | None:
        """Where an earlier run of the fill stopped, or ``None``."""
        started = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
            (self.state,),
        ).scalar()
        if not started:
            return None
        filled, ceiling = connection.exec_driver_sql(
            f'SELECT filled, ceiling FROM "{self.state}"'
        ).one()
        return FillPosition(filled, ceiling)

    def start(self, connection: sa.Connection) -> FillPosition:
        """Make the empty table and the triggers that guard what it holds,
        after removing what a build that failed may have left."""
        ceiling = connection.exec_driver_sql(
            "SELECT coalesce(max(id), 0) FROM task WHERE project_id = ?",
            (self.project_id,),
        ).scalar()
        for statement in sqlite_drops(self.name):
            connection.exec_driver_sql(statement)
        for statement in sqlite_text_tables(self.name, self.project_id, self.key):
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(
            f'CREATE TABLE "{self.state}" '
            f"(filled INTEGER NOT NULL, ceiling INTEGER NOT NULL)"
        )
        connection.exec_driver_sql(
            f'INSERT INTO "{self.state}" (filled, ceiling) VALUES (0, ?)', (ceiling,)
        )
        state = self.state

        def indexed(row: str) -> str:
            return (
                f"{row}.id > {int(ceiling)} "
                f'OR {row}.id <= (SELECT filled FROM "{state}")'
            )

        for statement in sqlite_text_triggers(
            self.name, self.project_id, self.key, indexed
        ):
            connection.exec_driver_sql(statement)
        return FillPosition(0, ceiling)

    def count(self, connection: sa.Connection, low: int, high: int) -> int:
        """The project's tasks with ``low < id <= high``."""
        return connection.exec_driver_sql(
            "SELECT count(*) FROM task WHERE project_id = ? AND id > ? AND id <= ?",
            (self.project_id, low, high),
        ).scalar()

    def fill_batch(
        self, connection: sa.Connection, size: int
    ) -> tuple[FillPosition, int]:
        """Index the next ``size`` tasks; the new position and how many.

        The position is read in the batch's own transaction, so that two
        runners of one build (one presumed dead and still going) share the
        work instead of indexing a task twice."""
        position = self.position(connection)
        rows, last = connection.exec_driver_sql(
            "SELECT count(*), max(id) FROM (SELECT id FROM task "
            "WHERE project_id = ? AND id > ? AND id <= ? ORDER BY id LIMIT ?)",
            (self.project_id, position.filled, position.ceiling, size),
        ).one()
        upper = position.ceiling if rows < size else last
        connection.exec_driver_sql(
            f'INSERT INTO "{self.name}"(rowid, value) '
            f"SELECT id, {value_sql(self.key, 'sqlite')} FROM task "
            f"WHERE project_id = ? AND id > ? AND id <= ?",
            (self.project_id, position.filled, upper),
        )
        connection.exec_driver_sql(f'UPDATE "{self.state}" SET filled = ?', (upper,))
        return FillPosition(upper, position.ceiling), rows

    def finish(self, connection: sa.Connection) -> None:
        """Every task is in: the plain triggers take over from the guarded ones."""
        for suffix in TRIGGERS:
            connection.exec_driver_sql(f'DROP TRIGGER "{self.name}_{suffix}"')
        for statement in sqlite_text_triggers(self.name, self.project_id, self.key):
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(f'DROP TABLE "{self.state}"')

    def discard(self, connection: sa.Connection) -> None:
        for statement in sqlite_drops(self.name):
            connection.exec_driver_sql(statement)
