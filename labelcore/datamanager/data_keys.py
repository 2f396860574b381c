"""SQL for one key of a task's ``data``, the same text in queries and indexes.

An expression index is used only when the query spells the expression the
way the index does, so every ``data.<key>`` expression is built here, with
the JSON path as a literal (a bound parameter would not match the index).
Keys are checked first, which makes the literal safe to embed.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

SAFE_KEY = re.compile(r"[^\"'\\%\x00-\x1f]{1,200}")


class DataKeyInvalid(ValueError):
    """A ``data.<key>`` that cannot be turned into a JSON path safely."""


def check_key(key: str) -> str:
    if not isinstance(key, str) or not SAFE_KEY.fullmatch(key) or key.strip(".") != key:
        raise DataKeyInvalid(
            f"The data key {key!r} cannot be filtered or sorted on: a key must be "
            f"1 to 200 characters without quotes, backslashes, percent signs or "
            f"control characters, and must not start or end with a dot."
        )
    return key


def _paths(key: str) -> list[list[str]]:
    """The literal key first, then the dotted path, as ``$a.b`` resolves."""
    parts = key.split(".")
    return [[key], parts] if len(parts) > 1 else [[key]]


def _sqlite_path(parts: list[str]) -> str:
    return "'$" + "".join(f'."{part}"' for part in parts) + "'"


def _postgres_path(parts: list[str], as_text: bool) -> str:
    column = "task.data"
    if len(parts) == 1:
        return f"{column} {'->>' if as_text else '->'} '{parts[0]}'"
    return f"{column} {'#>>' if as_text else '#>'} '{{{','.join(parts)}}}'"


def value_sql(key: str, dialect: str, *, as_text: bool = False) -> str:
    """The expression's SQL text: JSON extraction on SQLite; on PostgreSQL a
    ``jsonb`` value (``as_text``: its text) of the task's data."""
    check_key(key)
    if dialect == "postgresql":
        parts = [_postgres_path(path, as_text) for path in _paths(key)]
    else:
        parts = [
            f"json_extract(task.data, {_sqlite_path(path)})" for path in _paths(key)
        ]
    return parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"


def value_expression(key: str, dialect: str, *, as_text: bool = False):
    """``value_sql`` as a SQLAlchemy expression over the ``task`` table."""
    sql = value_sql(key, dialect, as_text=as_text)
    if dialect == "postgresql" and not as_text:
        return sa.literal_column(f"({sql})", type_=postgresql.JSONB())
    return sa.literal_column(f"({sql})")


def index_sql(key: str, dialect: str, *, as_text: bool = False) -> str:
    """The same expression as an index definition writes it (no table name)."""
    return value_sql(key, dialect, as_text=as_text).replace("task.data", "data")


def json_type_sql(key: str) -> str:
    """PostgreSQL: the ``jsonb_typeof`` of the key's value."""
    return f"jsonb_typeof({value_sql(key, 'postgresql')})"
