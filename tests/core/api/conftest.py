"""Helpers for the API tests: projects on real texts, and more annotators."""

from __future__ import annotations

import itertools

import pytest

from tests.core.api.debian_packages import (
    as_tasks,
    debian_packages,
    most_common_sections,
    section_config,
)

_emails = itertools.count(1)


@pytest.fixture(scope="session")
def packages() -> list[dict]:
    """1,500 real package records (skips when ../shared is absent)."""
    return debian_packages(1500)


@pytest.fixture(scope="session")
def sections(packages) -> list[str]:
    return most_common_sections(packages)


@pytest.fixture(scope="session")
def text_config(sections) -> str:
    return section_config(sections)


@pytest.fixture
def new_project(client, text_config):
    """``new_project(**fields)`` creates a project on the section config."""

    def create(**fields):
        body = {
            "title": "Debian sections",
            "label_config": text_config,
            "sampling": "Sequential sampling",
            **fields,
        }
        response = client.post("/api/projects/", json=body)
        assert response.status_code == 201, response.json
        return response.json

    return create


@pytest.fixture
def project_with_tasks(client, new_project, packages):
    """``project_with_tasks(count, **fields)``: a project holding real texts."""

    def create(count: int, **fields):
        project = new_project(**fields)
        response = client.post(
            f"/api/projects/{project['id']}/import?return_task_ids=true",
            json=as_tasks(packages[:count]),
        )
        assert response.status_code == 201, response.json
        project["task_ids"] = response.json["task_ids"]
        return project

    return create


@pytest.fixture
def annotator_client(app):
    """``annotator_client()`` makes a new user and a test client with their token."""
    from labelcore.accounts import create_user

    def make():
        email = f"annotator-{next(_emails)}@example.com"
        with app.app_context():
            user, token = create_user(email, "annotator-password")
            user_id = user.id
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Token {token}"
        client.user_id = user_id
        return client

    return make
