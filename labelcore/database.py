"""Engine options, SQLite tuning and the schema's state at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

import orjson
import sqlalchemy as sa
from flask import Flask, g, has_request_context, request

from labelcore.models import Project, User, db

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
    if g.get("labelcore_checking"):
        # Authentication and permission checks only read.
        return False
    if g.get("labelcore_write"):
        return True
    return request.method not in SAFE_METHODS


def install_sqlite_tuning(app: Flask) -> None:
    """WAL, a busy timeout, and writers that wait in line for their turn.

    A deferred transaction that reads and then writes fails at once with
    "database is locked" when another writer got in between; writers start
    with BEGIN IMMEDIATE instead, in the line ``labelcore.sqlite_writer``
    keeps. A writing request authenticates and checks permissions in a
    read transaction first and becomes a writer as its view starts.
    """
    from labelcore import sqlite_writer

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

    app.extensions["labelcore_sqlite_writer"] = sqlite_writer.install(
        engine, _wants_write
    )

    @app.before_request
    def _read_while_checking():
        view = app.view_functions.get(request.endpoint or "")
        if getattr(view, "labelcore_writes", False):
            mark_write()
        g.labelcore_checking = True


def begin_views_as_writers(app: Flask) -> None:
    """On SQLite, make a writing request a writer as its view starts.

    Call it once every other app-wide ``before_request`` function is
    registered (authentication, permissions): this one must run last.
    """
    queue = app.extensions.get("labelcore_sqlite_writer")
    if queue is None:
        return

    from labelcore import sqlite_writer

    @app.before_request
    def _begin_writing():
        g.labelcore_checking = False
        if not _wants_write() or not db.session().in_transaction():
            # The view's first statement begins as a writer, or a reader.
            return
        for row in list(db.session.identity_map.values()):
            # Rows a view may change are read again inside the write
            # transaction; the caller and the project stay as checked.
            if not isinstance(row, (User, Project)):
                db.session.expire(row)
        sqlite_writer.upgrade_to_writer(db.session.connection(), queue)
