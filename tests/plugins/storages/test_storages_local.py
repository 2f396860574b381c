"""Local-file storages: only under LABELCORE_LOCAL_FILES_ROOT, never out of it."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.plugins.storages.storage_helpers import CHOICE, PNG, TEXT_CONFIG
from tests.support.credentials import ADMIN_TOKEN
from tests.support.jobs import run_after_its_runner_died


@pytest.fixture
def photos(files_root):
    folder = files_root / "photos"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.png").write_bytes(PNG)
    (folder / "nested" / "b.png").write_bytes(PNG)
    (folder / "page.html").write_text("<script>alert(1)</script>")
    return folder


def create_local(api, project: int, path, **extra):
    return api.post(
        "/api/storages/localfiles",
        json={"project": project, "path": str(path), **extra},
    )


def test_a_local_storage_syncs_its_folder_into_tasks_served_with_auth(
    api, make_project, photos, sync, tasks_of
):
    project = make_project()
    storage = create_local(
        api, project, photos, use_blob_urls=True, recursive_scan=True
    )
    assert storage.status_code == 201, storage.get_json()

    job = sync(f"/api/storages/localfiles/{storage.get_json()['id']}")

    assert job["state"] == "finished", job
    urls = sorted(task["data"]["image"] for task in tasks_of(project))
    assert urls == [
        "/data/local-files/?d=photos/a.png",
        "/data/local-files/?d=photos/nested/b.png",
        "/data/local-files/?d=photos/page.html",
    ]
    served = api.get(urls[0])
    assert served.status_code == 200
    assert served.get_data() == PNG
    assert served.headers["Content-Type"] == "image/png"
    html = api.get(urls[2])
    assert html.headers["Content-Type"] == "application/octet-stream"
    assert html.headers["Content-Disposition"].startswith("attachment")
    assert api.application.test_client().get(urls[0]).status_code == 401


def test_a_flat_scan_takes_only_the_top_of_the_folder(
    api, make_project, photos, sync, tasks_of
):
    project = make_project()
    storage = create_local(
        api, project, "photos", use_blob_urls=True, regex_filter=r".*\.png"
    ).get_json()

    sync(f"/api/storages/localfiles/{storage['id']}")

    assert [task["data"]["image"] for task in tasks_of(project)] == [
        "/data/local-files/?d=photos/a.png"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "photos/../../secret.txt",
        "/etc/passwd",
        "photos/%2e%2e/%2e%2e/secret.txt",
        "photos\\..\\..\\secret.txt",
        "link-out/secret.txt",
        "photos/escape.txt",
    ],
)
def test_paths_that_climb_out_of_the_root_are_refused(
    api, make_project, photos, files_root, tmp_path, path
):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("the secret")
    (tmp_path / "secret.txt").write_text("the secret")
    os.symlink(outside, files_root / "link-out")
    os.symlink(outside / "secret.txt", photos / "escape.txt")
    create_local(api, make_project(), files_root)

    answer = api.get("/data/local-files/", query_string={"d": path})

    assert answer.status_code in {403, 404}
    assert b"the secret" not in answer.get_data()


def test_a_symlink_out_of_the_root_is_not_synced(
    api, make_project, photos, tmp_path, sync, tasks_of
):
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    os.symlink(outside, photos / "outside.png")
    project = make_project()
    storage = create_local(api, project, photos, use_blob_urls=True).get_json()

    sync(f"/api/storages/localfiles/{storage['id']}")

    names = {task["data"]["image"].rsplit("/", 1)[-1] for task in tasks_of(project)}
    assert "outside.png" not in names
    assert "a.png" in names


def test_a_file_is_served_only_to_an_organization_with_a_storage_holding_it(
    api, make_project, photos, files_root
):
    (files_root / "private").mkdir()
    (files_root / "private" / "x.png").write_bytes(PNG)
    create_local(api, make_project(), photos)

    assert api.get("/data/local-files/?d=photos/a.png").status_code == 200
    assert api.get("/data/local-files/?d=private/x.png").status_code == 404


def test_a_storage_folder_outside_the_root_is_refused(api, make_project, tmp_path):
    project = make_project()

    absolute = create_local(api, project, tmp_path)
    climbing = create_local(api, project, "../")

    assert absolute.status_code == 400
    assert "not inside the local-files root" in absolute.get_json()["detail"]
    assert climbing.status_code == 400
    assert "'..'" in climbing.get_json()["detail"]


def test_local_storage_is_off_without_a_root(make_app, photos):
    app = make_app()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    project = client.post(
        "/api/projects/", json={"title": "p", "label_config": TEXT_CONFIG}
    ).get_json()["id"]

    created = create_local(client, project, photos)
    served = client.get("/data/local-files/?d=photos/a.png")

    assert created.status_code == 400
    assert "LABELCORE_LOCAL_FILES_ROOT" in created.get_json()["detail"]
    assert served.status_code == 404


def test_a_local_export_storage_writes_annotations_as_files(
    api, make_project, files_root, wait_for_job, tasks_of
):
    project = make_project(TEXT_CONFIG)
    api.post(f"/api/projects/{project}/import", json=[{"text": "hello"}])
    (files_root / "out").mkdir()
    storage = api.post(
        "/api/storages/export/localfiles",
        json={"project": project, "path": "out", "can_delete_objects": True},
    )
    assert storage.status_code == 201, storage.get_json()
    task = tasks_of(project)[0]

    annotation = api.post(
        f"/api/tasks/{task['id']}/annotations/", json={"result": [CHOICE]}
    ).get_json()
    jobs = api.get(f"/api/jobs/?project={project}").get_json()
    wait_for_job(jobs[0]["id"])

    written = json.loads((files_root / "out" / f"{annotation['id']}.json").read_text())
    assert written["annotations"][0]["result"] == [CHOICE]
    assert written["data"] == {"text": "hello"}


def test_an_object_with_a_bad_name_is_reported_and_the_rest_imported(
    api, make_project, photos, sync, tasks_of
):
    (photos / "bad\x01name.png").write_bytes(PNG)
    project = make_project()
    storage = create_local(
        api, project, photos, use_blob_urls=True, regex_filter=r".*\.png"
    ).get_json()

    job = sync(f"/api/storages/localfiles/{storage['id']}")

    assert job["state"] == "finished", job
    assert job["result"]["task_count"] == 1
    [problem] = job["result"]["problems"]
    assert problem["key"] == "bad\x01name.png"
    assert "control characters" in problem["message"]
    assert [task["data"]["image"] for task in tasks_of(project)] == [
        "/data/local-files/?d=photos/a.png"
    ]


def test_a_sync_stopped_halfway_and_run_again_imports_each_object_once(
    api, make_project, files_root, sync, wait_for_job, tasks_of, monkeypatch
):
    import labelcore_storages.sync

    monkeypatch.setattr(labelcore_storages.sync, "TASKS_PER_BATCH", 50)
    monkeypatch.setattr(labelcore_storages.sync, "KEYS_PER_LOOKUP", 50)
    folder = files_root / "many"
    folder.mkdir()
    for number in range(3000):
        (folder / f"{number:05d}.png").write_bytes(PNG)
    project = make_project()
    storage = create_local(api, project, folder, use_blob_urls=True).get_json()
    path = f"/api/storages/localfiles/{storage['id']}"

    job_id = api.post(f"{path}/sync").get_json()["job"]["id"]
    deadline = time.monotonic() + 30
    while api.get(f"/api/jobs/{job_id}").get_json()["progress"]["done"] == 0:
        assert time.monotonic() < deadline, "the sync never committed a batch"
    api.post(f"/api/jobs/{job_id}/cancel")
    stopped = wait_for_job(job_id)
    partly = api.get(f"/api/projects/{project}/").get_json()["task_number"]
    again = sync(path)

    assert stopped["state"] == "cancelled"
    assert 0 < partly < 3000
    assert again["result"]["task_count"] == 3000 - partly
    images = [task["data"]["image"] for task in tasks_of_all(api, project)]
    assert len(images) == len(set(images)) == 3000


def tasks_of_all(api, project: int) -> list[dict]:
    found, page = [], 1
    while True:
        answer = api.get(f"/api/tasks/?project={project}&page={page}&page_size=1000")
        if answer.status_code == 404:
            return found
        found.extend(answer.get_json()["tasks"])
        page += 1


def test_a_sync_taken_over_from_a_dead_runner_reports_the_whole_job(
    api, storage_app, make_project, files_root, tasks_of
):
    from labelcore_storages.models import StorageObject

    from labelcore.models import db

    folder = files_root / "taken-over"
    folder.mkdir()
    for number in range(30):
        (folder / f"{number:02d}.json").write_text(
            json.dumps([{"text": f"file {number} item {item}"} for item in range(2)])
        )
    project = make_project(TEXT_CONFIG)
    storage = create_local(api, project, folder).get_json()
    with storage_app.app_context():
        # The first runner committed the first ten files (20 tasks) with
        # its checkpoint, then died.
        db.session.add_all(
            StorageObject(
                storage_id=storage["id"], key=f"{number:02d}.json", task_count=2
            )
            for number in range(10)
        )
        job_id = run_after_its_runner_died(
            kind="storages.sync",
            project_id=project,
            params={"storage_id": storage["id"]},
            progress_done=10,
            checkpoint={
                "objects_seen": 10,
                "objects_imported": 10,
                "task_count": 20,
                "annotation_count": 0,
                "prediction_count": 0,
                "problem_count": 0,
                "problems": [],
            },
        )

    answered = api.get(f"/api/jobs/{job_id}").get_json()
    texts = sorted(task["data"]["text"] for task in tasks_of(project))

    assert answered["state"] == "finished", answered
    assert answered["attempts"] == 2
    assert texts == sorted(
        f"file {number} item {item}" for number in range(10, 30) for item in range(2)
    )
    result = answered["result"]
    assert result["objects_seen"] == 30
    assert result["objects_imported"] == 30
    assert result["task_count"] == 60
    stored = api.get(f"/api/storages/localfiles/{storage['id']}").get_json()
    assert stored["last_sync_count"] == 60
