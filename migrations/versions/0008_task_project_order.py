"""An index on task (project_id, id): a project's tasks in id order.

The data manager lists tasks by id when no ordering is given, as Label
Studio does; without this index a small project inside a large database
walks the whole table for its first page.

Revision ID: 0008_task_project_order
Revises: 0007_annotation_drafts
Create Date: 2026-12-04 20:30:00.000000
"""

from alembic import op

revision = "0008_task_project_order"
down_revision = "0007_annotation_drafts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_task_project_order", "task", ["project_id", "id"])


def downgrade():
    op.drop_index("ix_task_project_order", table_name="task")
