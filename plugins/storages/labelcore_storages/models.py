"""The plugin's tables: storages with their encrypted credentials, synced keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labelcore.models import JSON, db, utcnow

DIRECTIONS = ("import", "export")
STATUSES = (
    "initialized",
    "queued",
    "in_progress",
    "failed",
    "completed",
    "completed_with_errors",
)


class Storage(db.Model):
    """An import storage (tasks come from it) or an export storage (annotations
    go to it) of one project. ``secrets`` holds the credentials as one Fernet
    token of their JSON; it never leaves the server."""

    __tablename__ = "storage"
    __table_args__ = (
        sa.Index("ix_storage_project_direction", "project_id", "direction", "type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    direction: Mapped[str] = mapped_column(sa.String(8))
    type: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(2048), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secrets: Mapped[str] = mapped_column(
        sa.Text, default="", info={"labelcore_secret": True}
    )
    status: Mapped[str] = mapped_column(sa.String(32), default="initialized")
    last_sync: Mapped[datetime | None] = mapped_column()
    last_sync_count: Mapped[int | None] = mapped_column()
    last_sync_job: Mapped[int | None] = mapped_column(
        sa.ForeignKey("job.id", ondelete="SET NULL")
    )
    traceback: Mapped[str | None] = mapped_column(sa.Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StorageObject(db.Model):
    """An object an import storage turned into tasks; a re-sync skips it."""

    __tablename__ = "storage_object"
    __table_args__ = (sa.UniqueConstraint("storage_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    storage_id: Mapped[int] = mapped_column(
        sa.ForeignKey("storage.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(sa.Text)
    task_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
