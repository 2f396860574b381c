"""The ``ml_backends`` plugin: backend types, their API, jobs and events.

Importing this module registers the job kinds (``ml_backends.predict``,
``ml_backends.train``) and attaches the transaction events that hand a
training job to the runner once the annotation that asked for it committed.
"""

from __future__ import annotations

from pathlib import Path

from labelcore import hookimpl
from labelcore.models import db
from labelcore_ml_backends import predicting, training
from labelcore_ml_backends.actions import ACTIONS
from labelcore_ml_backends.api import blp
from labelcore_ml_backends.page import page_blueprint
from labelcore_ml_backends.predictions_import import blp as predictions_import_blp
from labelcore_ml_backends.types import BACKEND_TYPES

LABELCORE_PLUGIN_NAME = "ml_backends"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

training.listen(db.session)


@hookimpl
def register_ml_backend_types():
    return list(BACKEND_TYPES)


@hookimpl
def register_blueprints():
    return [blp, predictions_import_blp, page_blueprint]


@hookimpl
def register_data_manager_actions():
    return list(ACTIONS)


@hookimpl
def register_migration_folders():
    return [str(MIGRATIONS)]


@hookimpl
def on_annotation_saved(annotation, created):
    training.annotation_saved(annotation, created)


@hookimpl
def on_import_finished(project, summary):
    predicting.import_finished(project, summary)
