"""The id as the last column of each sampling key's index on task.

The samplers order candidates by (key, id), and PostgreSQL keeps the
entries of equal keys in no particular order: with many tasks sharing the
lowest prediction score (a model that scores in steps, or the refresh that
gives every task without a prediction the same key), each next task sorted
all of them, 65 ms at a million tasks where there were 10,000 ties. SQLite
orders equal keys by rowid already, and gets the same columns.

Revision ID: 0011_sampling_key_id_order
Revises: 0010_task_annotation_count_order
Create Date: 2026-12-05 02:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_sampling_key_id_order"
down_revision = "0010_task_annotation_count_order"
branch_labels = None
depends_on = None

SAMPLING_KEYS = (
    "prediction_score",
    "prediction_margin",
    "prediction_entropy",
    "disagreement",
)


def _index(key: str, columns: list[str]) -> None:
    op.drop_index(f"ix_task_{key}", table_name="task")
    op.create_index(
        f"ix_task_{key}",
        "task",
        columns,
        unique=False,
        sqlite_where=sa.text(f"{key} IS NOT NULL"),
        postgresql_where=sa.text(f"{key} IS NOT NULL"),
    )


def upgrade():
    for key in SAMPLING_KEYS:
        _index(key, ["project_id", "is_labeled", key, "id"])


def downgrade():
    for key in SAMPLING_KEYS:
        _index(key, ["project_id", "is_labeled", key])
