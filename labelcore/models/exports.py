"""Export snapshots: a project's tasks frozen into a file by a job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labelcore.models.base import JSON, db, utcnow

EXPORT_STATES = ("created", "in_progress", "completed", "failed")


class ExportSnapshot(db.Model):
    """One snapshot, in Label Studio's ``Export`` shape.

    ``file_path`` holds the tasks in Label Studio's JSON export shape, one
    task a line; ``converted_formats`` lists the other formats made from it
    (``[{"id", "export_type", "status", "traceback", "path"}]``).
    """

    __tablename__ = "export_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("job.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(sa.String(2048), default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="created")
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    converted_formats: Mapped[list[Any]] = mapped_column(JSON, default=list)
    file_path: Mapped[str | None] = mapped_column(sa.Text)
    md5: Mapped[str | None] = mapped_column(sa.String(32))
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
