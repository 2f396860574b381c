"""project.disagreement_current: whether stored disagreement follows annotations.

Saving an annotation recomputed its task's disagreement for every project,
four statements a save; now only projects whose sampler reads it do, and a
project that skipped it says so here until its keys are refreshed.

Revision ID: 0009_disagreement_current
Revises: 0008_task_project_order
Create Date: 2026-12-04 23:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_disagreement_current"
down_revision = "0008_task_project_order"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: SQLite keeps the table instead of copying it.
    op.add_column(
        "project",
        sa.Column(
            "disagreement_current",
            sa.Boolean(),
            nullable=False,
            server_default=sa.text("true"),
        ),
    )


def downgrade():
    with op.batch_alter_table("project") as batch_op:
        batch_op.drop_column("disagreement_current")
