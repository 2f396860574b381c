"""The database schema's revisions: core and plugins, applied together."""

from __future__ import annotations

import logging
from pathlib import Path

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
    with db.engine.begin() as connection:
        config = alembic_config(connection, _plugin_folders(app))
        command.upgrade(config, revision)
    log.info("Database upgraded to %s", revision)


def downgrade(app, revision: str) -> None:
    with db.engine.begin() as connection:
        config = alembic_config(connection, _plugin_folders(app))
        command.downgrade(config, revision)
    log.info("Database downgraded to %s", revision)


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
