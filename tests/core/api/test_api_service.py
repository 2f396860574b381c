"""The server's own endpoints: version, health, plugins, templates, API docs."""


def test_version_in_label_studios_shape(client):
    version = client.get("/api/version/").json

    assert version["edition"] == "Community"
    assert version["release"]
    assert version["plugins"]["labelcore-samplers"]


def test_health(client):
    assert client.get("/health").json == {"status": "UP"}


def test_plugins_are_listed_with_distribution_version_and_contributions(client):
    plugins = {plugin["name"]: plugin for plugin in client.get("/api/plugins/").json}

    assert {"templates", "samplers", "workflows", "formats"} <= set(plugins)
    samplers = plugins["samplers"]
    assert samplers["distribution"] == "labelcore-samplers"
    assert samplers["version"]
    assert {"sequential", "random"} <= set(samplers["contributions"]["samplers"])
    assert "Choices" in plugins["templates"]["contributions"]["tag_types"]


def test_every_gallery_template_compiles(client):
    templates = client.get("/api/templates/").json

    assert len(templates) >= 5
    for template in templates:
        response = client.post(
            "/api/projects/validate/", json={"label_config": template["config"]}
        )
        assert response.status_code == 200, (template["name"], response.json)


def test_the_api_docs_are_served_without_a_network(client):
    spec = client.get("/api/docs/openapi.json")
    page = client.get("/api/docs/")

    assert spec.status_code == 200
    assert "/api/projects/" in spec.json["paths"]
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/docs/assets/" in html
    assert "cdn" not in html.lower()
    asset = client.get("/api/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
