"""Who may do what: roles, the one permission table, and how it is applied.

Every endpoint has a ``Rule``: the least role it needs and where the
project it acts on comes from (a view argument, a row it names, a query
argument or a body field). A ``before_request`` hook finds the endpoint's
rule and answers 404 for an object the caller cannot see (another
organization's, or a restricted project they are not a member of) and 403
when they can see it but their role forbids the action. Reads that return
many rows are narrowed in the database: restricted projects vanish from
lists of projects and jobs, and an annotator sees only their own
annotations unless the project shows everyone's.

Roles, highest first: ``owner``, ``administrator`` (of the organization),
``manager``, ``reviewer``, ``annotator``. A member's organization role is
their role in every open project of the organization; a project
membership sets another role there; owners and administrators hold their
role in every project. A server administrator (``is_superuser``) is an
owner of each organization they belong to.

Core endpoints have their rules in ``table.RULES``. A plugin gives its
endpoints rules with ``permission_rule`` on the view function; an endpoint
with no rule is open to organization administrators only, and a test that
walks every route fails for it.
"""

from labelcore.permissions.check import (
    check_request,
    register_permissions,
    rule_for,
)
from labelcore.permissions.narrowing import (
    hidden_project_ids,
    limited_annotation_project_ids,
)
from labelcore.permissions.roles import (
    UNFILTERED,
    AccessSettings,
    access_of,
    at_least,
    can_see_project,
    effective_role,
    may_see_annotation,
    organization_role,
    project_role,
    sees_all_annotations,
    visible_annotations,
)
from labelcore.permissions.rules import (
    LOGGED_IN,
    ORGANIZATION_ADMINS,
    PUBLIC,
    ROLE_RANK,
    Locate,
    Rule,
    body_field,
    organization_arg,
    permission_rule,
    query_arg,
    row_of_table,
    view_arg,
)
from labelcore.permissions.table import RULES

__all__ = [
    "LOGGED_IN",
    "ORGANIZATION_ADMINS",
    "PUBLIC",
    "ROLE_RANK",
    "RULES",
    "UNFILTERED",
    "AccessSettings",
    "Locate",
    "Rule",
    "access_of",
    "at_least",
    "body_field",
    "can_see_project",
    "check_request",
    "effective_role",
    "hidden_project_ids",
    "limited_annotation_project_ids",
    "may_see_annotation",
    "organization_arg",
    "organization_role",
    "permission_rule",
    "project_role",
    "query_arg",
    "register_permissions",
    "row_of_table",
    "rule_for",
    "sees_all_annotations",
    "view_arg",
    "visible_annotations",
]
