"""A big project's counts are kept and recounted behind the reads; a small
project's are counted on every read."""

from __future__ import annotations

import time

from labelcore.api import project_counts
from tests.core.api.debian_packages import as_tasks


def _task_number(client, project_id: int) -> int:
    return client.get(f"/api/projects/{project_id}/").json["task_number"]


def test_a_slow_count_is_served_again_and_refreshed_in_the_background(
    client, project_with_tasks, packages, monkeypatch
):
    project = project_with_tasks(3)
    # Every count counts as slow here, and is stale at once.
    monkeypatch.setattr(project_counts, "SLOW_SECONDS", -1.0)
    monkeypatch.setattr(project_counts, "FRESH_SECONDS", -1.0)
    assert _task_number(client, project["id"]) == 3

    client.post(f"/api/projects/{project['id']}/import", json=as_tasks(packages[3:5]))
    served = _task_number(client, project["id"])
    deadline = time.monotonic() + 10
    while _task_number(client, project["id"]) != 5:
        assert time.monotonic() < deadline, "the background recount never came"
        time.sleep(0.05)

    assert served == 3


def test_a_quick_count_is_exact_on_every_read(client, project_with_tasks, packages):
    project = project_with_tasks(3)
    assert _task_number(client, project["id"]) == 3

    client.post(f"/api/projects/{project['id']}/import", json=as_tasks(packages[3:5]))

    assert _task_number(client, project["id"]) == 5
