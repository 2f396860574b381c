"""The plugin's tables: webhooks, the events they are to deliver, each attempt."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from labelcore.models import JSON, db, utcnow

EVENT_STATES = ("pending", "retrying", "delivered", "failed")


class Webhook(db.Model):
    """Where to send which events: one project's, or (``project_id`` null)
    every project's of the organization. ``secret`` signs each body (a
    Fernet token; its value is shown once, when the webhook is made)."""

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(sa.Text)
    send_payload: Mapped[bool] = mapped_column(default=True)
    send_for_all_actions: Mapped[bool] = mapped_column(default=True)
    actions: Mapped[list[str]] = mapped_column(JSON, default=list)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_active: Mapped[bool] = mapped_column(default=True)
    secret: Mapped[str] = mapped_column(
        sa.Text, default="", info={"labelcore_secret": True}
    )
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WebhookEvent(db.Model):
    """One event for one webhook: the exact body it sends, and how far its
    delivery got."""

    __tablename__ = "webhook_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(sa.String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class WebhookAttempt(db.Model):
    """One try at delivering an event: the delivery log's line."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (sa.Index("ix_webhook_attempt_webhook", "webhook_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook.id", ondelete="CASCADE")
    )
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_event.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column()
    status_code: Mapped[int | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(sa.Text)
    duration_ms: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
