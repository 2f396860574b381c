"""A project's own workflow, declared as data.

Revision ID: 0006_task_workflows
Revises: 0005_teams
Create Date: 2026-12-04 17:30:00.000000
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006_task_workflows"
down_revision = "0005_teams"
branch_labels = None
depends_on = None

# JSONB on PostgreSQL, JSON text elsewhere, as in labelcore.models.base.
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("workflow_definition", JSON, nullable=True))


def downgrade():
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("workflow_definition")
