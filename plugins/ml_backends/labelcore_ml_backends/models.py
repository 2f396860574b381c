"""The plugin's tables: backends, their training runs, evaluation figures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labelcore.models import JSON, db, utcnow

STATES = {
    "CO": "Connected",
    "DI": "Disconnected",
    "ER": "Error",
    "TR": "Training",
    "PR": "Predicting",
}
"""Label Studio's backend states and how its UI reads them."""

RUN_STATES = ("queued", "running", "finished", "failed")


class MLBackend(db.Model):
    """A model a project asks for predictions: an HTTP backend at ``url`` or an
    in-process one of ``type``. ``basic_auth_pass`` is a Fernet token; it
    never leaves the server."""

    __tablename__ = "ml_backend"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    url: Mapped[str] = mapped_column(sa.Text, default="")
    auth_method: Mapped[str] = mapped_column(sa.String(16), default="NONE")
    basic_auth_user: Mapped[str] = mapped_column(sa.String(500), default="")
    basic_auth_pass: Mapped[str] = mapped_column(sa.Text, default="")
    extra_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_interactive: Mapped[bool] = mapped_column(default=False)
    timeout: Mapped[float | None] = mapped_column()
    """Seconds a ``/predict`` call may take; ``None`` uses the default."""
    model_version: Mapped[str] = mapped_column(sa.String(200), default="")
    auto_update: Mapped[bool] = mapped_column(default=True)
    """Follow the backend's newest version (after setup and each training)."""
    state: Mapped[str] = mapped_column(sa.String(2), default="DI")
    error_message: Mapped[str | None] = mapped_column(sa.Text)
    trained_through: Mapped[int] = mapped_column(default=0)
    """The highest annotation id the last queued training run includes, so
    that "train every N annotations" counts only the ones after it."""
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TrainingRun(db.Model):
    """One training of a backend; an in-process model keeps what it learned
    in ``model_state``, signed with the server's secret in ``state_digest``."""

    __tablename__ = "ml_training_run"
    __table_args__ = (sa.Index("ix_ml_training_run_backend", "backend_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    backend_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ml_backend.id", ondelete="CASCADE")
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("job.id", ondelete="SET NULL")
    )
    trigger: Mapped[str] = mapped_column(sa.String(32), default="manual")
    state: Mapped[str] = mapped_column(sa.String(16), default="queued")
    model_version: Mapped[str | None] = mapped_column(sa.String(200))
    annotation_count: Mapped[int] = mapped_column(default=0)
    through_annotation: Mapped[int] = mapped_column(default=0)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(sa.Text)
    model_state: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    state_digest: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


class EvaluationFigures(db.Model):
    """How one model version's predictions agree with the annotations of the
    same tasks; ``signature`` tells when they must be computed again."""

    __tablename__ = "ml_evaluation"
    __table_args__ = (sa.UniqueConstraint("project_id", "model_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE")
    )
    model_version: Mapped[str] = mapped_column(sa.String(200))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    signature: Mapped[str] = mapped_column(sa.String(200), default="")
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
