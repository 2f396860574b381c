"""ML backends, their training runs and the evaluation figures per model version.

Revision ID: ml_backends_0001
Revises: 0001_initial
Create Date: 2026-12-04 18:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "ml_backends_0001"
down_revision = "0001_initial"
branch_labels = ("ml_backends",)
depends_on = None

# JSONB on PostgreSQL, JSON text elsewhere, as in labelcore.models.base.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _foreign_key(table, column, target, ondelete):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade():
    op.create_table(
        "ml_backend",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("auth_method", sa.String(length=16), nullable=False),
        sa.Column("basic_auth_user", sa.String(length=500), nullable=False),
        sa.Column("basic_auth_pass", sa.Text(), nullable=False),
        sa.Column("extra_params", JSON, nullable=False),
        sa.Column("is_interactive", sa.Boolean(), nullable=False),
        sa.Column("timeout", sa.Double(), nullable=True),
        sa.Column("model_version", sa.String(length=200), nullable=False),
        sa.Column("auto_update", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("trained_through", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _foreign_key("ml_backend", "created_by_id", "user", "SET NULL"),
        _foreign_key("ml_backend", "organization_id", "organization", "CASCADE"),
        _foreign_key("ml_backend", "project_id", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ml_backend")),
    )
    with op.batch_alter_table("ml_backend", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ml_backend_organization_id"), ["organization_id"]
        )
        batch_op.create_index(batch_op.f("ix_ml_backend_project_id"), ["project_id"])

    op.create_table(
        "ml_training_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("backend_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("model_version", sa.String(length=200), nullable=True),
        sa.Column("annotation_count", sa.Integer(), nullable=False),
        sa.Column("through_annotation", sa.Integer(), nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("model_state", sa.LargeBinary(), nullable=True),
        sa.Column("state_digest", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        _foreign_key("ml_training_run", "backend_id", "ml_backend", "CASCADE"),
        _foreign_key("ml_training_run", "job_id", "job", "SET NULL"),
        _foreign_key("ml_training_run", "project_id", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ml_training_run")),
    )
    with op.batch_alter_table("ml_training_run", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ml_training_run_backend", ["backend_id", "state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ml_training_run_project_id"), ["project_id"]
        )

    op.create_table(
        "ml_evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.String(length=200), nullable=False),
        sa.Column("figures", JSON, nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        _foreign_key("ml_evaluation", "project_id", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ml_evaluation")),
        sa.UniqueConstraint(
            "project_id", "model_version", name=op.f("uq_ml_evaluation_project_id")
        ),
    )


def downgrade():
    op.drop_table("ml_evaluation")
    with op.batch_alter_table("ml_training_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ml_training_run_project_id"))
        batch_op.drop_index("ix_ml_training_run_backend")
    op.drop_table("ml_training_run")
    with op.batch_alter_table("ml_backend", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ml_backend_project_id"))
        batch_op.drop_index(batch_op.f("ix_ml_backend_organization_id"))
    op.drop_table("ml_backend")
