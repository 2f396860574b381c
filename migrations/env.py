"""Alembic environment for the core and every plugin's version folder."""

from alembic import context
from flask import current_app

from labelcore.models import db

config = context.config


def _render_item(type_, obj, autogen_context):
    # Keep generated revisions free of our JSON variant's repr.
    if type_ == "type" and obj.__class__.__name__ == "Variant":
        autogen_context.imports.add("from labelcore.models.base import JSON")
        return "JSON"
    return False


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        with current_app.extensions["migrate"].db.engine.connect() as connection:
            _configure_and_run(connection)
            connection.commit()
        return
    _configure_and_run(connection)


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=db.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
