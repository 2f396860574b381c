"""Creating users, their organization and their first token."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from labelcore.models import (
    DEFAULT_ORGANIZATION,
    ApiToken,
    Membership,
    Organization,
    User,
    db,
)

log = logging.getLogger(__name__)


class AccountError(ValueError):
    pass


def default_organization() -> Organization:
    organization = db.session.execute(
        sa.select(Organization).order_by(Organization.id).limit(1)
    ).scalar_one_or_none()
    if organization is None:
        organization = Organization(title=DEFAULT_ORGANIZATION)
        db.session.add(organization)
        db.session.flush()
    return organization


def create_user(
    email: str,
    password: str | None = None,
    *,
    admin: bool = False,
    token: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, str]:
    """Create a user in the default organization; returns ``(user, token)``."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address.")
    if db.session.execute(sa.select(User.id).where(User.email == email)).first():
        raise AccountError(f"A user with e-mail {email!r} already exists.")
    if token is not None and len(token) < 16:
        raise AccountError("A token must be at least 16 characters long.")

    organization = default_organization()
    user = User(
        email=email,
        username=email.split("@")[0],
        first_name=first_name,
        last_name=last_name,
        is_admin=admin,
        active_organization_id=organization.id,
    )
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    db.session.add(
        Membership(
            organization_id=organization.id,
            user_id=user.id,
            role="owner" if admin else "member",
        )
    )
    token_row, value = ApiToken.issue(user, token)
    db.session.add(token_row)
    db.session.commit()
    log.info("Created user %s (admin=%s)", email, admin)
    return user, value


def ensure_admin(settings) -> User | None:
    """Create the administrator named by ``LABELCORE_ADMIN_EMAIL`` once."""
    if not settings.admin_email:
        return None
    email = settings.admin_email.strip().lower()
    user = db.session.execute(
        sa.select(User).where(User.email == email)
    ).scalar_one_or_none()
    if user is None:
        user, _ = create_user(
            email,
            settings.admin_password or None,
            admin=True,
            token=settings.admin_token or None,
        )
        return user

    if settings.admin_token:
        digest = ApiToken.digest_of(settings.admin_token)
        known = db.session.execute(
            sa.select(ApiToken.id).where(ApiToken.digest == digest)
        ).first()
        if not known:
            token_row, _ = ApiToken.issue(user, settings.admin_token, name="admin")
            db.session.add(token_row)
            db.session.commit()
    return user
