"""What each role reads of a connected backend: a manager sees how it is
reached, an annotator only enough to pick an interactive one."""

from __future__ import annotations


def test_an_annotator_sees_no_url_or_credentials_of_a_backend(
    ml_client, annotator, section_project, protocol_backend
):
    project = section_project(5)
    connected = ml_client.post(
        "/api/ml/",
        json={
            "project": project["id"],
            "url": protocol_backend.url,
            "title": "Sections",
            "is_interactive": True,
            "auth_method": "BASIC_AUTH",
            "basic_auth_user": "model-user",
            "basic_auth_pass": "model-secret",
        },
    )
    assert connected.status_code == 201, connected.json
    backend_id = connected.json["id"]

    managed = ml_client.get(f"/api/ml/?project={project['id']}").json
    listed = annotator.get(f"/api/ml/?project={project['id']}")
    read = annotator.get(f"/api/ml/{backend_id}")

    assert managed[0]["url"] == protocol_backend.url
    assert managed[0]["basic_auth_user"] == "model-user"
    assert listed.status_code == 200, listed.json
    assert read.status_code == 200, read.json
    for seen in (listed.json[0], read.json):
        assert seen["id"] == backend_id
        assert seen["title"] == "Sections"
        assert seen["is_interactive"] is True
        assert "url" not in seen
        assert "basic_auth_user" not in seen
        assert "model-user" not in str(seen)
