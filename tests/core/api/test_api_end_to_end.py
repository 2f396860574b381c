"""The walking skeleton through the REST API, on 1,000 real package texts."""

import json

import pytest

from tests.core.api.debian_packages import as_tasks, choice_result


def _export(client, project_id: int, **params) -> list[dict]:
    response = client.get(f"/api/projects/{project_id}/export", query_string=params)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    return json.loads(response.data)


@pytest.mark.postgres
def test_create_import_next_annotate_skip_export(
    client, packages, sections, text_config
):
    records = packages[:1000]
    labels = [
        record["section"] if record["section"] in sections else sections[0]
        for record in records
    ]

    created = client.post(
        "/api/projects",
        json={
            "title": "Debian sections",
            "label_config": text_config,
            "sampling": "Sequential sampling",
        },
    )
    assert created.status_code == 201, created.json
    project_id = created.json["id"]

    imported = client.post(
        f"/api/projects/{project_id}/import?return_task_ids=true",
        json=as_tasks(records),
    )
    assert imported.status_code == 201, imported.json
    assert imported.json["task_count"] == 1000
    assert imported.json["annotation_count"] == 0
    task_ids = imported.json["task_ids"]
    assert len(set(task_ids)) == 1000

    page = client.get(f"/api/tasks?project={project_id}&page_size=1000").json
    assert page["total"] == 1000
    assert [task["data"]["text"] for task in page["tasks"]] == [
        record["text"] for record in records
    ]

    first = client.get(f"/api/projects/{project_id}/next")
    assert first.status_code == 200
    assert first.json["id"] == task_ids[0]
    assert first.json["data"]["text"] == records[0]["text"]
    annotated = client.post(
        f"/api/tasks/{task_ids[0]}/annotations",
        json={"result": choice_result(labels[0]), "lead_time": 4.5},
    )
    assert annotated.status_code == 201, annotated.json

    second = client.get(f"/api/projects/{project_id}/next")
    assert second.json["id"] == task_ids[1]
    skipped = client.post(
        f"/api/tasks/{task_ids[1]}/annotations",
        json={"was_cancelled": True, "result": []},
    )
    assert skipped.status_code == 201, skipped.json
    assert skipped.json["was_cancelled"] is True

    third = client.get(f"/api/projects/{project_id}/next")
    assert third.json["id"] == task_ids[2]
    third_annotation = client.post(
        f"/api/tasks/{task_ids[2]}/annotations",
        json={"result": choice_result(labels[2])},
    )
    assert third_annotation.status_code == 201, third_annotation.json

    project = client.get(f"/api/projects/{project_id}").json
    assert project["task_number"] == 1000
    assert project["total_annotations_number"] == 2
    assert project["skipped_annotations_number"] == 1
    assert project["num_tasks_with_annotations"] == 2

    exported = _export(client, project_id, exportType="JSON")
    by_id = {task["id"]: task for task in exported}
    # A skip is an annotation too, so the skipped task is exported with it.
    assert [task["id"] for task in exported] == task_ids[:3]
    for index in (0, 2):
        task = by_id[task_ids[index]]
        assert task["data"]["text"] == records[index]["text"]
        assert task["meta"] == {"package": records[index]["package"]}
        [annotation] = task["annotations"]
        assert annotation["result"] == choice_result(labels[index])
        assert annotation["was_cancelled"] is False
    assert by_id[task_ids[0]]["annotations"][0]["lead_time"] == 4.5
    [skip] = by_id[task_ids[1]]["annotations"]
    assert skip["was_cancelled"] is True
    assert skip["result"] == []

    everything = _export(client, project_id, export_type="JSON", download_all_tasks=1)
    assert len(everything) == 1000
    assert sorted(task["id"] for task in everything) == sorted(task_ids)
    unlabeled = next(task for task in everything if task["id"] == task_ids[500])
    assert unlabeled["annotations"] == []
    assert unlabeled["data"]["section"] == records[500]["section"]


@pytest.mark.postgres
def test_export_of_chosen_ids_holds_only_those(client, project_with_tasks, sections):
    project = project_with_tasks(20)
    chosen = project["task_ids"][3:6]
    for task_id in project["task_ids"][:10]:
        client.post(
            f"/api/tasks/{task_id}/annotations",
            json={"result": choice_result(sections[0])},
        )

    exported = _export(
        client, project["id"], exportType="JSON", ids=",".join(map(str, chosen))
    )

    assert [task["id"] for task in exported] == chosen


def test_an_unknown_export_format_is_refused_naming_the_known(client, new_project):
    project = new_project()

    response = client.get(f"/api/projects/{project['id']}/export?exportType=XLSX")

    assert response.status_code == 400
    assert "exportType" in response.json["validation_errors"]
    assert "'XLSX'" in response.json["detail"]
    assert "JSON" in response.json["detail"]
