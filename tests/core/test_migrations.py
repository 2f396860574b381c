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
from tests.support.credentials import ADMIN_TOKEN

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


def test_rows_survive_going_down_and_up_every_core_revision(make_app):
    """On SQLite a column change copies the table and drops the old one; with
    foreign keys on, the drop once emptied every table that points at it
    (ON DELETE CASCADE took the tasks with a migrated ``project``)."""
    app = make_app()
    client = app.test_client()
    headers = {"Authorization": f"Token {ADMIN_TOKEN}"}
    project = client.post(
        "/api/projects/",
        json={
            "title": "Kept",
            "label_config": '<View><Text name="text" value="$text"/>'
            '<Choices name="c" toName="text"><Choice value="a"/></Choices></View>',
        },
        headers=headers,
    ).json
    client.post(
        f"/api/projects/{project['id']}/import",
        json=[{"text": "one"}, {"text": "two"}, {"text": "three"}],
        headers=headers,
    )
    first = client.get(f"/api/projects/{project['id']}/next/", headers=headers).json
    client.post(
        f"/api/tasks/{first['id']}/annotations/",
        json={
            "result": [
                {
                    "from_name": "c",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": ["a"]},
                }
            ]
        },
        headers=headers,
    )

    with app.app_context():
        downgrade(app, "0001_initial")
        kept_down = _counts()
        upgrade(app, "heads")
        kept_up = _counts()

    assert kept_down == {"project": 1, "task": 3, "annotation": 1}
    assert kept_up == kept_down


def _counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("project", "task", "annotation")
        }
