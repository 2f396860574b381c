"""Creating users, organizations and memberships, and the first token."""

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
from labelcore.models.accounts import ORGANIZATION_ROLES

log = logging.getLogger(__name__)

MAX_ORGANIZATION_TITLE = 200


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


def check_organization_title(title) -> str:
    if not isinstance(title, str) or not title.strip():
        raise AccountError(
            f"An organization needs a title: a non-empty string, got {title!r}."
        )
    title = title.strip()
    if len(title) > MAX_ORGANIZATION_TITLE:
        raise AccountError(
            f"An organization title may have at most {MAX_ORGANIZATION_TITLE} "
            f"characters, got {len(title)}."
        )
    return title


def organization_named(title: str, *, create: bool = False) -> Organization | None:
    """The organization titled ``title`` (the oldest if several), made when
    ``create`` says so and there is none."""
    title = check_organization_title(title)
    organization = db.session.execute(
        sa.select(Organization)
        .where(Organization.title == title)
        .order_by(Organization.id)
        .limit(1)
    ).scalar_one_or_none()
    if organization is None and create:
        organization = Organization(title=title)
        db.session.add(organization)
        db.session.flush()
        log.info("Created organization %r", title)
    return organization


def check_role(role) -> str:
    if role not in ORGANIZATION_ROLES:
        raise AccountError(
            f"Role {role!r} is not an organization role; use one of "
            f"{', '.join(ORGANIZATION_ROLES)}."
        )
    return role


def membership_of(user: User, organization_id: int) -> Membership | None:
    return db.session.execute(
        sa.select(Membership).where(
            Membership.organization_id == organization_id,
            Membership.user_id == user.id,
        )
    ).scalar_one_or_none()


def add_member(user: User, organization: Organization, role: str) -> Membership:
    """Make ``user`` a member of ``organization`` with ``role`` (a member
    already keeps their role); the first organization becomes their active one."""
    check_role(role)
    membership = membership_of(user, organization.id)
    if membership is None:
        membership = Membership(
            organization_id=organization.id, user_id=user.id, role=role
        )
        db.session.add(membership)
    if user.active_organization_id is None:
        user.active_organization_id = organization.id
    db.session.flush()
    return membership


def create_user(
    email: str,
    password: str | None = None,
    *,
    admin: bool = False,
    token: str | None = None,
    first_name: str = "",
    last_name: str = "",
    organization: str | Organization | None = None,
    role: str | None = None,
) -> tuple[User, str]:
    """Create a user and their API token; returns ``(user, token)``.

    ``organization`` is the title of the organization to join (made when
    absent) or one; without it the user joins the default organization.
    ``role`` defaults to ``owner`` for an administrator, else ``annotator``.
    """
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"{email!r} is not an e-mail address.")
    if db.session.execute(sa.select(User.id).where(User.email == email)).first():
        raise AccountError(f"A user with e-mail {email!r} already exists.")
    if token is not None and len(token) < 16:
        raise AccountError("A token must be at least 16 characters long.")
    role = check_role(role or ("owner" if admin else "annotator"))

    if isinstance(organization, Organization):
        joined = organization
    elif organization:
        joined = organization_named(organization, create=True)
    else:
        joined = default_organization()
    user = User(
        email=email,
        username=email.split("@")[0],
        first_name=first_name,
        last_name=last_name,
        is_admin=admin,
        active_organization_id=joined.id,
    )
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    add_member(user, joined, role)
    token_row, value = ApiToken.issue(user, token)
    db.session.add(token_row)
    db.session.commit()
    log.info(
        "Created user %s (admin=%s, role=%s in %r)", email, admin, role, joined.title
    )
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
