"""Apps with the plugins an export needs, and helpers to read what comes out."""

import io
import zipfile

import labelcore_formats.plugin
import labelcore_samplers.plugin
import labelcore_templates.plugin
import labelcore_workflows.plugin
import pytest

from tests.support.credentials import ADMIN_TOKEN

FORMAT_PLUGINS = (
    labelcore_templates.plugin,
    labelcore_formats.plugin,
    labelcore_samplers.plugin,
    labelcore_workflows.plugin,
)

TEXT_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/><Choice value="Negative"/>
  </Choices>
  <Labels name="entity" toName="text">
    <Label value="PER"/><Label value="LOC"/>
  </Labels>
  <TextArea name="note" toName="text"/>
</View>"""
"""A classification, spans and a free text on one text: what the text
exporters write each in their own way."""


@pytest.fixture
def app(make_app):
    return make_app(plugins=FORMAT_PLUGINS, disable_plugin_autoload=True)


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.fixture
def make_project(client):
    """``make_project(config, tasks)``: a project with ``tasks`` imported."""

    def factory(config: str, tasks: list[dict], title: str = "Export") -> int:
        created = client.post(
            "/api/projects/", json={"title": title, "label_config": config}
        )
        assert created.status_code == 201, created.get_json()
        project_id = created.get_json()["id"]
        imported = client.post(f"/api/projects/{project_id}/import", json=tasks)
        assert imported.status_code == 201, imported.get_json()
        assert imported.get_json()["task_count"] == len(tasks)
        return project_id

    return factory


@pytest.fixture
def export(client):
    """``export(project_id, kind, **query)``: the response body, checked 200."""

    def fetch(project_id: int, kind: str, **query) -> bytes:
        response = client.get(
            f"/api/projects/{project_id}/export",
            query_string={"exportType": kind, **query},
        )
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        return response.get_data()

    return fetch


def unzip(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
