"""People for permission tests: members of organizations with a role each,
each with a test client that sends their token."""

from __future__ import annotations

import itertools

_numbers = itertools.count(1)

CHOICES_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="positive"/>
    <Choice value="negative"/>
  </Choices>
</View>"""


def choice(value: str = "positive") -> list[dict]:
    return [
        {
            "from_name": "sentiment",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": [value]},
        }
    ]


def person(app, role: str = "annotator", organization: str | None = None, **options):
    """A new user with ``role`` in ``organization`` (the default one when
    ``None``, created when absent), and a client with their token."""
    from labelcore.accounts import create_user

    email = f"{role}-{next(_numbers)}@example.com"
    with app.app_context():
        user, token = create_user(
            email,
            "person-password",
            organization=organization,
            role=role,
            **options,
        )
        user_id = user.id
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {token}"
    client.user_id = user_id
    client.email = email
    client.token = token
    return client


def project_with_task(client, title: str = "Teams", text: str = "A fine day."):
    """A project on the choices config with one task; returns (project, task id)."""
    created = client.post(
        "/api/projects/", json={"title": title, "label_config": CHOICES_CONFIG}
    )
    assert created.status_code == 201, created.json
    project = created.json
    imported = client.post(
        f"/api/projects/{project['id']}/import?return_task_ids=true",
        json=[{"text": text}],
    )
    assert imported.status_code == 201, imported.json
    return project, imported.json["task_ids"][0]
