"""The ``storages`` plugin: storage types, their API, jobs, events and command.

Importing this module registers the job kinds (``storages.sync``,
``storages.export``, ``storages.write_annotation``) and attaches the
transaction events that queue export writes after a commit.
"""

from __future__ import annotations

from pathlib import Path

from labelcore import hookimpl
from labelcore.models import db
from labelcore_storages import export, media, sync  # noqa: F401
from labelcore_storages.api import blp
from labelcore_storages.cli import secrets_command
from labelcore_storages.types import STORAGE_TYPES

LABELCORE_PLUGIN_NAME = "storages"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

export.listen(db.session)


@hookimpl
def register_storage_types():
    return list(STORAGE_TYPES)


@hookimpl
def register_blueprints():
    return [blp]


@hookimpl
def register_cli_commands():
    return [secrets_command]


@hookimpl
def register_migration_folders():
    return [str(MIGRATIONS)]


@hookimpl
def on_annotation_saved(annotation, created):
    export.annotation_saved(annotation)
