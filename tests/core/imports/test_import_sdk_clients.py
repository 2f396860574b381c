"""Both label-studio-sdk clients import through a real server, inline and async.

The legacy client polls ``/api/projects/<id>/imports/<id>`` until the status
is ``completed`` and returns its ``task_ids``; the new client hands back the
``import`` id and reads the same endpoint with ``tasks.create_many_status``.
"""

import time

import pytest
from label_studio_sdk import LabelStudio
from label_studio_sdk._legacy import Client

pytestmark = pytest.mark.slow

CONFIG = '<View><Text name="text" value="$text"/></View>'


@pytest.fixture
def server(launch_live_server):
    return launch_live_server(extra_environment={"LABELCORE_SYNC_IMPORT_LIMIT": "20"})


def test_legacy_client_imports_small_and_large_lists(server):
    client = Client(url=server.url, api_key=server.token)
    project = client.start_project(title="Legacy", label_config=CONFIG)

    small = project.import_tasks([{"text": f"s{n}"} for n in range(5)])
    large = project.import_tasks([{"text": f"l{n}"} for n in range(50)])

    assert len(small) == 5
    assert len(large) == 50
    tasks = project.get_tasks()
    assert [task["id"] for task in tasks] == small + large
    assert tasks[-1]["data"] == {"text": "l49"}


def test_new_client_imports_and_polls_the_import(server):
    client = LabelStudio(base_url=server.url, api_key=server.token)
    project = client.projects.create(title="New", label_config=CONFIG)

    inline = client.projects.import_tasks(
        id=project.id, request=[{"text": "one"}], return_task_ids=True
    )
    queued = client.projects.import_tasks(
        id=project.id, request=[{"text": f"t{n}"} for n in range(30)]
    )

    assert inline.task_count == 1
    assert queued.import_ is not None
    deadline = time.monotonic() + 60
    status = client.tasks.create_many_status(id=project.id, import_pk=queued.import_)
    while status.status != "completed" and time.monotonic() < deadline:
        assert status.status in ("created", "in_progress"), status
        time.sleep(0.1)
        status = client.tasks.create_many_status(
            id=project.id, import_pk=queued.import_
        )
    assert status.status == "completed"
    assert status.task_count == 30
    assert len(status.task_ids) == 30
