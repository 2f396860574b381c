"""Google Cloud Storage storages against gcp-storage-emulator on 127.0.0.1."""

from __future__ import annotations

import json

import requests

from tests.plugins.storages.storage_helpers import CHOICE, PNG, TEXT_CONFIG, fileuri


def gcs_body(bucket: dict, project: int, **extra) -> dict:
    return {"project": project, "bucket": bucket["name"], **extra}


def test_a_gcs_storage_syncs_media_and_json_tasks(
    api, make_project, gcs_bucket, sync, tasks_of
):
    media_project = make_project()
    json_project = make_project(TEXT_CONFIG)
    gcs_bucket["bucket"].blob("media/cat.png").upload_from_string(PNG, "image/png")
    gcs_bucket["bucket"].blob("media/dog.png").upload_from_string(PNG, "image/png")
    gcs_bucket["bucket"].blob("tasks/t.json").upload_from_string(
        json.dumps([{"text": "from gcs"}]), "application/json"
    )
    gcs_bucket["bucket"].blob("tasks/bad.json").upload_from_string("{not json")
    media = api.post(
        "/api/storages/gcs",
        json=gcs_body(gcs_bucket, media_project, prefix="media", use_blob_urls=True),
    )
    tasks = api.post(
        "/api/storages/gcs",
        json=gcs_body(gcs_bucket, json_project, prefix="tasks"),
    )
    assert media.status_code == 201, media.get_json()
    assert tasks.status_code == 201, tasks.get_json()

    media_job = sync(f"/api/storages/gcs/{media.get_json()['id']}")
    tasks_job = sync(f"/api/storages/gcs/{tasks.get_json()['id']}")

    assert media_job["result"]["task_count"] == 2
    name = gcs_bucket["name"]
    assert sorted(task["data"]["image"] for task in tasks_of(media_project)) == [
        f"gs://{name}/media/cat.png",
        f"gs://{name}/media/dog.png",
    ]
    assert [task["data"]["text"] for task in tasks_of(json_project)] == ["from gcs"]
    assert [problem["key"] for problem in tasks_job["result"]["problems"]] == [
        "tasks/bad.json"
    ]


def test_without_a_key_media_is_streamed_and_with_one_it_is_signed(
    api, make_project, gcs_bucket, sync, tasks_of, service_account_json
):
    gcs_bucket["bucket"].blob("cat.png").upload_from_string(PNG, "image/png")
    anonymous_project = make_project()
    signed_project = make_project()
    anonymous = api.post(
        "/api/storages/gcs",
        json=gcs_body(gcs_bucket, anonymous_project, use_blob_urls=True),
    ).get_json()
    signed = api.post(
        "/api/storages/gcs",
        json=gcs_body(
            gcs_bucket,
            signed_project,
            use_blob_urls=True,
            google_application_credentials=service_account_json,
        ),
    ).get_json()
    assert signed["google_application_credentials_is_set"] is True
    sync(f"/api/storages/gcs/{anonymous['id']}")
    sync(f"/api/storages/gcs/{signed['id']}")
    streamed_task = tasks_of(anonymous_project)[0]
    signed_task = tasks_of(signed_project)[0]

    streamed = api.get(
        f"/tasks/{streamed_task['id']}/presign/"
        f"?fileuri={fileuri(streamed_task['data']['image'])}"
    )
    redirected = api.get(
        f"/api/tasks/{signed_task['id']}/presign/"
        f"?fileuri={fileuri(signed_task['data']['image'])}"
    )

    assert streamed.status_code == 200
    assert streamed.get_data() == PNG
    assert redirected.status_code == 303
    location = redirected.headers["Location"]
    assert "X-Goog-Signature=" in location
    assert "X-Goog-Expires=60" in location
    assert requests.get(location, timeout=10).content == PNG


def test_a_malformed_service_account_key_is_refused_without_echoing_it(
    api, make_project, gcs_bucket
):
    key = '{"type": "service_account", "private_key": "secret-bits-5d1e"}'

    response = api.post(
        "/api/storages/gcs",
        json=gcs_body(gcs_bucket, make_project(), google_application_credentials=key),
    )

    assert response.status_code == 400
    assert "service-account key" in response.get_json()["detail"]
    assert "secret-bits-5d1e" not in response.get_data(as_text=True)


def test_a_missing_bucket_is_named(api, make_project, gcs_emulator):
    response = api.post(
        "/api/storages/gcs",
        json={"project": make_project(), "bucket": "absent-bucket"},
    )

    assert response.status_code == 400
    assert "'absent-bucket' does not exist" in response.get_json()["detail"]


def test_a_resync_takes_only_the_new_objects(
    api, make_project, gcs_bucket, sync, tasks_of
):
    project = make_project()
    gcs_bucket["bucket"].blob("a.png").upload_from_string(PNG, "image/png")
    storage = api.post(
        "/api/storages/gcs", json=gcs_body(gcs_bucket, project, use_blob_urls=True)
    ).get_json()

    first = sync(f"/api/storages/gcs/{storage['id']}")
    gcs_bucket["bucket"].blob("b.png").upload_from_string(PNG, "image/png")
    second = sync(f"/api/storages/gcs/{storage['id']}")

    assert (first["result"]["task_count"], second["result"]["task_count"]) == (1, 1)
    assert second["result"]["objects_seen"] == 2
    assert len(tasks_of(project)) == 2


def test_gcs_export_writes_each_annotation_and_deletes_it_with_the_annotation(
    api, make_project, gcs_bucket, wait_for_job, tasks_of
):
    project = make_project(TEXT_CONFIG)
    api.post(f"/api/projects/{project}/import", json=[{"text": "to gcs"}])
    api.post(
        "/api/storages/export/gcs",
        json=gcs_body(gcs_bucket, project, can_delete_objects=True),
    )
    task = tasks_of(project)[0]

    annotation = api.post(
        f"/api/tasks/{task['id']}/annotations/", json={"result": [CHOICE]}
    ).get_json()
    wait_for_job(api.get(f"/api/jobs/?project={project}").get_json()[0]["id"])
    blob = gcs_bucket["bucket"].blob(f"{annotation['id']}.json")
    assert (
        json.loads(blob.download_as_bytes())["annotations"][0]["id"]
        == (annotation["id"])
    )

    api.delete(f"/api/annotations/{annotation['id']}")
    wait_for_job(api.get(f"/api/jobs/?project={project}").get_json()[0]["id"])
    assert not blob.exists()
