"""Every API path answers the same with and without a trailing slash, never a redirect.

Label Studio's clients spell the same path both ways (the legacy SDK sends
``/api/projects``, the new one ``api/projects/``), so both must be served
directly: a redirect would turn a POST into a GET in some clients.
"""

import re

import pytest

from tests.core.api.debian_packages import choice_result

MISSING_ID = "987654"


def _api_rules(app):
    for rule in app.url_map.iter_rules():
        # Swagger's asset files are files, not API paths.
        if rule.rule.startswith("/api/") and "<path:" not in rule.rule:
            yield rule


def _both_spellings(path: str) -> tuple[str, str]:
    bare = path.rstrip("/")
    return bare, bare + "/"


def _fill(rule) -> str:
    return re.sub(r"<(?:int:)?[^>]+>", MISSING_ID, rule.rule)


def test_every_get_path_answers_alike_both_ways(app, client):
    checked = 0
    for rule in _api_rules(app):
        if "GET" not in rule.methods:
            continue
        bare, slashed = _both_spellings(_fill(rule))

        without, with_slash = client.get(bare), client.get(slashed)

        assert without.status_code < 300 or without.status_code >= 400, bare
        assert without.status_code == with_slash.status_code, rule.rule
        assert "Location" not in without.headers, bare
        checked += 1

    assert checked >= 15


def test_every_write_path_answers_alike_both_ways_for_a_missing_object(app, client):
    checked = 0
    for rule in _api_rules(app):
        if "<" not in rule.rule:
            continue
        for method in sorted(rule.methods & {"POST", "PATCH", "PUT", "DELETE"}):
            bare, slashed = _both_spellings(_fill(rule))

            without = client.open(bare, method=method, json={})
            with_slash = client.open(slashed, method=method, json={})

            assert without.status_code not in range(300, 400), (method, bare)
            assert without.status_code == with_slash.status_code, (method, rule.rule)
            checked += 1

    assert checked >= 8


@pytest.mark.parametrize("slash", ["", "/"])
def test_the_core_flow_works_without_and_with_slashes(
    client, text_config, sections, slash
):
    created = client.post(
        "/api/projects" + slash, json={"title": "Slashes", "label_config": text_config}
    )
    assert created.status_code == 201
    project = f"/api/projects/{created.json['id']}"

    imported = client.post(
        f"{project}/import{slash}?return_task_ids=true", json=[{"text": "one"}]
    )
    assert imported.status_code == 201
    [task_id] = imported.json["task_ids"]

    assert client.get(f"{project}{slash}").status_code == 200
    assert client.patch(f"{project}{slash}", json={"title": "S"}).status_code == 200
    assert client.get(f"{project}/next{slash}").json["id"] == task_id
    annotated = client.post(
        f"/api/tasks/{task_id}/annotations{slash}",
        json={"result": choice_result(sections[0])},
    )
    assert annotated.status_code == 201
    annotation = f"/api/annotations/{annotated.json['id']}{slash}"
    assert client.get(annotation).status_code == 200
    assert client.patch(annotation, json={"lead_time": 1}).status_code == 200
    assert (
        client.get(f"/api/tasks{slash}?project={created.json['id']}").json["total"] == 1
    )
    assert client.get(f"{project}/export{slash}?exportType=JSON").status_code == 200
    assert client.delete(annotation).status_code == 204
    assert client.delete(f"{project}{slash}").status_code == 204
