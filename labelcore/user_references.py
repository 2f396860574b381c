"""Every column in the database that points at a user.

The models of the core and of every loaded plugin share one SQLAlchemy
metadata, so their foreign keys to ``user`` are read from it. A table the
database has but no loaded model describes (a plugin installed once and
now left out) is reflected from the database instead: its rows still
point at users, and a ``CASCADE`` or ``SET NULL`` would otherwise take
them with a deleted user. A model whose table the database lacks (a
plugin imported in this process but not migrated here) is passed over.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from labelcore.models import User, db

USER_TABLE = User.__table__.name


@dataclass(frozen=True)
class UserReference:
    """One foreign-key column to ``user``, and the unique keys it is part of."""

    table: sa.Table
    column: str
    unique_keys: tuple[tuple[str, ...], ...]
    """Each unique constraint, unique index or primary key of ``table`` that
    includes ``column``, as its column names."""

    @property
    def kind(self) -> str:
        """How summaries name it: ``annotation.completed_by_id``."""
        return f"{self.table.name}.{self.column}"


def user_references(connection: sa.Connection) -> list[UserReference]:
    """The foreign keys to ``user`` of every table the database has, sorted
    by table and column name."""
    present = set(sa.inspect(connection).get_table_names())
    described = [
        table for table in db.metadata.tables.values() if table.name in present
    ]
    tables = described + _reflected(connection, present - {t.name for t in described})

    references = [
        UserReference(table, key.parent.name, _unique_keys(table, key.parent.name))
        for table in tables
        for key in table.foreign_keys
        if key.column.table.name == USER_TABLE
    ]
    return sorted(references, key=lambda reference: reference.kind)


def _reflected(connection: sa.Connection, names: set[str]) -> list[sa.Table]:
    inspector = sa.inspect(connection)
    metadata = sa.MetaData()
    found = []
    for name in sorted(names):
        keys = inspector.get_foreign_keys(name)
        if any(key["referred_table"] == USER_TABLE for key in keys):
            found.append(sa.Table(name, metadata, autoload_with=connection))
    return found


def _unique_keys(table: sa.Table, column: str) -> tuple[tuple[str, ...], ...]:
    keys = [
        tuple(part.name for part in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, (sa.UniqueConstraint, sa.PrimaryKeyConstraint))
    ]
    keys += [
        tuple(part.name for part in index.columns)
        for index in table.indexes
        if index.unique
    ]
    return tuple(sorted({key for key in keys if column in key}))
