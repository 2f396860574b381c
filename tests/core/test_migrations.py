"""The Alembic revisions of the core and the plugins, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from labelcore.models import db
from labelcore.schema import (
    current_revisions,
    downgrade,
    heads,
    schema_state,
    upgrade,
)

pytestmark = pytest.mark.postgres

CORE_TABLES = {
    "organization",
    "user",
    "api_token",
    "project",
    "task",
    "annotation",
    "prediction",
    "task_event",
    "job",
}


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def model_tables() -> set[str]:
    return set(db.metadata.tables)


def test_upgrade_to_heads_creates_every_table_of_the_models(make_app):
    app = make_app(create_schema=False)

    with app.app_context():
        assert schema_state(app) == "empty"
        upgrade(app, "heads")

        assert current_revisions(app) == heads(app)
        assert schema_state(app) == "current"
        assert table_names() >= CORE_TABLES
        assert table_names() == model_tables()


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(make_app):
    app = make_app(create_schema=False)

    with app.app_context():
        upgrade(app, "heads")
        downgrade(app, "base")

        assert table_names() == set()
        assert current_revisions(app) == set()
        assert schema_state(app) == "empty"

        upgrade(app, "heads")
        assert table_names() == model_tables()
        assert schema_state(app) == "current"


def test_models_and_migrations_agree(make_app):
    app = make_app(create_schema=False)

    with app.app_context():
        upgrade(app, "heads")
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": connection.dialect.name == "sqlite",
                },
            )
            differences = compare_metadata(context, db.metadata)

    assert differences == [], (
        "The models and the migrations disagree; generate a revision for: "
        f"{differences}"
    )
