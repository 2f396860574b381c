"""The database schema's revisions: core and plugins, applied together."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from labelcore.database import migrations_directory
from labelcore.models import db

log = logging.getLogger(__name__)


class SchemaOutdated(RuntimeError):
    """The database is older than this code; ``labelcore db upgrade`` fixes it."""


def alembic_config(connection=None, plugin_folders=()) -> Config:
    directory = migrations_directory()
    config = Config()
    config.set_main_option("script_location", str(directory))
    locations = [str(directory / "versions"), *map(str, plugin_folders)]
    config.set_main_option("version_locations", " ".join(locations))
    config.set_main_option("path_separator", "space")
    config.attributes["connection"] = connection
    return config


def _plugin_folders(app) -> list[Path]:
    state = app.extensions["labelcore"]
    return [Path(folder) for folder in state.plugins.migration_folders]


def heads(app) -> set[str]:
    config = alembic_config(plugin_folders=_plugin_folders(app))
    return set(ScriptDirectory.from_config(config).get_heads())


def current_revisions(app) -> set[str]:
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def schema_state(app) -> str:
    """``"empty"``, ``"current"`` or ``"outdated"``."""
    current = current_revisions(app)
    if not current:
        return "empty"
    return "current" if current == heads(app) else "outdated"


def upgrade(app, revision: str = "heads") -> None:
    with _migrating() as connection:
        config = alembic_config(connection, _plugin_folders(app))
        command.upgrade(config, revision)
    log.info("Database upgraded to %s", revision)


def downgrade(app, revision: str) -> None:
    with _migrating() as connection:
        config = alembic_config(connection, _plugin_folders(app))
        command.downgrade(config, revision)
    log.info("Database downgraded to %s", revision)


class ForeignKeysBroken(RuntimeError):
    """A migration left rows that point at nothing; it was rolled back."""


@contextmanager
def _migrating() -> Iterator[Any]:
    """A transaction for migrations; on SQLite with foreign keys off.

    SQLite changes a table's columns by copying it into a new table and
    dropping the old one, and with foreign keys on, dropping a table
    deletes its rows first, and ON DELETE CASCADE takes every row that
    points at them along: altering ``project`` that way emptied ``task``.
    The pragma only takes effect outside a transaction, so it is set on the
    connection before the migration begins; the keys are checked before
    the commit instead.
    """
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise ForeignKeysBroken(
            f"The migration left {len(broken)} rows in {', '.join(tables)} that "
            f"point at rows that do not exist, so it was rolled back. Report "
            f"this with the revision you upgraded to."
        )


def ensure_schema(app) -> None:
    """Create the schema on an empty database; refuse an outdated one."""
    state = schema_state(app)
    if state == "empty":
        log.info("Empty database: creating the schema")
        upgrade(app)
    elif state == "outdated":
        raise SchemaOutdated(
            "The database schema is older than this version of LabelCore. "
            "Back it up, then run `labelcore db upgrade` and start again."
        )
