"""Annotation drafts: an annotator's unsubmitted work on a task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labelcore.models.base import JSON, db, utcnow


class AnnotationDraft(db.Model):
    """Work in progress of one annotator on one task, private to them.

    ``annotation_id`` is set when the draft holds changes to an annotation
    already submitted; without it the draft is of a new annotation. The
    label stream drops a draft once its author submits the task.
    """

    __tablename__ = "annotation_draft"
    __table_args__ = (
        sa.Index("ix_annotation_draft_task_user", "task_id", "user_id"),
        sa.Index("ix_annotation_draft_project_user", "project_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    annotation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("annotation.id", ondelete="CASCADE")
    )
    result: Mapped[list[Any]] = mapped_column(JSON, default=list)
    lead_time: Mapped[float | None] = mapped_column()
    was_postponed: Mapped[bool] = mapped_column(default=False)
    parent_prediction_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("prediction.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
