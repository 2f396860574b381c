"""Organizations, users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from labelcore.models.base import db, utcnow

DEFAULT_ORGANIZATION = "Default organization"


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
    """A user's place in an organization; roles arrive with the teams issue."""

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
