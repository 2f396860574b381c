"""Schemathesis against the OpenAPI document, as the administrator, for
every operation: no server error, only the statuses the document lists, and
every answer valid against the schema the document gives for its status
(every error in LabelCore's one JSON shape).

Bounded: a few examples per operation and a time budget for the whole walk.
Operations that would revoke the caller's own credentials are left out. Half
of the examples name the organization, project and task that exist (all but
deletions), so the walk reaches past the 404 of a made-up id.
"""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.core.permissions.people import project_with_task
from tests.support.credentials import ADMIN_TOKEN

EXAMPLES_PER_OPERATION = 6
BUDGET_SECONDS = 240
LEFT_OUT = {
    ("DELETE", "/api/tokens/{token_id}/"),
    ("POST", "/api/token/blacklist/"),
    ("POST", "/api/token/rotate/"),
    ("POST", "/api/auth/logout"),
}


def errors_have_one_shape(ctx, response, case):
    """A 4xx answer is ``{"status_code": <its status>, "detail": <a sentence>}``."""
    if not 400 <= response.status_code < 500:
        return True
    body = response.json()
    assert isinstance(body, dict), f"{response.status_code} body is not an object"
    assert body.get("status_code") == response.status_code, body
    assert isinstance(body.get("detail"), str) and body["detail"], body
    return True


def with_real_ids(operation, real_ids: dict[str, int]):
    """The operation's cases, half of them with the real ids in their path."""

    def place(pair):
        case, use_real = pair
        if use_real and case.path_parameters and operation.method.upper() != "DELETE":
            for name, value in real_ids.items():
                if name in case.path_parameters:
                    case.path_parameters[name] = value
        return case

    return st.tuples(operation.as_strategy(), st.booleans()).map(place)


CHECKS = (
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    errors_have_one_shape,
)


@pytest.mark.slow
@pytest.mark.timeout(BUDGET_SECONDS + 120)
def test_no_operation_answers_a_server_error_or_breaks_its_schema(app, client):
    project, task_id = project_with_task(client)
    real_ids = {
        "organization_id": client.get("/api/current-user").json["active_organization"],
        "project_id": project["id"],
        "task_id": task_id,
    }
    schema = schemathesis.openapi.from_wsgi("/api/docs/openapi.json", app)
    headers = {"Authorization": f"Token {ADMIN_TOKEN}"}
    started = time.monotonic()
    problems: list[str] = []
    walked = 0

    for found in schema.get_all_operations():
        operation = found.ok()
        if (operation.method.upper(), operation.path) in LEFT_OUT:
            continue
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        walked += 1

        @given(case=with_real_ids(operation, real_ids))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            exercise()
        except Exception as error:
            problems.append(f"{operation.label}: {str(error)[:600]}")

    assert walked >= 50, f"only {walked} operations were walked in the budget"
    assert problems == [], "\n\n".join(problems)
