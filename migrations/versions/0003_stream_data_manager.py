"""Sampling keys on tasks, data-manager views and per-project data indexes.

Revision ID: 0003_stream_data_manager
Revises: 0002_jobs_exports
Create Date: 2026-12-04 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003_stream_data_manager"
down_revision = "0002_jobs_exports"
branch_labels = None
depends_on = None

# JSONB on PostgreSQL, JSON text elsewhere, as in labelcore.models.base.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

SAMPLING_KEYS = (
    "prediction_score",
    "prediction_margin",
    "prediction_entropy",
    "disagreement",
)


def upgrade():
    with op.batch_alter_table("task", schema=None) as batch_op:
        for key in SAMPLING_KEYS:
            batch_op.add_column(sa.Column(key, sa.Double(), nullable=True))
    # Partial: tasks without the key (most imports) cost the index nothing.
    for key in SAMPLING_KEYS:
        op.create_index(
            f"ix_task_{key}",
            "task",
            ["project_id", "is_labeled", key],
            unique=False,
            sqlite_where=sa.text(f"{key} IS NOT NULL"),
            postgresql_where=sa.text(f"{key} IS NOT NULL"),
        )

    op.create_index(
        "ix_task_partial",
        "task",
        ["project_id", "inner_id"],
        unique=False,
        sqlite_where=sa.text("is_labeled = 0 AND total_annotations > 0"),
        postgresql_where=sa.text("is_labeled = false AND total_annotations > 0"),
    )

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sampling_keys_model_version", sa.String(200), nullable=True)
        )

    op.create_table(
        "dm_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("selected_items", JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_dm_view_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_dm_view_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dm_view")),
    )
    op.create_index(
        "ix_dm_view_project_order", "dm_view", ["project_id", "order"], unique=False
    )

    op.create_table(
        "task_data_index",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("index_name", sa.String(63), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_task_data_index_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_data_index")),
        sa.UniqueConstraint(
            "project_id", "key", "kind", name=op.f("uq_task_data_index_project_id")
        ),
        sa.UniqueConstraint("index_name", name=op.f("uq_task_data_index_index_name")),
    )


DATA_INDEX_PREFIX = "ix_task_dm_"
"""Every object made at run time for a marked key is named from here."""


def _drop_data_indexes():
    """The indexes, FTS tables, views and triggers made at run time for
    marked keys, found in the catalog by their names: a build that never
    finished has no record yet, and a text index's build keeps its position
    in a table ``<index>_fill`` on SQLite. FTS5 drops its own shadow tables
    with its table; PostgreSQL keeps statistics on the indexed expressions."""
    connection = op.get_bind()
    pattern = DATA_INDEX_PREFIX.replace("_", "\\_") + "%"
    if connection.dialect.name == "sqlite":
        found = connection.execute(
            sa.text(
                "SELECT type, name FROM sqlite_master WHERE name LIKE :pattern "
                "ESCAPE '\\' AND type IN ('trigger', 'view', 'table', 'index') "
                "ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 "
                "WHEN 'index' THEN 2 ELSE 3 END, length(name)"
            ),
            {"pattern": pattern},
        ).all()
        for kind, name in found:
            # Dropping an FTS5 table took its shadow tables along already.
            op.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        return
    for (name,) in connection.execute(
        sa.text("SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE :pattern"),
        {"pattern": pattern},
    ):
        op.execute(f'DROP STATISTICS IF EXISTS "{name}"')
    for (name,) in connection.execute(
        sa.text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'task' "
            "AND indexname LIKE :pattern"
        ),
        {"pattern": pattern},
    ):
        op.execute(f'DROP INDEX IF EXISTS "{name}"')


def downgrade():
    _drop_data_indexes()
    op.drop_table("task_data_index")
    op.drop_index("ix_dm_view_project_order", table_name="dm_view")
    op.drop_table("dm_view")

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("sampling_keys_model_version")

    op.drop_index("ix_task_partial", table_name="task")
    for key in SAMPLING_KEYS:
        op.drop_index(f"ix_task_{key}", table_name="task")
    with op.batch_alter_table("task", schema=None) as batch_op:
        for key in reversed(SAMPLING_KEYS):
            batch_op.drop_column(key)
