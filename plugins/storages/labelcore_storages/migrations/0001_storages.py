"""Storages with encrypted credentials, and the keys of the objects they synced.

Revision ID: storages_0001
Revises: 0001_initial
Create Date: 2026-12-04 16:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "storages_0001"
down_revision = "0001_initial"
branch_labels = ("storages",)
depends_on = None

# JSONB on PostgreSQL, JSON text elsewhere, as in labelcore.models.base.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        "storage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=2048), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("settings", JSON, nullable=False),
        sa.Column("secrets", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("last_sync", sa.DateTime(), nullable=True),
        sa.Column("last_sync_count", sa.Integer(), nullable=True),
        sa.Column("last_sync_job", sa.Integer(), nullable=True),
        sa.Column("traceback", sa.Text(), nullable=True),
        sa.Column("meta", JSON, nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_storage_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["last_sync_job"],
            ["job.id"],
            name=op.f("fk_storage_last_sync_job_job"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_storage_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_storage_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage")),
    )
    with op.batch_alter_table("storage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_storage_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            "ix_storage_project_direction",
            ["project_id", "direction", "type"],
            unique=False,
        )

    op.create_table(
        "storage_object",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("storage_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("task_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["storage_id"],
            ["storage.id"],
            name=op.f("fk_storage_object_storage_id_storage"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage_object")),
        sa.UniqueConstraint(
            "storage_id", "key", name=op.f("uq_storage_object_storage_id")
        ),
    )


def downgrade():
    op.drop_table("storage_object")
    with op.batch_alter_table("storage", schema=None) as batch_op:
        batch_op.drop_index("ix_storage_project_direction")
        batch_op.drop_index(batch_op.f("ix_storage_organization_id"))
    op.drop_table("storage")
