"""Rules: what an endpoint needs, and where its project comes from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLE_RANK = {
    "annotator": 1,
    "reviewer": 2,
    "manager": 3,
    "administrator": 4,
    "owner": 5,
}
ORGANIZATION_ADMINS = ("owner", "administrator")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


# -- where the project of a request comes from ----------------------------------


@dataclass(frozen=True)
class Locate:
    """One place to find the project a request acts on.

    ``source`` is ``view`` (a view argument), ``query`` (a query-string
    argument) or ``body`` (a field of the JSON body). Without ``model`` the
    value is the project's id; with one it is the id of a ``model`` row whose
    ``project_id`` is the project (and ``what`` names the row in a 404).
    """

    source: str
    name: str
    model: Any = None
    what: str = ""
    organization: bool = False
    """The value is an organization's id: the rule checks the caller's role
    in that organization (404 when they are no member)."""
    table: str = ""
    """Instead of ``model``, the name of a table with ``id`` and
    ``project_id`` columns, for rows of plugins the core does not import."""


def view_arg(name: str = "project_id", model: Any = None, what: str = "") -> Locate:
    return Locate("view", name, model, what)


def row_of_table(name: str, table: str, what: str) -> Locate:
    return Locate("view", name, what=what, table=table)


def organization_arg(name: str = "organization_id") -> Locate:
    return Locate("view", name, organization=True)


def query_arg(name: str = "project", model: Any = None, what: str = "") -> Locate:
    return Locate("query", name, model, what)


def body_field(name: str = "project", model: Any = None, what: str = "") -> Locate:
    return Locate("body", name, model, what)


@dataclass(frozen=True)
class Rule:
    """What one endpoint needs.

    ``role`` is the least role; ``None`` with ``public`` means no login at
    all, ``None`` without it any logged-in user. ``locate`` lists where the
    project comes from, tried in order; with none found the caller's
    organization role is checked instead. ``owner_field`` names the row
    attribute (such as ``completed_by_id``) that lets its own author act
    with ``own_role`` although their role is below ``role``.
    """

    role: str | None = None
    locate: tuple[Locate, ...] = ()
    public: bool = False
    owner_field: str | None = None
    own_role: str = "annotator"
    action: str = ""
    organization_role: str | None = None
    """The least organization role when the request names no project
    (``role`` when unset): an organization-wide webhook needs more than a
    project's one."""

    def describe(self) -> str:
        if self.public:
            return "public"
        return self.role or "any logged-in user"


PUBLIC = Rule(public=True)
LOGGED_IN = Rule()
UNRULED = Rule(role="administrator", action="use an endpoint without a rule")


def permission_rule(rule: Rule) -> Callable:
    """Give a plugin's view function its rule::

    @blp.route("/things/<int:thing_id>")
    @permission_rule(Rule("manager", (view_arg("thing_id", Thing, "Thing"),)))
    def read_thing(thing_id): ...
    """

    def attach(view: Callable) -> Callable:
        view.labelcore_rule = rule
        return view

    return attach
