"""Annotation drafts, one row per annotator's unsubmitted work on a task.

Revision ID: 0007_annotation_drafts
Revises: 0006_task_workflows
Create Date: 2026-12-04 19:20:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007_annotation_drafts"
down_revision = "0006_task_workflows"
branch_labels = None
depends_on = None

# JSONB on PostgreSQL, JSON text elsewhere, as in labelcore.models.base.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _foreign_key(column: str, table: str, ondelete: str):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{table}.id"],
        name=op.f(f"fk_annotation_draft_{column}_{table}"),
        ondelete=ondelete,
    )


def upgrade():
    op.create_table(
        "annotation_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=True),
        sa.Column("result", JSON, nullable=False),
        sa.Column("lead_time", sa.Double(), nullable=True),
        sa.Column("was_postponed", sa.Boolean(), nullable=False),
        sa.Column("parent_prediction_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _foreign_key("task_id", "task", "CASCADE"),
        _foreign_key("project_id", "project", "CASCADE"),
        _foreign_key("user_id", "user", "CASCADE"),
        _foreign_key("annotation_id", "annotation", "CASCADE"),
        _foreign_key("parent_prediction_id", "prediction", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_draft")),
    )
    with op.batch_alter_table("annotation_draft", schema=None) as batch_op:
        batch_op.create_index(
            "ix_annotation_draft_task_user", ["task_id", "user_id"], unique=False
        )
        batch_op.create_index(
            "ix_annotation_draft_project_user",
            ["project_id", "user_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("annotation_draft", schema=None) as batch_op:
        batch_op.drop_index("ix_annotation_draft_project_user")
        batch_op.drop_index("ix_annotation_draft_task_user")

    op.drop_table("annotation_draft")
