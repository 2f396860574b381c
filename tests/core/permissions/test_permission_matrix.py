"""Every route, every role: the permission table is complete and applied.

The walk covers each rule of ``app.url_map`` (which holds every path of the
OpenAPI document, checked too) with an anonymous caller, an owner of another
organization, and an annotator, a reviewer, a manager, an administrator and
an owner of the project's organization; and each route of a restricted
project with a member of the organization who is not listed. Another
organization's objects and a restricted project answer 404; a visible object
whose role forbids the action answers 403; an allowed call never answers
401, 403 or a permission 404.
"""

from __future__ import annotations

import re

import pytest

from labelcore.permissions import ROLE_RANK, rule_for
from tests.core.permissions.people import choice, person, project_with_task

PROJECT_ROLES = ("annotator", "reviewer", "manager", "administrator", "owner")
NOT_CALLED = {
    # They change the callers themselves; test_api_teams covers them.
    "organizations.update_membership",
    "organizations.delete_membership",
    "organizations.switch_organization",
    "users.logout",
}
VIEWS_REFINE = {
    # The view asks for more than the table: a server administrator.
    "organizations.create_organization",
}
FILLER_ID = 987654
ID_NAME = re.compile(r"<(?:int:)?(\w+)>")


@pytest.fixture
def people(app, client):
    """One of each role in the default organization, and a stranger."""
    owner = client
    owner.user_id = client.get("/api/current-user").json["id"]
    return {
        "owner": owner,
        "administrator": person(app, "administrator"),
        "manager": person(app, "manager"),
        "reviewer": person(app, "reviewer"),
        "annotator": person(app, "annotator"),
        "stranger": person(app, "owner", organization="Elsewhere"),
        "anonymous": app.test_client(),
    }


def _objects(people, restricted: bool = False) -> dict[str, int]:
    """A project (by its manager) with a task, an annotation by the annotator,
    a prediction and a data-manager tab; ids by view argument name."""
    manager = people["manager"]
    project, task_id = project_with_task(manager, "Walked")
    annotation = people["annotator"].post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice()}
    )
    assert annotation.status_code == 201, annotation.json
    prediction = manager.post(
        "/api/predictions/", json={"task": task_id, "result": choice("negative")}
    )
    assert prediction.status_code == 201, prediction.json
    view = manager.post(
        "/api/dm/views/", json={"project": project["id"], "data": {"title": "Tab"}}
    )
    assert view.status_code == 201, view.json
    if restricted:
        manager.patch(
            f"/api/projects/{project['id']}/access/", json={"restricted": True}
        )
    organization_id = manager.get("/api/current-user").json["active_organization"]
    return {
        "project_id": project["id"],
        "task_id": task_id,
        "annotation_id": annotation.json["id"],
        "prediction_id": prediction.json["id"],
        "view_id": view.json["id"],
        "organization_id": organization_id,
        "user_id": people["annotator"].user_id,
    }


def _path(rule, objects) -> tuple[str, set[str]]:
    """The rule's path with real ids, and the arguments a filler stood in for."""
    filled = set()

    def fill(match):
        name = match.group(1)
        if name in objects:
            return str(objects[name])
        filled.add(name)
        if name in {"kind", "plugin_name"}:
            return "localfiles"
        if name in {"filename", "file_name", "module_name", "client_path"}:
            return "file.js"
        return str(FILLER_ID)

    return ID_NAME.sub(fill, rule.rule), filled


def _row_missing(permission, filled: set[str]) -> bool:
    return any(
        locate.source == "view" and locate.name in filled
        for locate in permission.locate
    )


def _call(client, method: str, path: str, project_id: int):
    separator = "&" if "?" in path else "?"
    url = f"{path}{separator}project={project_id}"
    body = {"project": project_id} if method in {"POST", "PATCH", "PUT"} else None
    response = client.open(url, method=method, json=body)
    # A streamed answer (an export) holds its request open until read.
    response.get_data()
    response.close()
    return response


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _is_permission_404(response) -> bool:
    body = response.get_json(silent=True) or {}
    return response.status_code == 404 and body.get("code") == "not_found"


def test_every_route_and_every_openapi_operation_has_a_rule(app, client):
    missing = sorted(
        {
            rule.endpoint
            for rule, _ in _routes(app)
            if rule_for(rule.endpoint, app) is None
        }
    )
    document = client.get("/api/docs/openapi.json").json
    adapter = app.url_map.bind("localhost")
    unmatched = []
    for path, operations in document["paths"].items():
        concrete = re.sub(r"\{\w+\}", "1", path)
        for method in operations:
            if method.upper() not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                continue
            endpoint, _ = adapter.match(concrete, method=method.upper())
            if rule_for(endpoint, app) is None:
                unmatched.append(f"{method.upper()} {path}")

    assert missing == [], f"endpoints without a permission rule: {missing}"
    assert unmatched == []


@pytest.mark.timeout(600)
def test_each_role_gets_what_the_table_says_on_every_route(app, people):
    problems = []
    for rule, method in _routes(app):
        permission = rule_for(rule.endpoint, app)
        if permission is None or permission.public or rule.endpoint in NOT_CALLED:
            continue
        objects = _objects(people)
        path, filled = _path(rule, objects)
        answers = {}
        for role in ("anonymous", "stranger", *PROJECT_ROLES):
            answers[role] = _call(people[role], method, path, objects["project_id"])
        missing = _row_missing(permission, filled)
        problems.extend(_check(rule, method, path, permission, answers, missing))

    assert problems == [], "\n".join(problems)


def _allowed(permission, role: str) -> bool:
    if permission.role is None:
        return True
    return ROLE_RANK[role] >= ROLE_RANK[permission.role]


def _check(rule, method, path, permission, answers, row_missing):
    problems = []
    where = f"{method} {path} ({rule.endpoint}, needs {permission.describe()})"
    located = bool(permission.locate) and permission.role is not None
    if answers["anonymous"].status_code != 401:
        problems.append(f"{where}: anonymous got {answers['anonymous'].status_code}")
    if located and answers["stranger"].status_code != 404:
        problems.append(
            f"{where}: another organization got {answers['stranger'].status_code}"
        )
    for role in PROJECT_ROLES:
        status = answers[role].status_code
        body = answers[role].get_json(silent=True) or {}
        if _allowed(permission, role):
            refused = status in (401, 403) and body.get("code") == "permission_denied"
            if refused and rule.endpoint not in VIEWS_REFINE:
                problems.append(f"{where}: {role} was refused with {status}")
        elif located and not row_missing and permission.owner_field is None:
            problems.extend(
                [f"{where}: {role} got {status}, expected 403"] if status != 403 else []
            )
    return problems


@pytest.mark.timeout(600)
def test_a_restricted_project_is_404_on_every_route_for_those_not_listed(app, people):
    problems = []
    outsider = people["annotator"]
    for rule, method in _routes(app):
        permission = rule_for(rule.endpoint, app)
        if permission is None or permission.public or not permission.locate:
            continue
        if permission.locate[0].organization or rule.endpoint in NOT_CALLED:
            continue
        objects = _objects(people, restricted=True)
        path, _ = _path(rule, objects)
        answer = _call(outsider, method, path, objects["project_id"])
        if answer.status_code != 404:
            problems.append(
                f"{method} {path} ({rule.endpoint}): got {answer.status_code}"
            )

    assert problems == [], "\n".join(problems)


def test_the_cores_table_names_only_the_cores_endpoints(core_only_app):
    from labelcore.permissions import RULES

    core_endpoints = {rule.endpoint for rule in core_only_app.url_map.iter_rules()}

    assert sorted(set(RULES) - core_endpoints) == [], (
        "the core's permission table names endpoints the core does not have; a "
        "plugin's views carry their own rules with permission_rule"
    )
