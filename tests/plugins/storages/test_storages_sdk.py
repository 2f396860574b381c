"""Storage scripts written for Label Studio, through both SDK clients, against
a live server and moto's S3 server."""

from __future__ import annotations

import time

import pytest
from label_studio_sdk import Client, LabelStudio

from tests.plugins.storages.storage_helpers import PNG, TEXT_CONFIG

pytestmark = pytest.mark.slow

IMAGE_ONLY = '<View><Image name="image" value="$image"/></View>'


@pytest.fixture
def storage_server(launch_live_server, files_root):
    return launch_live_server(
        extra_environment={
            "LABELCORE_OUTBOUND_ALLOW": "127.0.0.1",
            "LABELCORE_LOCAL_FILES_ROOT": str(files_root),
        }
    )


def wait_for_status(read, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        storage = read()
        status = storage["status"] if isinstance(storage, dict) else storage.status
        if status in {"completed", "completed_with_errors", "failed"}:
            return storage
        time.sleep(0.05)
    raise AssertionError(f"The storage did not finish syncing: {storage}")


def test_the_current_client_creates_lists_syncs_and_deletes_an_s3_storage(
    storage_server, s3_bucket
):
    sdk = LabelStudio(base_url=storage_server.url, api_key=storage_server.token)
    s3_bucket["client"].put_object(Bucket=s3_bucket["name"], Key="a.png", Body=PNG)
    project = sdk.projects.create(title="SDK storages", label_config=IMAGE_ONLY)

    created = sdk.import_storage.s3.create(
        project=project.id,
        bucket=s3_bucket["name"],
        s3endpoint=s3_bucket["endpoint"],
        aws_access_key_id="sdk-key",
        aws_secret_access_key="sdk-secret",
        use_blob_urls=True,
        title="SDK bucket",
    )
    listed = sdk.import_storage.s3.list(project=project.id)
    valid = sdk.import_storage.s3.validate(
        project=project.id, bucket=s3_bucket["name"], s3endpoint=s3_bucket["endpoint"]
    )
    sdk.import_storage.s3.sync(id=created.id)
    synced = wait_for_status(lambda: sdk.import_storage.s3.get(id=created.id))
    types = [item.name for item in sdk.import_storage.list_types()]
    exported = sdk.export_storage.s3.create(
        project=project.id,
        bucket=s3_bucket["name"],
        s3endpoint=s3_bucket["endpoint"],
        aws_access_key_id="sdk-key",
        aws_secret_access_key="sdk-secret",
    )
    sdk.import_storage.s3.delete(id=created.id)

    assert created.bucket == s3_bucket["name"]
    assert created.aws_secret_access_key is None
    assert [item.id for item in listed] == [created.id]
    assert valid is None
    assert synced.status == "completed"
    assert synced.last_sync_count == 1
    assert {"s3", "gcs", "azure", "localfiles"} <= set(types)
    assert exported.id
    assert sdk.import_storage.s3.list(project=project.id) == []


def test_the_legacy_client_connects_and_syncs_local_and_s3_storages(
    storage_server, s3_bucket, files_root, monkeypatch
):
    (files_root / "texts").mkdir()
    (files_root / "texts" / "t.json").write_text('[{"text": "from a folder"}]')
    s3_bucket["client"].put_object(
        Bucket=s3_bucket["name"], Key="t.json", Body=b'{"text": "from a bucket"}'
    )
    client = Client(url=storage_server.url, api_key=storage_server.token)
    project = client.start_project(title="Legacy storages", label_config=TEXT_CONFIG)
    monkeypatch.setenv("LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT", str(files_root))

    local = project.connect_local_import_storage(
        str(files_root / "texts"), use_blob_urls=False, title="Folder"
    )
    bucket = project.connect_s3_import_storage(
        bucket=s3_bucket["name"],
        use_blob_urls=False,
        aws_access_key_id="legacy-key",
        aws_secret_access_key="legacy-secret",
        s3_endpoint=s3_bucket["endpoint"],
        region_name="us-east-1",
    )
    project.sync_import_storage("localfiles", local["id"])
    project.sync_import_storage("s3", bucket["id"])
    for storage in (local, bucket):
        path = f"/api/storages/{storage['type']}/{storage['id']}"
        wait_for_status(lambda path=path: client.make_request("GET", path).json())

    assert {item["type"] for item in project.get_import_storages()} == {
        "localfiles",
        "s3",
    }
    texts = sorted(task["data"]["text"] for task in project.get_tasks())
    assert texts == ["from a bucket", "from a folder"]
    assert "legacy-secret" not in str(project.get_import_storages())
