"""Webhooks, their events and the delivery log.

Revision ID: webhooks_0001
Revises: 0001_initial
Create Date: 2026-12-04 18:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "webhooks_0001"
down_revision = "0001_initial"
branch_labels = ("webhooks",)
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
        "webhook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("send_payload", sa.Boolean(), nullable=False),
        sa.Column("send_for_all_actions", sa.Boolean(), nullable=False),
        sa.Column("actions", JSON, nullable=False),
        sa.Column("headers", JSON, nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _foreign_key("webhook", "created_by_id", "user", "SET NULL"),
        _foreign_key("webhook", "organization_id", "organization", "CASCADE"),
        _foreign_key("webhook", "project_id", "project", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook")),
    )
    op.create_index(op.f("ix_webhook_organization_id"), "webhook", ["organization_id"])
    op.create_index(op.f("ix_webhook_project_id"), "webhook", ["project_id"])

    op.create_table(
        "webhook_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        _foreign_key("webhook_event", "webhook_id", "webhook", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_event")),
    )
    op.create_index(
        op.f("ix_webhook_event_webhook_id"), "webhook_event", ["webhook_id"]
    )

    op.create_table(
        "webhook_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _foreign_key("webhook_attempt", "event_id", "webhook_event", "CASCADE"),
        _foreign_key("webhook_attempt", "webhook_id", "webhook", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempt")),
    )
    op.create_index(
        op.f("ix_webhook_attempt_event_id"), "webhook_attempt", ["event_id"]
    )
    op.create_index(
        "ix_webhook_attempt_webhook", "webhook_attempt", ["webhook_id", "id"]
    )


def downgrade():
    op.drop_index("ix_webhook_attempt_webhook", table_name="webhook_attempt")
    op.drop_index(op.f("ix_webhook_attempt_event_id"), table_name="webhook_attempt")
    op.drop_table("webhook_attempt")
    op.drop_index(op.f("ix_webhook_event_webhook_id"), table_name="webhook_event")
    op.drop_table("webhook_event")
    op.drop_index(op.f("ix_webhook_project_id"), table_name="webhook")
    op.drop_index(op.f("ix_webhook_organization_id"), table_name="webhook")
    op.drop_table("webhook")
