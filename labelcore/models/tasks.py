"""Tasks and what annotators and models say about them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labelcore.models.base import JSON, db, utcnow

# Stored, indexed keys a sampler orders by; labelcore.sampling keeps them
# current when predictions and annotations are written.
SAMPLING_KEYS = (
    "prediction_score",
    "prediction_margin",
    "prediction_entropy",
    "disagreement",
)


class Task(db.Model):
    """One item to label. ``state`` is changed only by the workflow engine."""

    __tablename__ = "task"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "inner_id"),
        sa.UniqueConstraint("import_id", "import_index"),
        sa.Index("ix_task_stream", "project_id", "is_labeled", "inner_id"),
        sa.Index("ix_task_random", "project_id", "is_labeled", "random_key"),
        sa.Index("ix_task_project_state", "project_id", "state"),
        sa.Index("ix_task_project_order", "project_id", "id"),
        # The data manager's sort by the number of annotations.
        sa.Index("ix_task_annotation_count", "project_id", "total_annotations", "id"),
        # Tasks some annotators started and others must finish; the label
        # stream hands these out first when the overlap is above one.
        sa.Index(
            "ix_task_partial",
            "project_id",
            "inner_id",
            sqlite_where=sa.text("is_labeled = 0 AND total_annotations > 0"),
            postgresql_where=sa.text("is_labeled = false AND total_annotations > 0"),
        ),
        # The id closes each sampling key's order, as the samplers sort by
        # (key, id): PostgreSQL keeps equal keys in no particular order, and
        # sorted every task sharing the lowest score to pick one of them.
        *(
            sa.Index(
                f"ix_task_{key}",
                "project_id",
                "is_labeled",
                key,
                "id",
                sqlite_where=sa.text(f"{key} IS NOT NULL"),
                postgresql_where=sa.text(f"{key} IS NOT NULL"),
            )
            for key in SAMPLING_KEYS
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    inner_id: Mapped[int] = mapped_column()
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(sa.String(64))
    is_labeled: Mapped[bool] = mapped_column(default=False)
    """True once the task has as many completed annotations as the overlap asks."""
    total_annotations: Mapped[int] = mapped_column(default=0)
    cancelled_annotations: Mapped[int] = mapped_column(default=0)
    total_predictions: Mapped[int] = mapped_column(default=0)
    random_key: Mapped[float] = mapped_column(default=0.0)
    prediction_score: Mapped[float | None] = mapped_column()
    """Confidence in the top label of the task's chosen prediction (the
    project's model version, else the newest); ``None`` without one."""
    prediction_margin: Mapped[float | None] = mapped_column()
    """The chosen prediction's top probability minus the runner-up's."""
    prediction_entropy: Mapped[float | None] = mapped_column()
    """Entropy, in bits, of the chosen prediction's label distribution."""
    disagreement: Mapped[float | None] = mapped_column()
    """1 minus the mean agreement between the task's submitted annotations
    (and the chosen prediction); ``None`` with fewer than two to compare."""
    version: Mapped[int] = mapped_column(default=1)
    import_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("import_record.id", ondelete="SET NULL")
    )
    import_index: Mapped[int | None] = mapped_column()
    """Position of the item in its import, so that a resumed import skips it."""
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Annotation(db.Model):
    __tablename__ = "annotation"
    __table_args__ = (
        sa.Index("ix_annotation_task_user", "task_id", "completed_by_id"),
        sa.Index("ix_annotation_project_user", "project_id", "completed_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    result: Mapped[list[Any]] = mapped_column(JSON, default=list)
    completed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    was_cancelled: Mapped[bool] = mapped_column(default=False)
    ground_truth: Mapped[bool] = mapped_column(default=False)
    lead_time: Mapped[float | None] = mapped_column()
    parent_prediction_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("prediction.id", ondelete="SET NULL")
    )
    parent_annotation_id: Mapped[int | None] = mapped_column()
    import_id: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    task: Mapped[Task] = relationship()


class Prediction(db.Model):
    __tablename__ = "prediction"
    __table_args__ = (sa.Index("ix_prediction_task", "task_id", "model_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    result: Mapped[list[Any]] = mapped_column(JSON, default=list)
    score: Mapped[float | None] = mapped_column()
    model_version: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TaskEvent(db.Model):
    """One state transition of a task, appended and never changed."""

    __tablename__ = "task_event"
    __table_args__ = (sa.Index("ix_task_event_task", "task_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    event: Mapped[str] = mapped_column(sa.String(64))
    from_state: Mapped[str | None] = mapped_column(sa.String(64))
    to_state: Mapped[str] = mapped_column(sa.String(64))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TaskLock(db.Model):
    """A task handed to one annotator, reserved for them until ``expires_at``."""

    __tablename__ = "task_lock"
    __table_args__ = (
        sa.UniqueConstraint("task_id", "user_id"),
        sa.Index("ix_task_lock_project_user", "project_id", "user_id"),
        sa.Index("ix_task_lock_task_expiry", "task_id", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
