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

Core endpoints have their rules in ``RULES`` below. A plugin gives its
endpoints rules with ``permission_rule`` on the view function; an endpoint
with no rule is open to organization administrators only, and a test that
walks every route fails for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import with_loader_criteria

from labelcore.api.errors import ApiError, not_found
from labelcore.models import (
    Annotation,
    DataManagerView,
    Job,
    Membership,
    Prediction,
    Project,
    Task,
    TaskDataIndex,
    User,
    db,
)
from labelcore.models.accounts import ProjectAccess, ProjectMember

log = logging.getLogger(__name__)

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


def view_arg(name: str = "project_id", model: Any = None, what: str = "") -> Locate:
    return Locate("view", name, model, what)


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


def rule_for(endpoint: str, app: Flask | None = None) -> Rule | None:
    """The rule of ``endpoint``: the table's, else one a view carries."""
    found = RULES.get(endpoint)
    if found is not None:
        return found
    app = app or current_app
    view = app.view_functions.get(endpoint)
    found = getattr(view, "labelcore_rule", None)
    if found is None:
        found = getattr(getattr(view, "view_class", None), "labelcore_rule", None)
    return found


# -- roles ---------------------------------------------------------------------


def organization_role(user: User | None, organization_id: int | None) -> str | None:
    """``user``'s role in the organization, ``None`` for a non-member."""
    if user is None or organization_id is None:
        return None
    cache = _request_cache("organization_roles")
    key = (user.id, organization_id)
    if key not in cache:
        role = db.session.execute(
            sa.select(Membership.role).where(
                Membership.organization_id == organization_id,
                Membership.user_id == user.id,
            )
        ).scalar_one_or_none()
        if role is not None and user.is_admin:
            role = "owner"
        cache[key] = _known_role(role)
    return cache[key]


def _known_role(role: str | None) -> str | None:
    if role is None:
        return None
    # Rows from before roles say "member": the least role.
    return role if role in ROLE_RANK else "annotator"


def access_of(project_id: int) -> ProjectAccess | None:
    cache = _request_cache("project_access")
    if project_id not in cache:
        cache[project_id] = db.session.get(ProjectAccess, project_id)
    return cache[project_id]


def effective_role(project: Project, user: User | None) -> str | None:
    """``user``'s role in ``project``, ``None`` when they may not see it.

    Owners and administrators of the organization keep their role; a
    project membership comes next; the project's creator manages it; on an
    open project everyone else has their organization role, capped at
    manager; a restricted project is hidden from everyone else.
    """
    if user is None or project is None:
        return None
    cache = _request_cache("project_roles")
    key = (user.id, project.id)
    if key in cache:
        return cache[key]

    in_organization = organization_role(user, project.organization_id)
    role: str | None
    if in_organization is None:
        role = None
    elif in_organization in ORGANIZATION_ADMINS:
        role = in_organization
    else:
        member_role = db.session.execute(
            sa.select(ProjectMember.role).where(
                ProjectMember.project_id == project.id,
                ProjectMember.user_id == user.id,
            )
        ).scalar_one_or_none()
        access = access_of(project.id)
        if member_role is not None:
            role = member_role
        elif project.created_by_id == user.id:
            role = "manager"
        elif access is not None and access.restricted:
            role = None
        else:
            role = in_organization

    cache[key] = role
    return role


def project_role(project: Project, user: User | None) -> str | None:
    """``user``'s role in ``project`` as a workflow sees it: ``manager``,
    ``reviewer``, ``annotator`` or ``None`` (owners and administrators
    count as managers)."""
    role = effective_role(project, user)
    if role in ORGANIZATION_ADMINS:
        return "manager"
    return role


def at_least(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def can_see_project(project: Project | None, user: User | None = None) -> bool:
    """Whether the caller may see ``project`` at all (their active organization's,
    and open to them)."""
    user = user if user is not None else g.get("user")
    if project is None or user is None:
        return False
    if project.organization_id != user.active_organization_id:
        return False
    return effective_role(project, user) is not None


def sees_all_annotations(project: Project, user: User | None = None) -> bool:
    """Whether the caller sees every annotation of ``project``'s tasks, not
    only their own: reviewers and up do, annotators when the project says so."""
    user = user if user is not None else g.get("user")
    role = effective_role(project, user)
    if at_least(role, "reviewer"):
        return True
    access = access_of(project.id)
    return access is not None and access.annotators_see_others


def visible_annotations(query: sa.Select, project: Project) -> sa.Select:
    """``query`` over ``Annotation`` narrowed to what the caller may see."""
    if sees_all_annotations(project):
        return query
    user = g.get("user")
    return query.where(Annotation.completed_by_id == (user.id if user else None))


def may_see_annotation(annotation: Annotation) -> bool:
    project = db.session.get(Project, annotation.project_id)
    user = g.get("user")
    if not can_see_project(project, user):
        return False
    return sees_all_annotations(project, user) or (
        user is not None and annotation.completed_by_id == user.id
    )


def _request_cache(name: str) -> dict:
    caches = g.setdefault("labelcore_permission_cache", {})
    return caches.setdefault(name, {})


# -- applying the table to a request ---------------------------------------------


@dataclass
class Decision:
    """What the check found out about a request, kept on ``g.permission``."""

    rule: Rule
    project: Project | None = None
    role: str | None = None
    rows: dict[str, Any] = field(default_factory=dict)
    organization_id: int | None = None


def _body() -> dict[str, Any]:
    raw = request.get_data(cache=True)
    if not raw or not (request.mimetype or "").endswith("json"):
        return {}
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    return body if isinstance(body, dict) else {}


def _raw_value(locate: Locate) -> Any:
    if locate.source == "view":
        return (request.view_args or {}).get(locate.name)
    if locate.source == "query":
        raw = request.args.get(locate.name)
        if raw is None or not raw.strip().lstrip("-").isdigit():
            return None
        return int(raw)
    value = _body().get(locate.name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _locate_project(rule: Rule, decision: Decision) -> int | None:
    """The project id the request names, or ``None``; 404 for a named row
    that is not there."""
    for locate in rule.locate:
        value = _raw_value(locate)
        if value is None:
            continue
        if locate.organization:
            decision.organization_id = value
            return None
        if locate.model is None:
            return value
        row = db.session.get(locate.model, value)
        what = locate.what or locate.model.__name__
        if row is None:
            raise not_found(what, value)
        decision.rows[locate.name] = row
        project_id = getattr(row, "project_id", None)
        if project_id is None:
            decision.rows["__unowned__"] = row
            return None
        return project_id
    return None


def _forbidden(
    user_role: str | None, rule: Rule, where: str, needed: str | None = None
) -> ApiError:
    needed = needed or rule.role
    what = rule.action or f"{request.method} {request.path}"
    held = (
        f"your role {where} is {user_role}"
        if user_role
        else f"you have no role {where}"
    )
    return ApiError(
        403,
        f"You may not {what}: {held}, and this needs {needed} or higher. "
        f"Ask an owner or administrator of the organization (or a manager of "
        f"the project) for that role.",
        code="permission_denied",
        required_role=needed,
        your_role=user_role,
    )


def _hidden(rule: Rule, project_id: int) -> ApiError:
    for locate in rule.locate:
        if locate.model is not None and _raw_value(locate) is not None:
            return not_found(locate.what or locate.model.__name__, _raw_value(locate))
    return not_found("Project", project_id)


_WARNED: set[str] = set()


def check_request() -> None:
    """The ``before_request`` hook: apply the endpoint's rule."""
    endpoint = request.endpoint
    if endpoint is None or request.method == "OPTIONS":
        return
    rule = rule_for(endpoint)
    if rule is None:
        rule = UNRULED
        if endpoint not in _WARNED:
            _WARNED.add(endpoint)
            log.warning(
                "Endpoint %s has no permission rule: only organization "
                "administrators may call it",
                endpoint,
            )
    if rule.public:
        return

    user = g.get("user")
    if user is None:
        raise ApiError(401, "Authentication credentials were not provided.")
    decision = Decision(rule)
    g.permission = decision
    if rule.role is None:
        return

    project_id = _locate_project(rule, decision)
    if project_id is None:
        _check_without_project(rule, decision, user)
        return

    project = db.session.get(Project, project_id)
    if project is None or not can_see_project(project, user):
        raise _hidden(rule, project_id)
    decision.project = project
    decision.role = effective_role(project, user)
    where = f"in project {project.id} ({project.title!r})"
    if at_least(decision.role, rule.role):
        _check_row_visible(rule, decision, user)
        return
    if rule.owner_field and at_least(decision.role, rule.own_role):
        rows = [row for row in decision.rows.values() if hasattr(row, rule.owner_field)]
        if rows and all(getattr(row, rule.owner_field) == user.id for row in rows):
            return
        _check_row_visible(rule, decision, user)
    raise _forbidden(decision.role, rule, where)


def _check_row_visible(rule: Rule, decision: Decision, user: User) -> None:
    # An annotation hidden from an annotator is absent for them, not forbidden.
    for name, row in decision.rows.items():
        if isinstance(row, Annotation) and not may_see_annotation(row):
            raise not_found("Annotation", getattr(row, "id", name))


def _check_without_project(rule: Rule, decision: Decision, user: User) -> None:
    unowned = decision.rows.get("__unowned__")
    organization_id = getattr(unowned, "organization_id", None)
    if decision.organization_id is not None:
        organization_id = decision.organization_id
        if organization_role(user, organization_id) is None:
            raise not_found("Organization", organization_id)
    elif organization_id is None:
        organization_id = user.active_organization_id
    elif organization_id != user.active_organization_id:
        raise not_found(type(unowned).__name__, getattr(unowned, "id", "?"))
    decision.role = organization_role(user, organization_id)
    needed = rule.organization_role or rule.role
    if decision.role is None:
        raise ApiError(
            403,
            "You are not a member of an organization: accept an invite link, "
            "or ask an owner of one to add you.",
            code="no_organization",
        )
    if at_least(decision.role, needed):
        return
    created_by = getattr(unowned, "created_by_id", None)
    if unowned is not None and created_by == user.id:
        return
    raise _forbidden(decision.role, rule, "in this organization", needed)


# -- narrowing lists in the database ---------------------------------------------


def hidden_project_ids(user: User) -> list[int]:
    """Restricted projects of the caller's organization they are no member of."""
    cache = _request_cache("hidden_projects")
    if "ids" in cache:
        return cache["ids"]
    organization_id = user.active_organization_id
    role = organization_role(user, organization_id)
    if role in ORGANIZATION_ADMINS:
        cache["ids"] = []
        return []
    member_of = sa.select(ProjectMember.project_id).where(
        ProjectMember.user_id == user.id
    )
    rows = db.session.execute(
        sa.select(Project.id)
        .join(ProjectAccess, ProjectAccess.project_id == Project.id)
        .where(
            Project.organization_id == organization_id,
            ProjectAccess.restricted.is_(True),
            sa.or_(Project.created_by_id.is_(None), Project.created_by_id != user.id),
            Project.id.not_in(member_of),
        )
        .execution_options(labelcore_unfiltered=True)
    )
    cache["ids"] = [project_id for (project_id,) in rows]
    return cache["ids"]


def limited_annotation_project_ids(user: User) -> list[int]:
    """Projects of the caller's organization where they see only their own
    annotations."""
    cache = _request_cache("limited_projects")
    if "ids" in cache:
        return cache["ids"]
    organization_id = user.active_organization_id
    org_role = organization_role(user, organization_id)
    if org_role is None or org_role in ORGANIZATION_ADMINS:
        cache["ids"] = []
        return []
    rows = db.session.execute(
        sa.select(Project.id, Project.created_by_id, ProjectMember.role)
        .outerjoin(
            ProjectMember,
            sa.and_(
                ProjectMember.project_id == Project.id,
                ProjectMember.user_id == user.id,
            ),
        )
        .outerjoin(ProjectAccess, ProjectAccess.project_id == Project.id)
        .where(
            Project.organization_id == organization_id,
            sa.or_(
                ProjectAccess.annotators_see_others.is_(None),
                ProjectAccess.annotators_see_others.is_(False),
            ),
        )
        .execution_options(labelcore_unfiltered=True)
    )
    limited = []
    for project_id, created_by, member_role in rows:
        role = member_role or ("manager" if created_by == user.id else org_role)
        if not at_least(role, "reviewer"):
            limited.append(project_id)
    cache["ids"] = limited
    return limited


def _narrow_reads(state) -> None:
    """Hide, in every ORM query of a request, the rows the caller may not see
    in a list: restricted projects (and their jobs), and, on reads, other
    people's annotations where the caller sees only their own."""
    if not state.is_select or state.execution_options.get("labelcore_unfiltered"):
        return
    if not _in_user_request():
        return
    user = g.get("user")
    options = []
    # A criterion reaches every place the model appears in a statement,
    # subqueries and counts included, and costs nothing where it does not.
    hidden = hidden_project_ids(user)
    if hidden:
        options.append(with_loader_criteria(Project, Project.id.not_in(hidden)))
        options.append(
            with_loader_criteria(
                Job, sa.or_(Job.project_id.is_(None), Job.project_id.not_in(hidden))
            )
        )
    if request.method in SAFE_METHODS:
        limited = limited_annotation_project_ids(user)
        if limited:
            options.append(
                with_loader_criteria(
                    Annotation,
                    sa.or_(
                        Annotation.completed_by_id == user.id,
                        Annotation.project_id.not_in(limited),
                    ),
                )
            )
    if options:
        state.statement = state.statement.options(*options)


def _in_user_request() -> bool:
    return has_request_context() and g.get("user") is not None


def register_permissions(app: Flask) -> None:
    """Check every request against the table; narrow lists in the database."""
    app.before_request(check_request)
    if not event.contains(db.session, "do_orm_execute", _narrow_with_guard):
        event.listen(db.session, "do_orm_execute", _narrow_with_guard)


def _narrow_with_guard(state) -> None:
    # The lookups that compute what to hide are ORM queries too.
    if not has_request_context() or g.get("labelcore_narrowing"):
        return
    g.labelcore_narrowing = True
    try:
        _narrow_reads(state)
    finally:
        g.labelcore_narrowing = False


# -- the table -------------------------------------------------------------------

PROJECT = (view_arg("project_id"),)
TASK = (view_arg("task_id", Task, "Task"),)
ANNOTATION = (view_arg("annotation_id", Annotation, "Annotation"),)
PREDICTION = (view_arg("prediction_id", Prediction, "Prediction"),)
VIEW = (view_arg("view_id", DataManagerView, "View"),)
INDEX = (view_arg("index_id", TaskDataIndex, "Index"),)
JOB = (view_arg("job_id", Job, "Job"),)
PROJECT_ARGS = (
    query_arg("project"),
    query_arg("view", DataManagerView, "View"),
    query_arg("task", Task, "Task"),
    body_field("project"),
    body_field("task", Task, "Task"),
)


def _project(role: str, action: str, locate=PROJECT, **options) -> Rule:
    return Rule(role=role, locate=locate, action=action, **options)


def _organization(role: str, action: str, locate=()) -> Rule:
    return Rule(role=role, action=action, locate=locate)


ORGANIZATION = (organization_arg(),)


RULES: dict[str, Rule] = {
    # The web UI, its assets and the API documentation.
    "labelcore_web.single_page_app": PUBLIC,
    "labelcore_web.hashed_asset": PUBLIC,
    "labelcore_web.vendor_module": PUBLIC,
    "labelcore_web.plugin_module": PUBLIC,
    "labelcore_web.list_web_modules": LOGGED_IN,
    "api-docs.openapi_json": PUBLIC,
    "api-docs.openapi_swagger_ui": PUBLIC,
    "swagger_assets": PUBLIC,
    # Service.
    "service.health": PUBLIC,
    "service.version": PUBLIC,
    "service.list_plugins": LOGGED_IN,
    "service.list_templates": LOGGED_IN,
    "tasks.list_samplers": LOGGED_IN,
    "workflow.list_workflows": LOGGED_IN,
    "workflow.validate_workflow": LOGGED_IN,
    "config.sample_task_for_config": LOGGED_IN,
    "projects.validate_config": LOGGED_IN,
    # Sessions, the caller, tokens.
    "users.login": PUBLIC,
    "users.logout": PUBLIC,
    "users.csrf": PUBLIC,
    "users.signup": PUBLIC,
    "users.request_password_reset": PUBLIC,
    "users.reset_password": PUBLIC,
    "users.whoami": LOGGED_IN,
    "users.read_current_user": LOGGED_IN,
    "users.update_current_user": LOGGED_IN,
    "users.current_user_token": LOGGED_IN,
    "users.reset_current_user_token": LOGGED_IN,
    "users.create_password_reset": _organization(
        "administrator", "make password reset links"
    ),
    "users.list_users": _organization("annotator", "list the organization's users"),
    "users.read_user": _organization("annotator", "read a user"),
    "tokens.list_tokens": LOGGED_IN,
    "tokens.create_token": LOGGED_IN,
    "tokens.revoke_token": LOGGED_IN,
    "tokens.list_personal_tokens": LOGGED_IN,
    "tokens.create_personal_token": LOGGED_IN,
    "tokens.refresh_token": PUBLIC,
    "tokens.blacklist_token": PUBLIC,
    "tokens.rotate_token": PUBLIC,
    # Organizations, members, invites, the audit log.
    "organizations.list_organizations": LOGGED_IN,
    "organizations.create_organization": LOGGED_IN,
    "organizations.read_organization": _organization(
        "annotator", "read the organization", ORGANIZATION
    ),
    "organizations.update_organization": _organization(
        "administrator", "change the organization", ORGANIZATION
    ),
    "organizations.switch_organization": _organization(
        "annotator", "switch to the organization", ORGANIZATION
    ),
    "organizations.list_memberships": _organization(
        "annotator", "list the members", ORGANIZATION
    ),
    "organizations.update_membership": _organization(
        "administrator", "change a member's role", ORGANIZATION
    ),
    "organizations.delete_membership": _organization(
        "administrator", "remove a member", ORGANIZATION
    ),
    "organizations.list_invites": _organization(
        "administrator", "list invite links", ORGANIZATION
    ),
    "organizations.create_invite": _organization(
        "administrator", "create invite links", ORGANIZATION
    ),
    "organizations.read_invite": _organization("administrator", "make invite links"),
    "organizations.reset_invite": _organization("administrator", "reset invite links"),
    "organizations.revoke_invite": _organization(
        "administrator", "revoke invite links"
    ),
    "organizations.accept_invite": LOGGED_IN,
    "organizations.read_audit_log": _organization(
        "administrator", "read the audit log", ORGANIZATION
    ),
    # Projects.
    "projects.list_projects": _organization("annotator", "list projects"),
    "projects.create_project": _organization("manager", "create projects"),
    "projects.read_project": _project("annotator", "open this project"),
    "projects.update_project": _project("manager", "change this project"),
    "projects.delete_project": _project("manager", "delete this project"),
    "projects.read_parsed_config": _project("annotator", "read the label config"),
    "projects.validate_project_config": _project("manager", "change the label config"),
    "config.read_label_interface": _project("annotator", "read the label interface"),
    "config.sample_task_for_project": _project("annotator", "make a sample task"),
    "members.list_members": _project("annotator", "list the project's members"),
    "members.add_member": _project("manager", "add project members"),
    "members.update_member": _project("manager", "change project roles"),
    "members.remove_member": _project("manager", "remove project members"),
    "members.read_access": _project("annotator", "read the project's access"),
    "members.update_access": _project("manager", "change the project's access"),
    # Import and export.
    "transfer.import_tasks": _project("manager", "import tasks"),
    "transfer.read_import": _project("manager", "read an import"),
    "transfer.export_project": _project("manager", "export the project"),
    "transfer.export_formats": _project("manager", "list export formats"),
    "transfer.list_snapshots": _project("manager", "list exports"),
    "transfer.create_snapshot": _project("manager", "export the project"),
    "transfer.read_snapshot": _project("manager", "read an export"),
    "transfer.delete_snapshot": _project("manager", "delete an export"),
    "transfer.convert_snapshot": _project("manager", "convert an export"),
    "transfer.download_snapshot": _project("manager", "download an export"),
    # Tasks, the label stream, annotations and predictions.
    "tasks.list_tasks": _project("reviewer", "list the project's tasks", PROJECT_ARGS),
    "tasks.create_task": _project("manager", "create tasks", PROJECT_ARGS),
    "tasks.read_task": _project("annotator", "open a task", TASK),
    "tasks.update_task": _project("manager", "change a task", TASK),
    "tasks.delete_task": _project("manager", "delete a task", TASK),
    "tasks.next_task": _project("annotator", "label this project"),
    "tasks.list_annotations": _project("annotator", "read annotations", TASK),
    "tasks.create_annotation": _project("annotator", "annotate a task", TASK),
    "tasks.read_annotation": _project("annotator", "read an annotation", ANNOTATION),
    "tasks.update_annotation": _project(
        "reviewer",
        "change someone else's annotation",
        ANNOTATION,
        owner_field="completed_by_id",
    ),
    "tasks.delete_annotation": _project(
        "manager",
        "delete someone else's annotation",
        ANNOTATION,
        owner_field="completed_by_id",
    ),
    "tasks.list_predictions": _project("annotator", "read predictions", PROJECT_ARGS),
    "tasks.create_prediction": _project("manager", "store predictions", PROJECT_ARGS),
    "tasks.read_prediction": _project("annotator", "read a prediction", PREDICTION),
    "tasks.delete_prediction": _project("manager", "delete a prediction", PREDICTION),
    # Jobs: a job of a project is its managers'; one without a project its
    # creator's and the administrators'.
    "jobs.list_jobs": _project("manager", "list jobs", (query_arg("project"),)),
    "jobs.read_job": _project("manager", "read a job", JOB),
    "jobs.cancel_job": _project("manager", "cancel a job", JOB),
    # The data manager.
    "data_manager.list_columns": _project(
        "reviewer", "use the data manager", PROJECT_ARGS
    ),
    "data_manager.list_views": _project(
        "reviewer", "use the data manager", PROJECT_ARGS
    ),
    "data_manager.create_view": _project("reviewer", "create a tab", PROJECT_ARGS),
    "data_manager.read_view": _project("reviewer", "read a tab", VIEW),
    "data_manager.update_view": _project("reviewer", "change a tab", VIEW),
    "data_manager.delete_view": _project("reviewer", "delete a tab", VIEW),
    "data_manager.order_views": _project("reviewer", "order tabs", PROJECT_ARGS),
    "data_manager.reset_views": _project("manager", "reset the tabs", PROJECT_ARGS),
    "data_manager.list_actions": LOGGED_IN,
    "data_manager.perform_action": _project(
        "manager", "run data-manager actions", PROJECT_ARGS
    ),
    "data_manager.list_indexes": _project(
        "reviewer", "list data indexes", PROJECT_ARGS
    ),
    "data_manager.create_index": _project(
        "manager", "create data indexes", PROJECT_ARGS
    ),
    "data_manager.delete_index": _project("manager", "delete a data index", INDEX),
    # Workflows and review.
    "workflow.read_state_counts": _project("annotator", "read task states"),
    "workflow.read_project_workflow": _project("annotator", "read the workflow"),
    "workflow.change_project_workflow": _project("manager", "change the workflow"),
    "workflow.validate_project_workflow": _project("manager", "change the workflow"),
    "workflow.list_in_review": _project("reviewer", "see tasks in review"),
    "workflow.next_for_review": _project("reviewer", "review tasks"),
    "workflow.read_history": _project("annotator", "read a task's history", TASK),
    "workflow.read_transitions": _project("annotator", "read transitions", TASK),
    # The workflow's own guards decide which roles may send which event.
    "workflow.send_transition": _project("annotator", "move a task", TASK),
    # Uploaded media of a project.
    "uploads.serve_upload": _project("annotator", "read the project's files"),
}
