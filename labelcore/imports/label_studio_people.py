"""Label Studio's annotators as LabelCore users.

An annotator the export names by e-mail (or by a Label Studio user id that
a users list turns into an e-mail) is the LabelCore user with that e-mail,
made when there is none. An annotator named by id alone becomes a
placeholder user, one per Label Studio user id, with an address under the
reserved ``.invalid`` top-level domain that no mail can reach
(``label-studio-user-10@label-studio.invalid``); an annotation that names
nobody belongs to ``label-studio-unknown-user@label-studio.invalid``. A
placeholder keeps apart the work of different people until a manager
gives it its real owner, and a later import from the same Label Studio
finds the same placeholders again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from labelcore.imports.label_studio_export import UNKNOWN, Person

log = logging.getLogger(__name__)

PLACEHOLDER_DOMAIN = "label-studio.invalid"


class UsersFileInvalid(ValueError):
    """The users file cannot be used; the message names the entry."""


def placeholder_email(label_studio_id: int | None) -> str:
    if label_studio_id is None:
        return f"label-studio-unknown-user@{PLACEHOLDER_DOMAIN}"
    return f"label-studio-user-{label_studio_id}@{PLACEHOLDER_DOMAIN}"


def is_placeholder(email: str) -> bool:
    return email.endswith("@" + PLACEHOLDER_DOMAIN)


def directory_of(users: Any, origin: str, strict: bool = True) -> dict[int, Person]:
    """Label Studio users by id from ``users``: the list ``/api/users/``
    answers (``[{"id", "email", "first_name", "last_name"}, ...]``), a paged
    ``{"results": [...]}``, or an object of ids to e-mails
    (``{"10": "ann@example.org"}``). ``origin`` names where it came from in
    errors; unless ``strict``, an entry without id or e-mail is passed over."""
    if isinstance(users, dict) and isinstance(users.get("results"), list):
        users = users["results"]
    if isinstance(users, dict):
        users = [{"id": key, "email": value} for key, value in users.items()]
    if not isinstance(users, list):
        raise UsersFileInvalid(
            f"{origin} must hold a JSON list of Label Studio users (what its "
            f"/api/users/ answers) or an object of user ids to e-mails."
        )

    directory: dict[int, Person] = {}
    for number, entry in enumerate(users):
        try:
            person = _person(entry, number, origin)
        except UsersFileInvalid:
            if strict:
                raise
            continue
        directory[person.label_studio_id] = person
    return directory


def _person(entry: Any, number: int, origin: str) -> Person:
    if not isinstance(entry, dict):
        raise UsersFileInvalid(
            f"{origin}, entry {number}: must be an object with 'id' and "
            f"'email', got {entry!r}."
        )
    user_id = entry.get("id")
    if isinstance(user_id, str) and user_id.strip().isdigit():
        user_id = int(user_id)
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise UsersFileInvalid(
            f"{origin}, entry {number}: 'id' must be a Label Studio user id "
            f"(a whole number), got {user_id!r}."
        )
    email = entry.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise UsersFileInvalid(
            f"{origin}, entry {number} (user {user_id}): 'email' must be an "
            f"e-mail address, got {email!r}."
        )
    return Person(
        user_id,
        email.strip().lower(),
        str(entry.get("first_name") or ""),
        str(entry.get("last_name") or ""),
    )


def read_users_file(path: Path) -> dict[int, Person]:
    import orjson

    try:
        users = orjson.loads(path.read_bytes())
    except OSError as error:
        raise UsersFileInvalid(
            f"The users file {str(path)!r} cannot be read: {error}"
        ) from None
    except orjson.JSONDecodeError as error:
        raise UsersFileInvalid(
            f"The users file {str(path)!r} is not JSON ({error}); save Label "
            f"Studio's /api/users/ answer into it."
        ) from None
    return directory_of(users, f"The users file {str(path)!r}")


class Annotators:
    """Finds or makes the LabelCore user of each annotator, for one run.

    ``directory`` gives Label Studio's users by id when an annotator is
    named by id alone; it is asked at most once. Users are made in
    organization ``organization_id``; those found elsewhere join it as
    annotators. Each project's ``resolve`` is either kept (``keep``) or
    taken back (``undo``).
    """

    def __init__(self, organization_id, directory: Callable[[], dict[int, Person]]):
        self.organization_id = organization_id
        self.directory_source = directory
        self.directory: dict[int, Person] | None = None
        self.user_ids: dict[str, int] = {}
        self.kinds: dict[str, str] = {}
        """Each e-mail seen: ``matched``, ``created`` or ``placeholder``."""
        self.labels: dict[str, str] = {}
        """Each placeholder e-mail: the Label Studio user it stands for."""
        self.used: set[str] = set()
        """The e-mails of the annotators of the projects kept."""
        self.used_now: set[str] = set()
        self.made_now: list[int] = []
        self.joined_now: list[int] = []

    def resolve(self, people: dict[str, Person]) -> dict[str, int]:
        """The LabelCore user id of each person key; what it makes is
        committed at once."""
        from labelcore.models import db

        self.used_now, self.made_now, self.joined_now = set(), [], []
        ids = {key: self._user_id(key, person) for key, person in people.items()}
        db.session.commit()
        return ids

    def emails(self, kind: str) -> list[str]:
        """The e-mails of one kind among the annotators of the kept projects."""
        return sorted(email for email in self.used if self.kinds[email] == kind)

    def _user_id(self, key: str, person: Person) -> int:
        email = person.email
        if email is None and person.label_studio_id is not None:
            known = self._directory().get(person.label_studio_id)
            if known is not None:
                person = known
                email = known.email
        if email is not None:
            return self._user(email, person.first_name, person.last_name)

        if key == UNKNOWN:
            email, label = placeholder_email(None), "unknown user"
        else:
            number = person.label_studio_id
            email, label = placeholder_email(number), f"user {number}"
        self.labels[email] = f"Label Studio {label}"
        return self._user(email, "Label Studio", label)

    def _directory(self) -> dict[int, Person]:
        if self.directory is None:
            self.directory = self.directory_source()
        return self.directory

    def _user(self, email: str, first_name: str, last_name: str) -> int:
        from labelcore.accounts import add_member, create_user, membership_of
        from labelcore.models import Organization, User, db

        self.used_now.add(email)
        if email in self.user_ids:
            return self.user_ids[email]

        organization = db.session.get(Organization, self.organization_id)
        user = db.session.execute(
            sa.select(User).where(User.email == email)
        ).scalar_one_or_none()
        if user is None:
            user, _ = create_user(
                email,
                first_name=first_name,
                last_name=last_name,
                organization=organization,
                role="annotator",
            )
            self.made_now.append(user.id)
            self.kinds[email] = "created"
        else:
            if membership_of(user, self.organization_id) is None:
                add_member(user, organization, "annotator")
                self.joined_now.append(user.id)
            self.kinds[email] = "matched"
        if is_placeholder(email):
            self.kinds[email] = "placeholder"
        self.user_ids[email] = user.id
        return user.id

    def keep(self) -> None:
        """The project of the last ``resolve`` was imported."""
        self.used |= self.used_now
        self.used_now, self.made_now, self.joined_now = set(), [], []

    def undo(self) -> None:
        """The project of the last ``resolve`` was not imported: take back
        the users it made and the memberships it gave."""
        from labelcore.models import Membership, User, db

        if self.joined_now:
            db.session.execute(
                sa.delete(Membership).where(
                    Membership.organization_id == self.organization_id,
                    Membership.user_id.in_(self.joined_now),
                )
            )
        if self.made_now:
            db.session.execute(sa.delete(User).where(User.id.in_(self.made_now)))
        db.session.commit()

        # Looked up afresh by the next project that names them.
        touched = {*self.made_now, *self.joined_now}
        for email in [e for e, user in self.user_ids.items() if user in touched]:
            del self.user_ids[email]
            del self.kinds[email]
        self.used_now, self.made_now, self.joined_now = set(), [], []
