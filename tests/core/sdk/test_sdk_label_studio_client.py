"""Label Studio's current SDK client (``label_studio_sdk.LabelStudio``) against a
live server: the same flow as a script written for Label Studio runs it."""

import json
import time

import pytest
from label_studio_sdk import LabelStudio

from tests.core.api.debian_packages import (
    as_tasks,
    choice_result,
    debian_packages,
    most_common_sections,
    section_config,
)


@pytest.fixture(scope="module")
def packages():
    return debian_packages(1500)


@pytest.fixture
def sdk(sdk_server):
    return LabelStudio(base_url=sdk_server.url, api_key=sdk_server.token)


def _label(record, sections):
    return record["section"] if record["section"] in sections else sections[0]


def test_the_end_to_end_flow(sdk, packages):
    sections = most_common_sections(packages)
    records = packages[:40]

    project = sdk.projects.create(
        title="Debian sections (SDK)", label_config=section_config(sections)
    )
    assert project.id
    assert sdk.projects.get(id=project.id).title == "Debian sections (SDK)"
    interface = sdk.projects.get(id=project.id).get_label_interface()
    assert [control.name for control in interface.controls] == ["section"]

    imported = sdk.projects.import_tasks(
        id=project.id, request=as_tasks(records), return_task_ids=True
    )
    assert imported.task_count == 40
    task_ids = imported.task_ids
    assert len(task_ids) == 40

    tasks = list(sdk.tasks.list(project=project.id, page_size=15))
    assert [task.id for task in tasks] == task_ids
    assert tasks[7].data["text"] == records[7]["text"]
    one = sdk.tasks.get(id=str(task_ids[3]))
    assert one.data["text"] == records[3]["text"]

    label = _label(records[0], sections)
    annotation = sdk.annotations.create(
        id=task_ids[0], result=choice_result(label), lead_time=2.0
    )
    assert annotation.task == task_ids[0]
    assert [item.id for item in sdk.annotations.list(id=task_ids[0])] == [annotation.id]
    skip = sdk.annotations.create(id=task_ids[1], was_cancelled=True, result=[])
    assert skip.was_cancelled is True

    prediction = sdk.predictions.create(
        task=task_ids[2], result=choice_result(sections[2]), score=0.3
    )
    assert prediction.score == 0.3

    exported = json.loads(
        b"".join(sdk.projects.exports.download_sync(id=project.id, export_type="JSON"))
    )
    assert [task["id"] for task in exported] == task_ids[:2]
    assert exported[0]["annotations"][0]["result"] == choice_result(label)
    assert exported[1]["annotations"][0]["was_cancelled"] is True
    everything = json.loads(
        b"".join(
            sdk.projects.exports.download_sync(
                id=project.id, export_type="JSON", download_all_tasks=True
            )
        )
    )
    assert len(everything) == 40

    listed = [item.id for item in sdk.projects.list()]
    assert project.id in listed


def test_a_large_import_is_a_job_whose_status_the_sdk_reads(sdk, packages):
    project = sdk.projects.create(
        title="Large import (SDK)",
        label_config=section_config(most_common_sections(packages)),
    )

    started = sdk.projects.import_tasks(id=project.id, request=as_tasks(packages))
    import_id = started.import_
    assert import_id

    deadline = time.monotonic() + 120
    status = sdk.tasks.create_many_status(id=project.id, import_pk=import_id)
    while status.status not in ("completed", "failed"):
        assert time.monotonic() < deadline, f"import still {status.status}"
        time.sleep(0.2)
        status = sdk.tasks.create_many_status(id=project.id, import_pk=import_id)

    assert status.status == "completed", status.error
    assert status.task_count == 1500
    assert len(status.task_ids) == 1500
    assert sum(1 for _ in sdk.tasks.list(project=project.id, page_size=500)) == 1500


def test_changing_and_deleting_through_the_sdk(sdk, packages):
    sections = most_common_sections(packages)
    project = sdk.projects.create(
        title="Changes", label_config=section_config(sections)
    )
    [task_id] = sdk.projects.import_tasks(
        id=project.id, request=[{"data": {"text": "One"}}], return_task_ids=True
    ).task_ids
    annotation = sdk.annotations.create(id=task_id, result=choice_result(sections[0]))

    sdk.annotations.update(id=annotation.id, result=choice_result(sections[1]))
    assert sdk.annotations.get(id=annotation.id).result == choice_result(sections[1])
    sdk.projects.update(id=project.id, title="Renamed")
    assert sdk.projects.get(id=project.id).title == "Renamed"
    sdk.annotations.delete(id=annotation.id)
    assert sdk.annotations.list(id=task_id) == []
    sdk.tasks.delete(id=str(task_id))
    assert list(sdk.tasks.list(project=project.id)) == []
    sdk.projects.delete(id=project.id)
    assert project.id not in [item.id for item in sdk.projects.list()]


def test_a_bad_config_raises_the_sdks_error_with_the_servers_message(sdk):
    from label_studio_sdk.core.api_error import ApiError

    with pytest.raises(ApiError) as raised:
        sdk.projects.create(title="Bad", label_config="<View><Sparkle/></View>")

    assert raised.value.status_code == 400
    assert "'Sparkle'" in raised.value.body["detail"]
