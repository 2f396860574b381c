"""Who may call the storage endpoints, and which calls the audit log keeps.

Each view carries its rule (``permission_rule``) and, when it changes a
storage, its audit action (``audited``): the core knows no storage.
"""

from __future__ import annotations

from collections.abc import Callable

from labelcore import (
    LOGGED_IN,
    Rule,
    audited,
    body_field,
    permission_rule,
    query_arg,
    view_arg,
)
from labelcore.models import Task
from labelcore_storages.models import Storage

STORAGE = (view_arg("storage_id", Storage, "Storage"),)
TASK = (view_arg("task_id", Task, "Task"),)
PROJECT_QUERY_OR_BODY = (query_arg("project"), body_field("project"))


def _managers(action: str, locate=STORAGE) -> Rule:
    return Rule(role="manager", locate=locate, action=action)


LISTING = Rule(
    role="manager",
    organization_role="administrator",
    locate=PROJECT_QUERY_OR_BODY,
    action="list storages",
)
STORAGE_RULES = {
    "list_all": LISTING,
    "list": LISTING,
    "create": _managers("add a storage", PROJECT_QUERY_OR_BODY),
    "validate": _managers("check a storage", PROJECT_QUERY_OR_BODY),
    "read": _managers("read a storage"),
    "update": _managers("change a storage"),
    "delete": _managers("delete a storage"),
    "sync": _managers("sync a storage"),
}
"""By view name, the same for import and export storages."""
AUDITED_ACTIONS = {
    "create": "storage.created",
    "update": "storage.updated",
    "delete": "storage.deleted",
}

types_rule = permission_rule(LOGGED_IN)
local_files_rule = permission_rule(Rule(role="annotator", action="read local files"))
task_media_rule = permission_rule(
    Rule(role="annotator", locate=TASK, action="open a task's media")
)


def declared(name: str, view: Callable) -> Callable:
    """``view``, the storage endpoint ``name`` of either direction, with its
    rule and, when it changes a storage, its audit action."""
    view = permission_rule(STORAGE_RULES[name])(view)
    if name in AUDITED_ACTIONS:
        view = audited(AUDITED_ACTIONS[name], object_id="storage_id")(view)
    return view
