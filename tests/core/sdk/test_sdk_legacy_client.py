"""Label Studio's legacy SDK client (``label_studio_sdk.Client``) against a live server.

The client is used exactly as a Label Studio script uses it; what it sends
(paths without trailing slashes, ``return_task_ids=1``, polling of
``/imports/<id>`` for a large import, paging ``/api/tasks`` until a 404) is
what LabelCore must answer.
"""

import pytest
from label_studio_sdk import Client

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
def legacy_client(sdk_server):
    return Client(url=sdk_server.url, api_key=sdk_server.token)


def test_the_client_connects_and_reads_the_version(legacy_client):
    assert legacy_client.check_connection() == {"status": "UP"}
    assert legacy_client.versions["edition"] == "Community"
    assert legacy_client.is_enterprise is False


def test_the_end_to_end_flow(legacy_client, packages):
    sections = most_common_sections(packages)
    records = packages[:60]

    project = legacy_client.start_project(
        title="Debian sections (legacy SDK)", label_config=section_config(sections)
    )
    assert project.id
    assert project.get_params()["title"] == "Debian sections (legacy SDK)"
    assert list(project.parsed_label_config) == ["section"]

    task_ids = project.import_tasks(as_tasks(records))
    assert len(task_ids) == 60

    tasks = project.get_tasks()
    assert [task["id"] for task in tasks] == task_ids
    assert tasks[5]["data"]["text"] == records[5]["text"]
    assert project.get_paginated_tasks(page=1, page_size=25)["total"] == 60
    assert project.get_paginated_tasks(page=4, page_size=25)["end_pagination"]

    label = records[0]["section"] if records[0]["section"] in sections else sections[0]
    annotation = project.create_annotation(task_ids[0], result=choice_result(label))
    assert annotation["task"] == task_ids[0]
    task = project.get_task(task_ids[0])
    assert [item["id"] for item in task["annotations"]] == [annotation["id"]]

    prediction = project.create_prediction(
        task_ids[1], result=choice_result(sections[1]), score=0.6, model_version="v1"
    )
    assert prediction["score"] == 0.6

    exported = project.export_tasks()
    assert [item["id"] for item in exported] == [task_ids[0]]
    assert exported[0]["annotations"][0]["result"] == choice_result(label)
    everything = project.export_tasks(download_all_tasks=True)
    assert len(everything) == 60

    listed = {listed.id for listed in legacy_client.get_projects()}
    assert project.id in listed
    again = legacy_client.get_project(project.id)
    assert again.get_params()["task_number"] == 60


def test_a_large_import_is_polled_until_it_completes(legacy_client, packages):
    project = legacy_client.start_project(
        title="Large import",
        label_config=section_config(most_common_sections(packages)),
    )

    task_ids = project.import_tasks(as_tasks(packages))

    assert len(task_ids) == 1500
    assert len(set(task_ids)) == 1500
    assert project.get_paginated_tasks(page=15, page_size=100)["total"] == 1500


def test_changing_and_deleting_through_the_client(legacy_client, packages):
    sections = most_common_sections(packages)
    project = legacy_client.start_project(
        title="Changes", label_config=section_config(sections)
    )
    [task_id] = project.import_tasks([{"text": packages[0]["text"]}])
    annotation = project.create_annotation(task_id, result=choice_result(sections[0]))

    project.update_annotation(annotation["id"], result=choice_result(sections[1]))
    assert project.get_annotation(annotation["id"])["result"] == choice_result(
        sections[1]
    )
    project.update_task(task_id, data={"text": "Changed"})
    assert project.get_task(task_id)["data"] == {"text": "Changed"}
    project.set_params(title="Changed title")
    assert legacy_client.get_project(project.id).get_params()["title"] == (
        "Changed title"
    )
    project.delete_annotation(annotation["id"])
    assert project.list_annotations(task_id) == []
    project.delete_task(task_id)
    assert project.get_tasks() == []
    legacy_client.delete_project(project.id)
    assert project.id not in {listed.id for listed in legacy_client.get_projects()}
