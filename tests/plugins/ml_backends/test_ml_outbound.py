"""Backend URLs pass the outbound guard: no loopback, private, link-local or
metadata address unless LABELCORE_OUTBOUND_ALLOW lists it."""

from __future__ import annotations

import pytest

from tests.support.credentials import ADMIN_TOKEN


@pytest.fixture
def guarded_client(make_app):
    """An app with the default policy: nothing private may be reached."""
    client = make_app().test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.fixture
def project_id(guarded_client, sections):
    from tests.core.api.debian_packages import section_config

    response = guarded_client.post(
        "/api/projects/", json={"title": "p", "label_config": section_config(sections)}
    )
    return response.json["id"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9090",
        "http://localhost:9090",
        "http://10.1.2.3:9090",
        "http://192.168.0.10",
        "http://[::1]:9090",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.100.100.200/",
    ],
)
def test_private_and_metadata_addresses_are_refused_naming_the_setting(
    guarded_client, project_id, url
):
    response = guarded_client.post("/api/ml/", json={"project": project_id, "url": url})

    assert response.status_code == 400, response.json
    assert "LABELCORE_OUTBOUND_ALLOW" in response.json["detail"]
    assert response.json["validation_errors"]["url"]
    assert guarded_client.get(f"/api/ml/?project={project_id}").json == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://example.org/", "ftp://x"]
)
def test_urls_that_are_not_http_are_refused(guarded_client, project_id, url):
    response = guarded_client.post("/api/ml/", json={"project": project_id, "url": url})

    assert response.status_code == 400
    assert "is not an http(s) URL" in response.json["detail"]


def test_a_listed_host_may_be_reached(make_app, sections, protocol_backend):
    from tests.core.api.debian_packages import section_config

    client = make_app(outbound_allow=("127.0.0.1",)).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project = client.post(
        "/api/projects/", json={"title": "p", "label_config": section_config(sections)}
    ).json

    response = client.post(
        "/api/ml/", json={"project": project["id"], "url": protocol_backend.url}
    )

    assert response.status_code == 201
    assert response.json["state"] == "CO"


def test_a_listed_host_does_not_open_the_metadata_address(make_app, sections):
    from tests.core.api.debian_packages import section_config

    client = make_app(outbound_allow=("127.0.0.1",)).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project = client.post(
        "/api/projects/", json={"title": "p", "label_config": section_config(sections)}
    ).json

    response = client.post(
        "/api/ml/",
        json={"project": project["id"], "url": "http://169.254.169.254/"},
    )

    assert response.status_code == 400
    assert "metadata" in response.json["detail"]


def test_changing_the_url_to_a_private_one_is_refused(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(1)
    backend = connect_backend(project["id"], protocol_backend.url)

    response = ml_client.patch(
        f"/api/ml/{backend['id']}", json={"url": "http://10.0.0.7:9090"}
    )

    assert response.status_code == 400
    assert "LABELCORE_OUTBOUND_ALLOW" in response.json["detail"]
    assert ml_client.get(f"/api/ml/{backend['id']}").json["url"] == protocol_backend.url
