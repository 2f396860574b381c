"""The config endpoints: sample tasks, the label interface, and config changes
that would orphan annotations."""

from __future__ import annotations

import pytest

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER"/>
    <Label value="ORG"/>
  </Labels>
  <Choices name="mood" toName="text"><Choice value="Calm"/></Choices>
</View>"""
WITHOUT_PER = CONFIG.replace('<Label value="PER"/>', "")
WITHOUT_MOOD = CONFIG.replace(
    '<Choices name="mood" toName="text"><Choice value="Calm"/></Choices>', ""
)


def span(label: str) -> dict:
    return {
        "id": f"s-{label}",
        "from_name": "ner",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 3, "text": "Ada", "labels": [label]},
    }


@pytest.fixture
def project(client):
    created = client.post(
        "/api/projects/", json={"title": "NER", "label_config": CONFIG}
    )
    assert created.status_code == 201, created.json
    project_id = created.json["id"]
    imported = client.post(
        f"/api/projects/{project_id}/import?return_task_ids=true",
        json=[{"text": "Ada met Bob"}, {"text": "Ada left"}],
    )
    assert imported.status_code == 201, imported.json
    return project_id, imported.json["task_ids"]


def annotate(client, task_id: int, result: list) -> None:
    response = client.post(
        f"/api/tasks/{task_id}/annotations/", json={"result": result}
    )
    assert response.status_code == 201, response.json


def test_a_sample_task_is_made_for_any_config(client):
    response = client.post("/api/projects/sample-task", json={"label_config": CONFIG})

    assert response.status_code == 200
    task = response.json["sample_task"]
    assert set(task["data"]) == {"text"}
    kinds = {
        item["from_name"]: item["type"] for item in task["predictions"][0]["result"]
    }
    assert kinds == {"ner": "labels", "mood": "choices"}


def test_a_sample_task_for_a_broken_config_names_the_line(client):
    response = client.post(
        "/api/projects/sample-task", json={"label_config": "<View><Txt/></View>"}
    )

    assert response.status_code == 400
    [issue] = response.json["issues"]
    assert (issue["line"], issue["column"]) == (1, 7)
    assert "did you mean 'Text'?" in issue["message"]


def test_a_project_sample_task_uses_its_config_and_the_given_data(client, project):
    project_id, _ = project

    response = client.post(
        f"/api/projects/{project_id}/sample-task", json={"data": {"text": "Zoë"}}
    )

    assert response.status_code == 200
    assert response.json["sample_task"]["data"] == {"text": "Zoë"}
    [span_item, _] = response.json["sample_task"]["predictions"][0]["result"]
    assert span_item["value"]["text"] == "Zoë"


def test_the_label_interface_lists_controls_and_objects(client, project):
    project_id, _ = project

    interface = client.get(f"/api/projects/{project_id}/label-interface").json

    assert interface["controls"]["ner"]["labels"] == ["PER", "ORG"]
    assert interface["controls"]["ner"]["to_name"] == ["text"]
    assert interface["controls"]["ner"]["creates_regions"] is True
    assert interface["objects"] == {
        "text": {
            "type": "Text",
            "value": "text",
            "value_kinds": ["text", "number"],
            "attributes": {"name": "text", "value": "$text"},
        }
    }
    assert interface["data_keys"] == ["text"]


def test_removing_a_label_in_use_is_refused_with_the_count(client, project):
    project_id, task_ids = project
    annotate(client, task_ids[0], [span("PER")])
    annotate(client, task_ids[1], [span("PER"), span("ORG")])

    response = client.patch(
        f"/api/projects/{project_id}/", json={"label_config": WITHOUT_PER}
    )

    assert response.status_code == 400
    assert response.json["code"] == "config_removes_labels_in_use"
    assert response.json["in_use"] == [{"control": "ner", "label": "PER", "count": 2}]
    assert response.json["detail"].startswith(
        "The new label config removes what existing annotations use: the label "
        "'PER' of 'ner' (used 2 times)."
    )
    current = client.get(f"/api/projects/{project_id}/").json
    assert current["label_config"] == CONFIG


def test_forcing_the_change_keeps_the_annotations(client, project):
    project_id, task_ids = project
    annotate(client, task_ids[0], [span("PER")])

    response = client.patch(
        f"/api/projects/{project_id}/",
        json={"label_config": WITHOUT_PER, "force": True},
    )

    assert response.status_code == 200
    assert response.json["label_config"] == WITHOUT_PER
    assert client.get(f"/api/tasks/{task_ids[0]}").json["total_annotations"] == 1


def test_removing_what_no_annotation_uses_is_accepted(client, project):
    project_id, task_ids = project
    annotate(client, task_ids[0], [span("ORG")])

    response = client.patch(
        f"/api/projects/{project_id}/", json={"label_config": WITHOUT_PER}
    )

    assert response.status_code == 200


def test_removing_a_control_in_use_names_the_control(client, project):
    project_id, task_ids = project
    mood = {
        "id": "m",
        "from_name": "mood",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": ["Calm"]},
    }
    annotate(client, task_ids[0], [mood])

    response = client.patch(
        f"/api/projects/{project_id}/?force=false", json={"label_config": WITHOUT_MOOD}
    )

    assert response.status_code == 400
    assert response.json["validation_errors"] == {
        "label_config": ["the control 'mood' (used once)"]
    }
