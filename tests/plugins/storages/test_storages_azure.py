"""Azure Blob storages against Azurite on 127.0.0.1."""

from __future__ import annotations

import json

import requests

from tests.plugins.storages.storage_helpers import CHOICE, PNG, TEXT_CONFIG, fileuri


def azure_body(container: dict, project: int, **extra) -> dict:
    return {
        "project": project,
        "container": container["name"],
        "connection_string": container["connection_string"],
        **extra,
    }


def upload(container: dict, name: str, data: bytes) -> None:
    container["client"].upload_blob(name, data, overwrite=True)


def test_an_azure_storage_lists_syncs_and_resyncs(
    api, make_project, azure_container, sync, tasks_of
):
    project = make_project()
    upload(azure_container, "images/one.png", PNG)
    upload(azure_container, "images/deeper/two.png", PNG)
    storage = api.post(
        "/api/storages/azure",
        json=azure_body(azure_container, project, prefix="images", use_blob_urls=True),
    )
    assert storage.status_code == 201, storage.get_json()
    body = storage.get_json()
    assert body["connection_string_is_set"] is True
    assert azure_container["account_key"] not in storage.get_data(as_text=True)

    first = sync(f"/api/storages/azure/{body['id']}")
    upload(azure_container, "images/three.png", PNG)
    second = sync(f"/api/storages/azure/{body['id']}")

    assert first["result"]["task_count"] == 1
    assert second["result"]["task_count"] == 1
    container = azure_container["name"]
    assert sorted(task["data"]["image"] for task in tasks_of(project)) == [
        f"azure-blob://{container}/images/one.png",
        f"azure-blob://{container}/images/three.png",
    ]


def test_an_account_name_and_key_work_and_the_browser_gets_a_sas_url(
    api, make_project, azure_container, sync, tasks_of
):
    project = make_project()
    upload(azure_container, "cat.png", PNG)
    storage = api.post(
        "/api/storages/azure",
        json={
            "project": project,
            "container": azure_container["name"],
            "account_name": azure_container["account_name"],
            "account_key": azure_container["account_key"],
            "account_url": azure_container["endpoint"],
            "use_blob_urls": True,
            "presign_ttl": 5,
        },
    ).get_json()
    assert storage["account_key_is_set"] is True
    sync(f"/api/storages/azure/{storage['id']}")
    task = tasks_of(project)[0]

    answer = api.get(
        f"/tasks/{task['id']}/presign/?fileuri={fileuri(task['data']['image'])}"
    )

    assert answer.status_code == 303
    location = answer.headers["Location"]
    assert "sig=" in location and "se=" in location
    assert requests.get(location, timeout=10).content == PNG


def test_a_wrong_account_key_is_refused_without_echoing_anything(
    api, make_project, azure_container
):
    wrong_key = "A" * 86 + "=="
    broken = azure_container["connection_string"].replace(
        azure_container["account_key"], wrong_key
    )

    response = api.post(
        "/api/storages/azure",
        json={
            **azure_body(azure_container, make_project()),
            "connection_string": broken,
        },
    )

    assert response.status_code == 400
    detail = response.get_json()["detail"]
    assert detail.startswith("Azure refused the credentials for container")
    assert wrong_key not in response.get_data(as_text=True)
    assert "RequestId" not in detail


def test_a_missing_container_is_named(api, make_project, azurite):
    response = api.post(
        "/api/storages/azure",
        json={
            "project": make_project(),
            "container": "not-there",
            "connection_string": azurite["connection_string"],
        },
    )

    assert response.status_code == 400
    assert "'not-there' does not exist" in response.get_json()["detail"]


def test_azure_export_writes_and_deletes_annotation_blobs(
    api, make_project, azure_container, wait_for_job, tasks_of
):
    project = make_project(TEXT_CONFIG)
    api.post(f"/api/projects/{project}/import", json=[{"text": "blob me"}])
    api.post(
        "/api/storages/export/azure",
        json=azure_body(
            azure_container, project, prefix="exports/", can_delete_objects=True
        ),
    )
    task = tasks_of(project)[0]

    annotation = api.post(
        f"/api/tasks/{task['id']}/annotations/", json={"result": [CHOICE]}
    ).get_json()
    wait_for_job(api.get(f"/api/jobs/?project={project}").get_json()[0]["id"])
    blob = azure_container["client"].download_blob(f"exports/{annotation['id']}.json")
    assert json.loads(blob.readall())["annotations"][0]["result"] == [CHOICE]

    api.delete(f"/api/annotations/{annotation['id']}")
    wait_for_job(api.get(f"/api/jobs/?project={project}").get_json()[0]["id"])
    assert list(azure_container["client"].list_blobs()) == []


def test_azure_task_files_import_and_a_broken_one_is_skipped(
    api, make_project, azure_container, sync, tasks_of
):
    project = make_project(TEXT_CONFIG)
    upload(azure_container, "tasks/good.jsonl", b'{"text": "a"}\n{"text": "b"}\n')
    upload(azure_container, "tasks/broken.json", b'[{"text": ')
    storage = api.post(
        "/api/storages/azure", json=azure_body(azure_container, project, prefix="tasks")
    ).get_json()

    job = sync(f"/api/storages/azure/{storage['id']}")

    assert job["result"]["task_count"] == 2
    assert [problem["key"] for problem in job["result"]["problems"]] == [
        "tasks/broken.json"
    ]
    assert sorted(task["data"]["text"] for task in tasks_of(project)) == ["a", "b"]
