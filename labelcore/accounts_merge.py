"""Merging two users: the source's work and places go to the target, and the
source is deleted.

Made for the placeholders that ``labelcore import-label-studio`` creates
(``label-studio-user-<id>@label-studio.invalid``) once the person behind
one has an account of their own, and good for any two accounts of one
person. Every column that points at a user moves (annotations, drafts,
task events, locks, created projects, jobs, views, invites, audit entries
and whatever a plugin's tables hold; ``labelcore.user_references`` finds
them), with four exceptions:

- API tokens and password reset links are deleted: they are credentials of
  the source, and moved they would let whoever holds them act as the target.
- Organization and project memberships: where both users are members, the
  target keeps one membership with the higher of the two roles.
- Task locks: a lock the target holds already, or on a task that either
  user has submitted an annotation for, is dropped, so that the label
  stream hands the target neither the same task twice nor one it now did.
- Any other table (a plugin's, say) that keeps its user column unique,
  alone or with other columns, refuses the merge when both users have a
  row with the same values there, since there is no telling which to keep.

Tasks that both users annotated are refused unless the caller asks to keep
both. A task's ``total_annotations`` counts its submitted annotations and
the label stream takes each as a different annotator's: after the merge
such a task would hold two annotations by one person that count as two
toward its overlap (so it may be finished with one person's judgement),
and its ``disagreement`` would compare that person with themselves.
Keeping both is right when the two accounts did independent work that
should stay, such as two passes over the same data.

The stored counters need no recount. ``total_annotations``,
``cancelled_annotations``, ``is_labeled`` and the task's state follow from
how many annotations a task has, and the project's counts are sums of
them; ``disagreement`` compares results, not people. The merge adds and
deletes no annotation, so all of them stay as they are; only the columns
that name a person change.

Everything happens in one transaction, committed at the end or (for a dry
run, or on any error) rolled back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from labelcore import audit
from labelcore.imports.label_studio_people import is_placeholder
from labelcore.models import Annotation, ApiToken, Membership, TaskLock, User, db
from labelcore.models.accounts import PasswordReset, ProjectMember
from labelcore.permissions.rules import ROLE_RANK
from labelcore.user_references import UserReference, user_references

log = logging.getLogger(__name__)

LISTED_TASKS = 20
"""How many of the tasks both users annotated a refusal names."""

KEEP_BOTH = '--keep-both ("keep_both": true in the API)'
FORCE = '--force ("force": true in the API)'


class MergeRefused(ValueError):
    """The merge cannot go ahead and nothing was changed.

    ``code`` names the reason for programs; ``details`` carries what the
    message names (such as the ids of the tasks both users annotated).
    """

    def __init__(self, message: str, code: str, **details: Any):
        super().__init__(message)
        self.code = code
        self.details = details


@dataclass
class MergeSummary:
    """What a merge moved and deleted, by ``table.column``."""

    source_id: int
    source_email: str
    target_id: int
    target_email: str
    dry_run: bool
    moved: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    shared_tasks: list[int] = field(default_factory=list)
    """Tasks both users annotated, kept with both annotations."""

    def as_json(self) -> dict[str, Any]:
        return {
            "source": {"id": self.source_id, "email": self.source_email},
            "target": {"id": self.target_id, "email": self.target_email},
            "dry_run": self.dry_run,
            "moved": dict(sorted(self.moved.items())),
            "deleted": dict(sorted(self.deleted.items())),
            "shared_tasks": {
                "count": len(self.shared_tasks),
                "ids": self.shared_tasks[:LISTED_TASKS],
            },
        }

    def lines(self) -> list[str]:
        source = f"{self.source_email} (user {self.source_id})"
        target = f"{self.target_email} (user {self.target_id})"
        if self.dry_run:
            lines = [f"Dry run, nothing was changed: merging {source} into {target}"]
        else:
            lines = [f"Merged {source} into {target}"]

        width = max(map(len, [*self.moved, *self.deleted, ""]))
        for title, counts in (("moved", self.moved), ("deleted", self.deleted)):
            lines.append(f"  {title}:")
            lines.extend(
                f"    {kind:<{width}}  {count}"
                for kind, count in sorted(counts.items())
                if count
            )
        if self.shared_tasks:
            lines.append(
                f"  tasks both annotated, kept with both annotations: "
                f"{_listed(self.shared_tasks)}"
            )
        return lines


def find_user(email: str, which: str) -> User:
    """The user with ``email`` (any case); ``which`` (``source`` or
    ``target``) names them in the refusal."""
    address = email.strip().lower()
    user = db.session.execute(
        sa.select(User).where(User.email == address)
    ).scalar_one_or_none()
    if user is None:
        raise MergeRefused(
            f"No user has the e-mail {address!r} (the {which}): check the "
            f"address; `labelcore user create` makes a user.",
            "user_unknown",
            email=address,
        )
    return user


def merge_users(
    source: User,
    target: User,
    *,
    keep_both: bool = False,
    force: bool = False,
    dry_run: bool = False,
) -> MergeSummary:
    """Give everything ``source`` did or owns to ``target``, delete
    ``source``, and commit (roll back with ``dry_run``).

    Refuses with ``MergeRefused``: the same user twice, a deactivated
    target, a placeholder target for a real source (unless ``force``),
    tasks both annotated (unless ``keep_both``), and plugin rows that
    cannot both belong to the target.
    """
    try:
        summary = _merge(
            source.id, target.id, keep_both=keep_both, force=force, dry_run=dry_run
        )
    except BaseException:
        db.session.rollback()
        raise

    if dry_run:
        db.session.rollback()
        return summary
    db.session.commit()
    log.info(
        "Merged user %s (%s) into user %s (%s): %d rows moved",
        summary.source_id,
        summary.source_email,
        summary.target_id,
        summary.target_email,
        sum(summary.moved.values()),
    )
    return summary


def _merge(
    source_id: int, target_id: int, *, keep_both: bool, force: bool, dry_run: bool
) -> MergeSummary:
    if source_id == target_id:
        raise MergeRefused(
            "The source and the target are the same user: name two different "
            "users, the one to delete first.",
            "same_user",
        )
    source, target = _locked_pair(source_id, target_id)
    _check_pair(source, target, force)
    shared = _shared_tasks(source.id, target.id)
    if shared and not keep_both:
        raise MergeRefused(
            f"{source.email!r} and {target.email!r} both annotated "
            f"{_listed(shared)}: after the merge each would hold two annotations "
            f"by {target.email!r} that count as two annotators toward its "
            f"overlap. Delete one annotation of each pair first, or keep both "
            f"with {KEEP_BOTH}.",
            "annotations_overlap",
            task_ids=shared[:LISTED_TASKS],
            task_count=len(shared),
        )

    summary = MergeSummary(
        source.id, source.email, target.id, target.email, dry_run, shared_tasks=shared
    )
    references = user_references(db.session.connection())
    handlers = _special_handlers()
    _check_unique_rows(
        [ref for ref in references if ref.kind not in handlers], source, target
    )

    organization_ids = _organizations_of(source.id)
    # The special kinds first: the locks are judged by whose annotations
    # are whose, which moving the annotations changes.
    for reference in references:
        if reference.kind in handlers:
            handlers[reference.kind](reference, source.id, target.id, summary)
    for reference in references:
        if reference.kind not in handlers:
            _move_rows(reference, source.id, target.id, summary)
    if target.active_organization_id is None:
        target.active_organization_id = source.active_organization_id

    for organization_id in organization_ids:
        audit.record(
            "user.merged",
            object_type="user",
            object_id=target.id,
            organization_id=organization_id,
            source_id=source.id,
            source_email=source.email,
            target_email=target.email,
            kept_both=len(shared),
            moved=summary.moved,
        )
    db.session.delete(source)
    db.session.flush()
    summary.deleted["user"] = 1
    return summary


def _locked_pair(source_id: int, target_id: int) -> tuple[User, User]:
    """Both users read afresh; on PostgreSQL their rows stay locked until the
    end, so that a write naming the source (which takes a key-share lock on
    its row) waits and then fails on the deleted user instead of slipping
    in after its rows moved. SQLite writers run one at a time anyway."""
    query = (
        sa.select(User)
        .where(User.id.in_((source_id, target_id)))
        .order_by(User.id)
        .execution_options(populate_existing=True)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update()
    users = {user.id: user for user in db.session.execute(query).scalars()}
    for user_id, which in ((source_id, "source"), (target_id, "target")):
        if user_id not in users:
            raise MergeRefused(
                f"User {user_id} (the {which}) was not found.",
                "user_unknown",
                user_id=user_id,
            )
    return users[source_id], users[target_id]


def _check_pair(source: User, target: User, force: bool) -> None:
    if not target.is_active:
        raise MergeRefused(
            f"The target {target.email!r} is deactivated: nobody could carry on "
            f"the work merged into it. Reactivate it first, or merge into an "
            f"active user.",
            "target_deactivated",
        )
    into_placeholder = is_placeholder(target.email) and not is_placeholder(source.email)
    if into_placeholder and not force:
        raise MergeRefused(
            f"The target {target.email!r} is a placeholder for a Label Studio "
            f"annotator, and the source {source.email!r} is a real account "
            f"that would be deleted into it. Swap the two users to give the "
            f"placeholder's work to {source.email!r}, or pass {FORCE} to "
            f"merge this way after all.",
            "placeholder_target",
        )


def _shared_tasks(source_id: int, target_id: int) -> list[int]:
    """Tasks that both users submitted an annotation for. A skip is no
    conflict: one person's skip beside their own later answer is what the
    label stream makes when skipped tasks come back to their annotator."""
    mine = Annotation.__table__.alias("by_source")
    theirs = Annotation.__table__.alias("by_target")
    query = (
        sa.select(mine.c.task_id)
        .distinct()
        .join(theirs, theirs.c.task_id == mine.c.task_id)
        .where(
            mine.c.completed_by_id == source_id,
            mine.c.was_cancelled.is_(False),
            theirs.c.completed_by_id == target_id,
            theirs.c.was_cancelled.is_(False),
        )
        .order_by(mine.c.task_id)
    )
    return list(db.session.execute(query).scalars())


def _listed(task_ids: list[int]) -> str:
    shown = ", ".join(map(str, task_ids[:LISTED_TASKS]))
    noun = "task" if len(task_ids) == 1 else "tasks"
    if len(task_ids) > LISTED_TASKS:
        return f"{len(task_ids)} {noun} (the first {LISTED_TASKS}: {shown})"
    return f"{len(task_ids)} {noun} ({shown})"


def _organizations_of(user_id: int) -> list[int]:
    return list(
        db.session.execute(
            sa.select(Membership.organization_id)
            .where(Membership.user_id == user_id)
            .order_by(Membership.organization_id)
        ).scalars()
    )


def _check_unique_rows(
    references: list[UserReference], source: User, target: User
) -> None:
    """Refuse before any change when moving a table's rows would give the
    target two rows that the table keeps unique."""
    for reference in references:
        for key in reference.unique_keys:
            clashes = _clashes(reference, key, source.id, target.id)
            if not clashes:
                continue
            others = [name for name in key if name != reference.column]
            same = f"the same {', '.join(others)}" if others else "a row"
            raise MergeRefused(
                f"The table {reference.table.name!r} keeps "
                f"({', '.join(key)}) unique, and {clashes} of its rows for "
                f"{source.email!r} have {same} as a row for {target.email!r}: "
                f"the merge cannot tell which to keep. Remove the rows that are "
                f"no longer needed first.",
                "rows_collide",
                table=reference.table.name,
                columns=list(key),
            )


def _clashes(reference: UserReference, key: tuple[str, ...], source_id, target_id):
    mine = reference.table.alias("of_source")
    theirs = reference.table.alias("of_target")
    same = [theirs.c[name] == mine.c[name] for name in key if name != reference.column]
    query = (
        sa.select(sa.func.count())
        .select_from(mine.join(theirs, sa.and_(sa.true(), *same)))
        .where(
            mine.c[reference.column] == source_id,
            theirs.c[reference.column] == target_id,
        )
    )
    return db.session.execute(query).scalar_one()


# -- moving the rows of each kind -----------------------------------------------


def _unchanged_timestamps(table: sa.Table) -> dict[str, Any]:
    """Columns that update themselves (``updated_at``) set to their own
    value: who did the work changes, not when. A draft is superseded by an
    annotation saved after it, so a moved annotation that looked newer
    would hide its author's draft."""
    return {column.name: column for column in table.columns if column.onupdate}


def _move_rows(reference: UserReference, source_id, target_id, summary) -> None:
    table = reference.table
    column = table.c[reference.column]
    moved = db.session.execute(
        table.update()
        .where(column == source_id)
        .values({reference.column: target_id, **_unchanged_timestamps(table)})
    ).rowcount
    summary.moved[reference.kind] = moved


def _delete_rows(reference: UserReference, source_id, target_id, summary) -> None:
    table = reference.table
    deleted = db.session.execute(
        table.delete().where(table.c[reference.column] == source_id)
    ).rowcount
    summary.deleted[reference.kind] = deleted


def _fold_roles(scope: str):
    """A membership table's handler: where both users have a row in the same
    ``scope`` (organization, project), the target's keeps the higher role."""

    def fold(reference: UserReference, source_id, target_id, summary) -> None:
        table = reference.table
        column = table.c[reference.column]
        targets = {
            place: (row_id, role)
            for row_id, place, role in db.session.execute(
                sa.select(table.c.id, table.c[scope], table.c.role).where(
                    column == target_id
                )
            )
        }
        sources = db.session.execute(
            sa.select(table.c.id, table.c[scope], table.c.role).where(
                column == source_id
            )
        ).all()

        for row_id, place, role in sources:
            if place not in targets:
                db.session.execute(
                    table.update()
                    .where(table.c.id == row_id)
                    .values({reference.column: target_id})
                )
                continue
            target_row, target_role = targets[place]
            if ROLE_RANK.get(role, 0) > ROLE_RANK.get(target_role, 0):
                db.session.execute(
                    table.update().where(table.c.id == target_row).values(role=role)
                )
            db.session.execute(table.delete().where(table.c.id == row_id))
        summary.moved[reference.kind] = len(sources)

    return fold


def _move_locks(reference: UserReference, source_id, target_id, summary) -> None:
    """Drop the locks the merged user must not hold, then move the rest."""
    table = reference.table
    submitted_by = sa.select(Annotation.task_id).where(
        Annotation.was_cancelled.is_(False)
    )
    held_by_target = sa.select(TaskLock.task_id).where(TaskLock.user_id == target_id)
    pointless = sa.or_(
        sa.and_(
            table.c.user_id == source_id,
            sa.or_(
                table.c.task_id.in_(held_by_target),
                table.c.task_id.in_(
                    submitted_by.where(
                        Annotation.completed_by_id.in_((source_id, target_id))
                    )
                ),
            ),
        ),
        sa.and_(
            table.c.user_id == target_id,
            table.c.task_id.in_(
                submitted_by.where(Annotation.completed_by_id == source_id)
            ),
        ),
    )
    summary.deleted[reference.kind] = db.session.execute(
        table.delete().where(pointless)
    ).rowcount
    _move_rows(reference, source_id, target_id, summary)


def _special_handlers() -> dict[str, Any]:
    return {
        f"{ApiToken.__tablename__}.user_id": _delete_rows,
        f"{PasswordReset.__tablename__}.user_id": _delete_rows,
        f"{Membership.__tablename__}.user_id": _fold_roles("organization_id"),
        f"{ProjectMember.__tablename__}.user_id": _fold_roles("project_id"),
        f"{TaskLock.__tablename__}.user_id": _move_locks,
    }
