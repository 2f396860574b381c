"""Job priorities and export snapshots.

Revision ID: 0002_jobs_exports
Revises: 0001_initial
Create Date: 2026-12-04 16:40:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_jobs_exports"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

# JSONB on PostgreSQL, JSON text elsewhere, as in labelcore.models.base.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "priority",
                sa.String(length=16),
                server_default="default",
                nullable=False,
            )
        )

    op.create_table(
        "export_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=2048), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("options", JSON, nullable=False),
        sa.Column("counters", JSON, nullable=False),
        sa.Column("converted_formats", JSON, nullable=False),
        sa.Column("file_path", sa.Text(), nullable=True),
        sa.Column("md5", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_export_snapshot_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job.id"],
            name=op.f("fk_export_snapshot_job_id_job"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_export_snapshot_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_export_snapshot_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_snapshot")),
    )
    with op.batch_alter_table("export_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_export_snapshot_organization_id"),
            ["organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_export_snapshot_project_id"), ["project_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("export_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_snapshot_project_id"))
        batch_op.drop_index(batch_op.f("ix_export_snapshot_organization_id"))

    op.drop_table("export_snapshot")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_column("priority")
