"""The Export page in the browser: the formats with the ones that cannot express
the project greyed out, a snapshot made by a job with its progress bar and
downloaded when done, and the download that streams at once."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>"""
BULK_TASKS = 40_000
"""Enough tasks that writing the snapshot takes a second or more, so that
the page shows its progress bar before the job ends."""
ANNOTATED_TASKS = 2
JOB_TIMEOUT = 180


def _wait_for_job(api, job_id: int) -> dict:
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        job = api.get(f"{api.base_url}/api/jobs/{job_id}/").json()
        if job["state"] in ("finished", "failed", "cancelled"):
            return job
        time.sleep(0.25)
    raise AssertionError(f"Job {job_id} did not end within {JOB_TIMEOUT} s.")


def _import_in_bulk(api, project: int, count: int) -> None:
    tasks = [{"text": f"bulk item {n}"} for n in range(count)]
    answer = api.post(f"{api.base_url}/api/projects/{project}/import", json=tasks)
    assert answer.status_code == 202, answer.text

    job = _wait_for_job(api, answer.json()["job"]["id"])
    assert job["state"] == "finished", job


def _annotate(api, task_id: int, choice: str) -> None:
    item = {
        "from_name": "topic",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": [choice]},
    }
    answer = api.post(
        f"{api.base_url}/api/tasks/{task_id}/annotations/", json={"result": [item]}
    )
    assert answer.status_code == 201, answer.text


def _downloaded_tasks(page, link) -> tuple[list[dict], str]:
    with page.expect_download(timeout=JOB_TIMEOUT * 1000) as download:
        link.click()
    tasks = json.loads(Path(download.value.path()).read_text())
    assert isinstance(tasks, list)
    return tasks, download.value.suggested_filename


def test_the_export_page_snapshots_a_project_and_downloads_it(
    page, web_server, make_project, api
):
    firsts = [{"text": f"annotated {n}"} for n in range(ANNOTATED_TASKS)]
    project = make_project("Export", CONFIG, firsts)
    listed = api.get(f"{api.base_url}/api/tasks/?project={project}").json()["tasks"]
    for task, choice in zip(listed, "AB", strict=True):
        _annotate(api, task["id"], choice)
    _import_in_bulk(api, project, BULK_TASKS)
    total = ANNOTATED_TASKS + BULK_TASKS

    page.goto(f"{web_server.url}/projects/{project}")
    page.get_by_role("link", name="Export", exact=True).click()
    page.get_by_role("heading", name="Export", exact=True).wait_for()
    formats = page.get_by_role("group", name="Export format")
    json_format = formats.get_by_role("radio", name="JSON", exact=True)
    json_format.wait_for()
    assert json_format.is_checked()
    assert formats.get_by_role("radio", name="CSV", exact=True).is_enabled()
    coco = formats.get_by_role("radio", name="COCO", exact=True)
    assert coco.is_disabled()
    formats.get_by_text(
        "COCO cannot express this project's labeling config", exact=False
    ).wait_for()
    assert formats.get_by_text("Label Studio's JSON export format", exact=False).count()

    snapshot = page.get_by_role("region", name="Snapshot", exact=True)
    snapshot.get_by_role("button", name="Create snapshot").click()
    snapshot.locator(
        "[aria-label^='Exporting a snapshot'] [role=progressbar]"
    ).first.wait_for()
    ready = snapshot.get_by_role("link", name="Download JSON", exact=True)
    ready.wait_for(timeout=JOB_TIMEOUT * 1000)
    snapshot.get_by_role("status").filter(
        has_text=f"ready: {total:,} tasks, {ANNOTATED_TASKS} annotations"
    ).wait_for()
    assert snapshot.get_by_role("progressbar").count() == 0

    tasks, filename = _downloaded_tasks(page, ready)
    assert len(tasks) == total
    assert filename.startswith(f"project-{project}-at-") and filename.endswith(".json")
    annotated = [task for task in tasks if task["annotations"]]
    assert len(annotated) == ANNOTATED_TASKS

    made = api.get(f"{api.base_url}/api/projects/{project}/exports/").json()
    assert len(made) == 1 and made[0]["status"] == "completed"
    row = page.get_by_role("table", name="Snapshots").get_by_role("row").nth(1)
    row.get_by_text("completed").wait_for()
    assert row.get_by_text(f"{total:,}", exact=True).count() == 1
    again = row.get_by_role("link", name=f"Download snapshot {made[0]['id']} as JSON")
    assert again.get_attribute("href") == made[0]["download_url"]

    # The streamed download keeps the old "Export JSON" link's choice: only
    # the tasks with annotations, unless all are asked for.
    direct = page.get_by_role("region", name="Download now")
    quick, _ = _downloaded_tasks(
        page, direct.get_by_role("link", name="Download JSON", exact=True)
    )
    assert sorted(task["data"]["text"] for task in quick) == [
        task["text"] for task in firsts
    ]
    assert all(len(task["annotations"]) == 1 for task in quick)
    direct.get_by_label("All tasks, not only those with annotations").check()
    formats.get_by_role("radio", name="CSV", exact=True).check()
    link = direct.get_by_role("link", name="Download CSV", exact=True)
    assert link.get_attribute("href") == (
        f"/api/projects/{project}/export?exportType=CSV&download_all_tasks=true"
    )
