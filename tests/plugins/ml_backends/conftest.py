"""Fixtures for the ML backend tests: an app that may reach 127.0.0.1, a real
protocol server there, and projects of real Debian package descriptions."""

from __future__ import annotations

import pytest

from tests.core.api.debian_packages import (
    as_tasks,
    debian_packages,
    most_common_sections,
    section_config,
)
from tests.plugins.ml_backends.protocol_server import ProtocolBackend
from tests.support.credentials import ADMIN_TOKEN


@pytest.fixture(scope="session")
def records() -> list[dict]:
    """1,200 real package records whose section is one of the 10 most common."""
    packages = debian_packages(3000)
    common = set(most_common_sections(packages))
    return [record for record in packages if record["section"] in common][:1200]


@pytest.fixture(scope="session")
def sections(records) -> list[str]:
    return most_common_sections(records)


@pytest.fixture
def ml_app(make_app):
    """Every installed plugin; outbound calls may reach 127.0.0.1 (the test
    backends), as an administrator would allow with LABELCORE_OUTBOUND_ALLOW."""
    return make_app(outbound_allow=("127.0.0.1",))


@pytest.fixture
def ml_client(ml_app):
    client = ml_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.fixture
def protocol_backend(sections):
    backend = ProtocolBackend(sections).start()
    yield backend
    backend.stop()


@pytest.fixture
def section_project(ml_client, records, sections):
    """``section_project(count, **fields)``: a project classifying ``count``
    package descriptions into their sections; its ``task_ids`` in order."""

    def create(count: int, **fields):
        body = {
            "title": "Debian sections",
            "label_config": section_config(sections),
            **fields,
        }
        response = ml_client.post("/api/projects/", json=body)
        assert response.status_code == 201, response.json
        project = response.json
        response = ml_client.post(
            f"/api/projects/{project['id']}/import?return_task_ids=true",
            json=as_tasks(records[:count]),
        )
        assert response.status_code == 201, response.json
        project["task_ids"] = response.json["task_ids"]
        return project

    return create


@pytest.fixture
def connect_backend(ml_client):
    """``connect_backend(project_id, url, **fields)`` posts Label Studio's body."""

    def connect(project_id: int, url: str, **fields):
        response = ml_client.post(
            "/api/ml/", json={"project": project_id, "url": url, **fields}
        )
        assert response.status_code == 201, response.json
        return response.json

    return connect


@pytest.fixture
def annotator(ml_app):
    """A second user's test client, with their own token."""
    from labelcore.accounts import create_user

    with ml_app.app_context():
        _, token = create_user("second-annotator@example.com", "annotator-password")
    client = ml_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


@pytest.fixture
def live_server_with_ml(launch_live_server):
    """A real ``labelcore serve`` that may reach the test backends on 127.0.0.1."""
    return launch_live_server(
        extra_environment={"LABELCORE_OUTBOUND_ALLOW": "127.0.0.1"}
    )
