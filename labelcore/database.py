"""Engine options, SQLite tuning and the schema's state at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

import orjson
import sqlalchemy as sa
from flask import Flask, g, has_request_context, request

from labelcore.models import db

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def migrations_directory() -> Path:
    """The core's Alembic folder: beside the package in a checkout, inside it
    (``labelcore.migrations``) in an installed wheel."""
    if (MIGRATIONS / "env.py").exists():
        return MIGRATIONS
    from labelcore import migrations

    return Path(migrations.__file__).resolve().parent


def _json_dumps(value) -> str:
    return orjson.dumps(value).decode()


def engine_options(settings) -> dict:
    options = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if settings.is_sqlite:
        options["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        options.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
    return options


def writes_on_get(view):
    """Mark a GET view that writes (the next task takes a lock), so that on
    SQLite its transaction starts as a writer and never fails to upgrade."""
    view.labelcore_writes = True
    return view


def mark_write() -> None:
    g.labelcore_write = True


def _wants_write() -> bool:
    if not has_request_context():
        return True
    if g.get("labelcore_write"):
        return True
    return request.method not in SAFE_METHODS


def install_sqlite_tuning(app: Flask) -> None:
    """WAL, a busy timeout and immediate transactions for writers.

    A deferred transaction that reads and then writes fails at once with
    "database is locked" when another writer got in between; starting
    writers with BEGIN IMMEDIATE makes them wait their turn instead.
    """
    engine = db.engine

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(
            "BEGIN IMMEDIATE" if _wants_write() else "BEGIN DEFERRED"
        )

    @app.before_request
    def _flag_writing_views():
        view = app.view_functions.get(request.endpoint or "")
        if getattr(view, "labelcore_writes", False):
            mark_write()
