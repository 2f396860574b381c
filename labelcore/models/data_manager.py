"""The data manager's saved views (tabs) and the data keys a project indexes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labelcore.models.base import JSON, db, utcnow

DATA_INDEX_KINDS = ("value", "text")


class DataManagerView(db.Model):
    """A tab of the data manager, in Label Studio's ``View`` shape.

    ``data`` holds what the tab shows: ``title``, ``filters`` (a conjunction
    and items), ``ordering``, ``hiddenColumns``, ``columnsWidth`` and
    whatever else the web UI keeps there.
    """

    __tablename__ = "dm_view"
    __table_args__ = (sa.Index("ix_dm_view_project_order", "project_id", "order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    order: Mapped[int] = mapped_column(default=0)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    selected_items: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TaskDataIndex(db.Model):
    """A database index over one ``data`` key of one project's tasks.

    ``kind`` is ``value`` (an expression index for equality, ranges and
    sorting) or ``text`` (FTS5 with trigrams on SQLite, a pg_trgm index on
    PostgreSQL, for ``contains``). ``index_name`` is the database object.
    """

    __tablename__ = "task_data_index"
    __table_args__ = (sa.UniqueConstraint("project_id", "key", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(16))
    index_name: Mapped[str] = mapped_column(sa.String(63), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
