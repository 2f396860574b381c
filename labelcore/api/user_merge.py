"""``POST /api/users/<id>/merge``: an organization administrator gives one
member's work to another member (``labelcore.accounts_merge``)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask import jsonify
from flask_smorest import Blueprint

from labelcore.accounts_merge import MergeRefused, merge_users
from labelcore.api.access import json_body
from labelcore.api.errors import ApiError, invalid, json_request
from labelcore.api.users import organization_member
from labelcore.auth import require_user
from labelcore.models import Membership, Organization, User, db
from labelcore.permissions import at_least, organization_role

blp = Blueprint("user_merge", __name__, url_prefix="/api", description="Merging users")

FLAGS = ("keep_both", "dry_run", "force")
CONFLICTS = {"annotations_overlap", "rows_collide"}


class MergedUserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)


class SharedTasksSchema(ma.Schema):
    count = ma.fields.Integer(required=True)
    ids = ma.fields.List(
        ma.fields.Integer(), required=True, metadata={"description": "Up to 20."}
    )


class MergeSummarySchema(ma.Schema):
    """What the merge moved and deleted, counted by ``table.column``."""

    source = ma.fields.Nested(MergedUserSchema, required=True)
    target = ma.fields.Nested(MergedUserSchema, required=True)
    dry_run = ma.fields.Boolean(required=True)
    moved = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Integer(), required=True
    )
    deleted = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Integer(), required=True
    )
    shared_tasks = ma.fields.Nested(SharedTasksSchema, required=True)


@blp.route("/users/<int:user_id>/merge", methods=["POST"])
@blp.response(200, MergeSummarySchema)
@blp.doc(
    **json_request(
        {
            "into": {"type": "integer", "description": "The target user's id."},
            "keep_both": {"type": "boolean", "default": False},
            "dry_run": {"type": "boolean", "default": False},
            "force": {"type": "boolean", "default": False},
        },
        required=("into",),
    )
)
def merge_user(user_id: int):
    """Give everything user ``user_id`` did or owns to the user ``into`` and
    delete ``user_id``: annotations, drafts, task events and locks, created
    projects, memberships (the higher role where both are members) and the
    rest; API tokens are deleted. ``{"into": <id>, "keep_both": false,
    "dry_run": false, "force": false}``.

    Both must be members of the caller's organization, and the caller an
    administrator of every organization the source belongs to (an owner
    where the source is one). Tasks both annotated answer 409 with their
    ``task_ids`` unless ``keep_both``; a real account into a placeholder
    needs ``force``; ``dry_run`` answers the summary and changes nothing.
    """
    source = organization_member(user_id)
    body = json_body()
    target = organization_member(_target_id(body))
    flags = {name: _flag(body, name) for name in FLAGS}
    _check_caller_may_remove(source)

    try:
        summary = merge_users(source, target, **flags)
    except MergeRefused as refused:
        raise _answer_for(refused) from None
    return jsonify(summary.as_json())


def _target_id(body: dict[str, Any]) -> int:
    value = body.get("into")
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid("into", f"must be the id of the target user, got {value!r}.")
    return value


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise invalid(name, f"must be true or false, got {value!r}.")
    return value


def _check_caller_may_remove(source: User) -> None:
    """The merge deletes the source from every organization it is in: the
    caller must be able to remove it from each of them."""
    caller = require_user()
    if source.is_admin and not caller.is_admin:
        raise _forbidden(
            f"User {source.id} is a server administrator: only another server "
            f"administrator may merge them away."
        )

    places = db.session.execute(
        sa.select(Membership.organization_id, Membership.role, Organization.title)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Membership.user_id == source.id)
        .order_by(Membership.organization_id)
    ).all()
    for place, role, title in places:
        needed = "owner" if role == "owner" else "administrator"
        if not at_least(organization_role(caller, place), needed):
            raise _forbidden(
                f"User {source.id} is {_a(role)} of organization {place} "
                f"({title!r}), where you are not {_a(needed)}: merging them "
                f"away would change its members. Ask one of its {needed}s, or "
                f"run `labelcore user merge` on the server."
            )


def _a(role: str) -> str:
    return f"{'an' if role[0] in 'aeiou' else 'a'} {role}"


def _forbidden(detail: str) -> ApiError:
    return ApiError(403, detail, code="permission_denied")


def _answer_for(refused: MergeRefused) -> ApiError:
    if refused.code in CONFLICTS:
        return ApiError(409, str(refused), code=refused.code, **refused.details)
    if refused.code == "user_unknown":
        return ApiError(404, str(refused), code="not_found")
    return invalid("into", str(refused), code=refused.code)
