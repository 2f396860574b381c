"""Projects: a label config, the tasks labelled with it, and its settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labelcore.models.base import JSON, db, utcnow


class Project(db.Model):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    label_config: Mapped[str] = mapped_column(sa.Text, default="<View></View>")
    config_version: Mapped[int] = mapped_column(default=1)
    expert_instruction: Mapped[str] = mapped_column(sa.Text, default="")
    show_instruction: Mapped[bool] = mapped_column(default=False)
    show_skip_button: Mapped[bool] = mapped_column(default=True)
    enable_empty_annotation: Mapped[bool] = mapped_column(default=True)
    color: Mapped[str] = mapped_column(sa.String(16), default="#FFFFFF")
    maximum_annotations: Mapped[int] = mapped_column(default=1)
    sampler: Mapped[str] = mapped_column(sa.String(64), default="sequential")
    workflow: Mapped[str] = mapped_column(sa.String(64), default="default")
    workflow_definition: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, nullable=True
    )
    """The project's own workflow as declared data, when ``workflow`` is
    ``project:<id>``; ``None`` while it uses a plugin's workflow."""
    model_version: Mapped[str] = mapped_column(sa.String(200), default="")
    sampling_keys_model_version: Mapped[str | None] = mapped_column(sa.String(200))
    """The model version the tasks' stored prediction keys were computed for;
    when it differs from ``model_version`` the keys are refreshed."""
    disagreement_current: Mapped[bool] = mapped_column(
        default=True, server_default=sa.text("true")
    )
    """Whether the tasks' stored ``disagreement`` follows their annotations.
    Saving an annotation recomputes it only while the project's sampler
    reads it; a project that skipped that is marked here, and a sampler
    that reads it refreshes the keys first."""
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_published: Mapped[bool] = mapped_column(default=True)
    task_number: Mapped[int] = mapped_column(default=0)
    """The last inner id handed out; tasks number 1, 2, ... within a project."""
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
