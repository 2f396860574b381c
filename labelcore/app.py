"""``create_app()``: settings, database, plugins, API and web UI, in that order."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from labelcore.settings import Settings, read_or_create_secret

log = logging.getLogger(__name__)


@dataclass
class AppState:
    """What the core keeps per app, at ``app.extensions["labelcore"]``."""

    settings: Settings
    plugins: Any
    compiler: Any
    workflow: Any
    job_runner: Any = None
    media_schemes: tuple[str, ...] = ()
    """``s3://``-style prefixes of task data that installed storages resolve."""


def create_app(
    settings: Settings | None = None,
    *,
    plugins: Iterable[Any] = (),
    create_schema: bool = True,
) -> Flask:
    """Build a LabelCore app.

    ``settings`` default to the ``LABELCORE_*`` environment; ``plugins`` are
    plugin objects registered in addition to the entry-point ones (tests pass
    theirs here with autoload disabled). With ``create_schema`` an empty
    database gets the schema and an outdated one stops the start with the
    command that upgrades it.
    """
    from labelcore.config import ConfigCompiler
    from labelcore.json_responses import OrjsonProvider
    from labelcore.plugins import build_plugin_set
    from labelcore.workflow import WorkflowEngine

    settings = settings or Settings.from_env()
    _configure_logging(settings)
    settings.data_path.mkdir(parents=True, exist_ok=True)

    app = Flask("labelcore", static_folder=None)
    app.json = OrjsonProvider(app)
    app.url_map.strict_slashes = False
    app.config.update(
        SECRET_KEY=settings.secret_key
        or read_or_create_secret(settings.data_path / "secret_key"),
        SQLALCHEMY_DATABASE_URI=settings.sqlalchemy_url,
        SQLALCHEMY_ENGINE_OPTIONS=_engine_options(settings),
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        SESSION_COOKIE_NAME="labelcore_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )

    plugin_set = build_plugin_set(settings, plugins)
    state = AppState(
        settings=settings,
        plugins=plugin_set,
        compiler=ConfigCompiler(plugin_set.tag_types),
        workflow=WorkflowEngine(plugin_set.workflows, plugin_set.hook),
        media_schemes=tuple(
            f"{scheme}://"
            for storage in plugin_set.storage_types.values()
            for scheme in storage.url_schemes
        ),
    )
    app.extensions["labelcore"] = state

    _init_database(app, settings, create_schema)
    _init_jobs(app, state)
    _init_http(app, plugin_set)

    with app.app_context():
        from labelcore.accounts import ensure_admin

        if create_schema:
            ensure_admin(settings)

    log.info("LabelCore app ready (%s)", _describe_database(settings))
    return app


def _engine_options(settings: Settings) -> dict:
    from labelcore.database import engine_options

    return engine_options(settings)


def _init_database(app: Flask, settings: Settings, create_schema: bool) -> None:
    from flask_migrate import Migrate

    from labelcore.database import install_sqlite_tuning, migrations_directory
    from labelcore.models import db
    from labelcore.schema import ensure_schema

    db.init_app(app)
    Migrate(app, db, directory=str(migrations_directory()))
    with app.app_context():
        if settings.is_sqlite:
            install_sqlite_tuning(app)
        if create_schema:
            ensure_schema(app)


def _init_jobs(app: Flask, state: AppState) -> None:
    # Importing the modules that define job kinds registers them.
    import labelcore.exports
    import labelcore.imports  # noqa: F401
    from labelcore.jobs.dispatch import build_runner

    state.job_runner = build_runner(app, state.settings)


def _init_http(app: Flask, plugin_set) -> None:
    from labelcore import security
    from labelcore.api import register_api
    from labelcore.auth import register_auth
    from labelcore.database import begin_views_as_writers
    from labelcore.uploads import blp as uploads
    from labelcore.web import register_web

    register_auth(app)
    security.register(app)
    begin_views_as_writers(app)
    register_api(app)
    app.register_blueprint(uploads)
    for blueprint in plugin_set.blueprints.values():
        app.register_blueprint(blueprint)
    register_web(app)


def _configure_logging(settings: Settings) -> None:
    logger = logging.getLogger("labelcore")
    logger.setLevel(settings.log_level.upper())
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        logger.addHandler(handler)
        # A root handler set up later (waitress, RQ, a test runner) would
        # print every line twice.
        logger.propagate = False


def _describe_database(settings: Settings) -> str:
    if settings.is_sqlite:
        return f"SQLite at {settings.sqlalchemy_url.removeprefix('sqlite:///')}"
    return "PostgreSQL" if "postgresql" in settings.sqlalchemy_url else "database"
