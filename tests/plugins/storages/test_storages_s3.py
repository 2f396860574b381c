"""S3 import and export storages against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

import json

import pytest
import requests

from tests.plugins.storages.storage_helpers import (
    PNG,
    TEXT_CONFIG,
    fileuri,
    s3_client,
)
from tests.support.credentials import ADMIN_TOKEN


def s3_body(bucket: dict, project: int, **extra) -> dict:
    return {
        "project": project,
        "bucket": bucket["name"],
        "s3_endpoint": bucket["endpoint"],
        "region_name": "us-east-1",
        "aws_access_key_id": "test-key",
        "aws_secret_access_key": "test-secret-value-7f3a",
        "title": "Photos",
        **extra,
    }


def put(bucket: dict, key: str, body: bytes, content_type="image/png") -> None:
    bucket["client"].put_object(
        Bucket=bucket["name"], Key=key, Body=body, ContentType=content_type
    )


def test_an_s3_storage_is_created_and_answered_without_its_credentials(
    api, make_project, s3_bucket
):
    project = make_project()

    created = api.post("/api/storages/s3", json=s3_body(s3_bucket, project))

    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["bucket"] == s3_bucket["name"]
    assert body["type"] == "s3"
    assert body["project"] == project
    assert body["aws_secret_access_key_is_set"] is True
    assert body["aws_session_token_is_set"] is False
    assert "aws_secret_access_key" not in body
    assert "test-secret-value-7f3a" not in created.get_data(as_text=True)

    listed = api.get(f"/api/storages/s3?project={project}").get_json()
    assert [item["id"] for item in listed] == [body["id"]]
    everything = api.get(f"/api/storages/?project={project}").get_json()
    assert [item["type"] for item in everything] == ["s3"]
    assert api.get(f"/api/storages/s3/{body['id']}").get_json()["title"] == "Photos"


def test_a_change_keeps_secrets_it_leaves_out_and_clears_an_empty_one(
    api, make_project, s3_bucket
):
    project = make_project()
    storage = api.post("/api/storages/s3", json=s3_body(s3_bucket, project)).get_json()

    renamed = api.patch(f"/api/storages/s3/{storage['id']}", json={"title": "New"})
    cleared = api.patch(
        f"/api/storages/s3/{storage['id']}",
        json={"aws_session_token": "", "aws_secret_access_key": None},
    )

    assert renamed.status_code == 200, renamed.get_json()
    assert renamed.get_json()["title"] == "New"
    assert renamed.get_json()["aws_secret_access_key_is_set"] is True
    assert cleared.get_json()["aws_secret_access_key_is_set"] is True
    assert cleared.get_json()["aws_session_token_is_set"] is False


def test_validate_reaches_the_bucket_and_names_a_missing_one(
    api, make_project, s3_bucket
):
    project = make_project()

    good = api.post("/api/storages/s3/validate", json=s3_body(s3_bucket, project))
    missing = api.post(
        "/api/storages/s3/validate",
        json=s3_body({**s3_bucket, "name": "no-such-bucket-here"}, project),
    )

    assert good.status_code == 200, good.get_json()
    assert missing.status_code == 400
    assert "'no-such-bucket-here' does not exist" in missing.get_json()["detail"]


def test_settings_are_checked_field_by_field(api, make_project, s3_bucket):
    project = make_project()

    response = api.post(
        "/api/storages/s3",
        json=s3_body(s3_bucket, project, regex_filter="([", presign_ttl=0),
    )

    assert response.status_code == 400
    errors = response.get_json()["validation_errors"]
    assert "regex_filter" in errors
    assert "presign_ttl" in errors


def test_a_private_endpoint_is_refused_unless_the_server_allows_it(make_app, s3_bucket):
    app = make_app()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project = client.post(
        "/api/projects/", json={"title": "p", "label_config": TEXT_CONFIG}
    ).get_json()["id"]

    response = client.post("/api/storages/s3", json=s3_body(s3_bucket, project))

    assert response.status_code == 400
    assert "LABELCORE_OUTBOUND_ALLOW" in response.get_json()["detail"]


@pytest.mark.postgres
def test_sync_makes_a_task_per_media_object_and_a_resync_adds_only_new_ones(
    api, make_project, s3_bucket, sync, tasks_of
):
    project = make_project()
    for name in ("a.png", "b.png", "notes.txt"):
        put(s3_bucket, f"photos/{name}", PNG)
    put(s3_bucket, "elsewhere/c.png", PNG)
    storage = api.post(
        "/api/storages/s3",
        json=s3_body(
            s3_bucket,
            project,
            prefix="photos",
            regex_filter=r".*\.png",
            use_blob_urls=True,
        ),
    ).get_json()

    first = sync(f"/api/storages/s3/{storage['id']}")
    put(s3_bucket, "photos/d.png", PNG)
    second = sync(f"/api/storages/s3/{storage['id']}")

    assert first["state"] == "finished", first
    assert first["result"]["task_count"] == 2
    assert second["result"]["task_count"] == 1
    images = sorted(task["data"]["image"] for task in tasks_of(project))
    bucket = s3_bucket["name"]
    assert images == [
        f"s3://{bucket}/photos/{name}" for name in ("a.png", "b.png", "d.png")
    ]
    after = api.get(f"/api/storages/s3/{storage['id']}").get_json()
    assert after["status"] == "completed"
    assert after["last_sync_count"] == 1
    assert after["last_sync_job"] == str(second["id"])


@pytest.mark.postgres
def test_json_objects_become_their_tasks_and_a_bad_object_is_reported_and_skipped(
    api, make_project, s3_bucket, sync, tasks_of
):
    project = make_project(TEXT_CONFIG)
    good = [
        {"text": "plain data"},
        {
            "data": {"text": "with results"},
            "annotations": [
                {
                    "result": [
                        {
                            "from_name": "sentiment",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": ["positive"]},
                        }
                    ]
                }
            ],
            "predictions": [{"result": [], "score": 0.5, "model_version": "v1"}],
        },
    ]
    put(s3_bucket, "tasks/good.json", json.dumps(good).encode(), "application/json")
    put(s3_bucket, "tasks/lines.jsonl", b'{"text": "one"}\n{"text": "two"}\n')
    put(s3_bucket, "tasks/broken.json", b'[{"text": "cut off"', "application/json")
    put(
        s3_bucket,
        "tasks/wrong-label.json",
        json.dumps(
            [
                {"text": "fine"},
                {
                    "data": {"text": "bad"},
                    "annotations": [
                        {
                            "result": [
                                {
                                    "from_name": "sentiment",
                                    "to_name": "text",
                                    "type": "choices",
                                    "value": {"choices": ["furious"]},
                                }
                            ]
                        }
                    ],
                },
            ]
        ).encode(),
    )
    storage = api.post(
        "/api/storages/s3", json=s3_body(s3_bucket, project, prefix="tasks/")
    ).get_json()

    job = sync(f"/api/storages/s3/{storage['id']}")

    assert job["state"] == "finished", job
    result = job["result"]
    assert result["task_count"] == 4
    assert result["annotation_count"] == 1
    assert result["prediction_count"] == 1
    skipped = {problem["key"] for problem in result["problems"]}
    assert skipped == {"tasks/broken.json", "tasks/wrong-label.json"}
    texts = sorted(task["data"]["text"] for task in tasks_of(project))
    assert texts == ["one", "plain data", "two", "with results"]
    after = api.get(f"/api/storages/s3/{storage['id']}").get_json()
    assert after["status"] == "completed_with_errors"
    assert after["meta"]["last_sync"]["problem_count"] == 2

    again = sync(f"/api/storages/s3/{storage['id']}")
    assert again["result"]["task_count"] == 0
    assert len(tasks_of(project)) == 4


def first_task(tasks_of, project):
    return tasks_of(project)[0]


@pytest.mark.parametrize("presign", [True, False])
def test_the_browser_gets_media_through_the_resolve_endpoint_only(
    api, make_project, s3_bucket, sync, tasks_of, presign
):
    project = make_project()
    put(s3_bucket, "cat.png", PNG)
    storage = api.post(
        "/api/storages/s3",
        json=s3_body(s3_bucket, project, use_blob_urls=True, presign=presign),
    ).get_json()
    sync(f"/api/storages/s3/{storage['id']}")
    task = first_task(tasks_of, project)
    uri = task["data"]["image"]
    resolve = f"/tasks/{task['id']}/presign/?fileuri="
    assert task["api_data"]["image"] == resolve + fileuri(uri).rstrip("=")

    answer = api.get(task["api_data"]["image"])

    if presign:
        assert answer.status_code == 303
        location = answer.headers["Location"]
        assert "X-Amz-Expires=60" in location
        assert requests.get(location, timeout=10).content == PNG
    else:
        assert answer.status_code == 200
        assert answer.get_data() == PNG
        assert answer.headers["Content-Type"] == "image/png"

    not_in_task = fileuri(f"s3://{s3_bucket['name']}/x.png")
    assert api.get(resolve + not_in_task).status_code == 404
    anonymous = api.application.test_client()
    assert anonymous.get(resolve + fileuri(uri)).status_code == 401


def test_wrong_credentials_get_a_clear_error_without_the_secret(
    api, make_project, s3_checking_server
):
    project = make_project()
    client = s3_client(
        s3_checking_server["endpoint"],
        s3_checking_server["aws_access_key_id"],
        s3_checking_server["aws_secret_access_key"],
    )
    client.create_bucket(Bucket="checked-bucket")
    body = {
        "project": project,
        "bucket": "checked-bucket",
        "s3_endpoint": s3_checking_server["endpoint"],
        "aws_access_key_id": s3_checking_server["aws_access_key_id"],
        "aws_secret_access_key": "not-the-right-secret-91c2",
    }

    wrong = api.post("/api/storages/s3", json=body)
    right = api.post(
        "/api/storages/s3",
        json={
            **body,
            "aws_secret_access_key": s3_checking_server["aws_secret_access_key"],
        },
    )

    assert wrong.status_code == 400
    detail = wrong.get_json()["detail"]
    assert "S3 refused the credentials for bucket 'checked-bucket'" in detail
    assert "not-the-right-secret-91c2" not in wrong.get_data(as_text=True)
    assert "we calculated" not in detail
    assert right.status_code == 201, right.get_json()


@pytest.mark.postgres
def test_export_writes_each_saved_annotation_and_deletes_it_with_the_annotation(
    api, make_project, s3_bucket, sync, wait_for_job, tasks_of
):
    project = make_project(TEXT_CONFIG)
    api.post(f"/api/projects/{project}/import", json=[{"text": "a"}, {"text": "b"}])
    storage = api.post(
        "/api/storages/export/s3",
        json=s3_body(s3_bucket, project, prefix="out", can_delete_objects=True),
    ).get_json()
    task = tasks_of(project)[0]
    result = [
        {
            "from_name": "sentiment",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["negative"]},
        }
    ]

    annotation = api.post(
        f"/api/tasks/{task['id']}/annotations/", json={"result": result}
    )
    assert annotation.status_code == 201, annotation.get_json()
    annotation_id = annotation.get_json()["id"]
    job = latest_job(api, project, "storages.write_annotation")
    assert wait_for_job(job["id"])["state"] == "finished"

    key = f"out/{annotation_id}.json"
    written = json.loads(
        s3_bucket["client"].get_object(Bucket=s3_bucket["name"], Key=key)["Body"].read()
    )
    assert written["id"] == task["id"]
    assert written["data"] == {"text": task["data"]["text"]}
    assert [item["result"] for item in written["annotations"]] == [result]

    api.delete(f"/api/annotations/{annotation_id}")
    job = latest_job(api, project, "storages.write_annotation")
    assert wait_for_job(job["id"])["state"] == "finished"
    listing = s3_bucket["client"].list_objects_v2(Bucket=s3_bucket["name"])
    assert "Contents" not in listing

    exported = sync(f"/api/storages/export/s3/{storage['id']}")
    assert exported["state"] == "finished", exported
    assert exported["result"]["objects_written"] == 0


def latest_job(api, project: int, kind: str) -> dict:
    jobs = api.get(f"/api/jobs/?project={project}").get_json()
    return next(job for job in jobs if job["kind"] == kind)


@pytest.mark.postgres
def test_export_sync_writes_every_annotation_on_demand(
    api, make_project, s3_bucket, sync, tasks_of
):
    project = make_project(TEXT_CONFIG)
    result = [
        {
            "from_name": "sentiment",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["positive"]},
        }
    ]
    tasks = [
        {"data": {"text": f"t{n}"}, "annotations": [{"result": result}]}
        for n in range(3)
    ]
    api.post(f"/api/projects/{project}/import", json=tasks)
    storage = api.post(
        "/api/storages/export/s3",
        json=s3_body(s3_bucket, project, one_object_per="task"),
    ).get_json()

    job = sync(f"/api/storages/export/s3/{storage['id']}")

    assert job["state"] == "finished", job
    assert job["result"]["objects_written"] == 3
    keys = sorted(
        item["Key"]
        for item in s3_bucket["client"].list_objects_v2(Bucket=s3_bucket["name"])[
            "Contents"
        ]
    )
    assert keys == sorted(f"{task['id']}.json" for task in tasks_of(project))


def test_temporary_credentials_are_never_put_in_a_url_for_the_browser(
    api, make_project, s3_bucket, sync, tasks_of
):
    project = make_project()
    put(s3_bucket, "cat.png", PNG)
    storage = api.post(
        "/api/storages/s3",
        json=s3_body(
            s3_bucket, project, use_blob_urls=True, aws_session_token="token-4b4b"
        ),
    ).get_json()
    sync(f"/api/storages/s3/{storage['id']}")
    task = tasks_of(project)[0]

    answer = api.get(
        f"/tasks/{task['id']}/presign/?fileuri={fileuri(task['data']['image'])}"
    )

    assert answer.status_code == 200
    assert answer.get_data() == PNG
    assert "token-4b4b" not in str(answer.headers)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"s3_endpoint": "ftp://files.example.org"}, "is not an http(s) URL"),
        ({"region_name": "no such region!"}, "check the endpoint URL and the region"),
    ],
)
def test_unusable_settings_are_refused_with_a_sentence_not_a_crash(
    api, make_project, s3_bucket, settings, expected
):
    response = api.post(
        "/api/storages/s3", json={**s3_body(s3_bucket, make_project()), **settings}
    )

    assert response.status_code == 400, response.get_json()
    assert expected in response.get_json()["detail"]
