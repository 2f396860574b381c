"""Organizations, users, API tokens, invites, project roles and the audit log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from labelcore.models.base import JSON, db, utcnow

DEFAULT_ORGANIZATION = "Default organization"

ORGANIZATION_ROLES = ("owner", "administrator", "manager", "reviewer", "annotator")
"""Highest first. A member's organization role is also their role in the
organization's open projects, unless a project membership says otherwise."""
PROJECT_ROLES = ("manager", "reviewer", "annotator")
TOKEN_KINDS = ("legacy", "personal")


class Organization(db.Model):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    username: Mapped[str] = mapped_column(sa.String(150), default="")
    first_name: Mapped[str] = mapped_column(sa.String(150), default="")
    last_name: Mapped[str] = mapped_column(sa.String(150), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(256), default="")
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    active_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity: Mapped[datetime | None] = mapped_column()

    active_organization: Mapped[Organization | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(
            self.password_hash, password
        )

    @property
    def initials(self) -> str:
        source = (self.first_name[:1] + self.last_name[:1]) or self.email[:2]
        return source.upper()


class Membership(db.Model):
    """A user's place and role (one of ``ORGANIZATION_ROLES``) in an organization."""

    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("organization_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(sa.String(32), default="owner")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(db.Model):
    """An API token, stored only as the SHA-256 digest of its value.

    Tokens are 160 random bits, so a fast hash is enough: nobody can guess
    the preimage, and checking a request costs one indexed lookup.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(8))
    name: Mapped[str] = mapped_column(sa.String(100), default="default")
    kind: Mapped[str] = mapped_column(
        sa.String(16), default="legacy", server_default="legacy"
    )
    """``legacy``: sent as ``Token <key>``; ``personal``: a signed refresh token
    exchanged at ``/api/token/refresh/`` for short-lived ``Bearer`` tokens."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship()

    @staticmethod
    def generate() -> str:
        return secrets.token_hex(20)

    @staticmethod
    def digest_of(value: str) -> str:
        return hashlib.sha256(value.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, value: str | None = None, name: str = "default"):
        """Make a token for ``user``; returns ``(row, value)``; keep the value."""
        value = value or cls.generate()
        row = cls(user=user, digest=cls.digest_of(value), prefix=value[:8], name=name)
        return row, value


class OrganizationInvite(db.Model):
    """An invite link: whoever opens it while it is valid joins with ``role``."""

    __tablename__ = "organization_invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    role: Mapped[str] = mapped_column(sa.String(32), default="annotator")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    """When set, only a user with this e-mail can accept the invite."""
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    accepted_count: Mapped[int] = mapped_column(default=0)


class ProjectMember(db.Model):
    """A user's role (one of ``PROJECT_ROLES``) in one project."""

    __tablename__ = "project_member"
    __table_args__ = (sa.UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(32), default="annotator")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectAccess(db.Model):
    """Who besides its members may open a project; no row means the defaults
    (open to the organization, annotators see only their own annotations)."""

    __tablename__ = "project_access"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    restricted: Mapped[bool] = mapped_column(default=False)
    """Only listed members (and the organization's administrators) see it."""
    annotators_see_others: Mapped[bool] = mapped_column(default=False)
    """Annotators see every annotation of a task, not only their own."""


class PasswordReset(db.Model):
    """A one-time password reset link, stored as the digest of its secret."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()


class AuditEntry(db.Model):
    """One administrative action: who did what to which object, and when."""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_organization", "organization_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE")
    )
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(64), default="")
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    project_id: Mapped[int | None] = mapped_column()
    """Kept as a plain number: the entry outlives a deleted project."""
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    remote_addr: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
