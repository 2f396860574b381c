"""Twenty annotators asking at the same instant: no task beyond its overlap.

Each round releases every annotator from one barrier, so their requests
meet in the database: row locks that skip taken rows on PostgreSQL, one
writer at a time on SQLite.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.core.api.debian_packages import choice_result

ANNOTATORS = 20


def _rounds(annotators, project_id, section, rounds):
    """Let every annotator ask at once, then annotate what each got."""
    barrier = threading.Barrier(len(annotators))
    history = []

    def ask(who):
        barrier.wait(timeout=30)
        response = who.get(f"/api/projects/{project_id}/next/")
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.json
        return response.json["id"]

    with ThreadPoolExecutor(len(annotators)) as pool:
        for _ in range(rounds):
            handed = dict(zip(annotators, pool.map(ask, annotators), strict=True))
            history.append(handed)
            if all(task_id is None for task_id in handed.values()):
                break
            for who, task_id in handed.items():
                if task_id is not None:
                    response = who.post(
                        f"/api/tasks/{task_id}/annotations",
                        json={"result": choice_result(section)},
                    )
                    assert response.status_code == 201, response.json
    return history


@pytest.mark.postgres
def test_twenty_annotators_at_once_with_overlap_one_never_share_a_task(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(50)
    annotators = [annotator_client() for _ in range(ANNOTATORS)]

    history = _rounds(annotators, project["id"], sections[0], rounds=5)

    for handed in history:
        given = [task_id for task_id in handed.values() if task_id is not None]
        assert len(given) == len(set(given)), f"a task went to two: {given}"
    every = [t for handed in history for t in handed.values() if t is not None]
    assert sorted(every) == sorted(project["task_ids"])
    assert all(task_id is None for task_id in history[-1].values())


@pytest.mark.postgres
def test_twenty_annotators_at_once_with_overlap_three_stay_within_it(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(12, maximum_annotations=3)
    annotators = [annotator_client() for _ in range(ANNOTATORS)]

    history = _rounds(annotators, project["id"], sections[0], rounds=4)

    for handed in history:
        counted = Counter(t for t in handed.values() if t is not None)
        assert max(counted.values(), default=0) <= 3, counted
    done = Counter(t for handed in history for t in handed.values() if t is not None)
    assert done == dict.fromkeys(project["task_ids"], 3)


@pytest.mark.postgres
def test_twenty_annotators_at_once_with_the_other_samplers(
    client, project_with_tasks, annotator_client, sections
):
    for sampling in ("Uniform sampling", "Uncertainty sampling", "blend"):
        project = project_with_tasks(30, sampling=sampling)
        annotators = [annotator_client() for _ in range(ANNOTATORS)]

        history = _rounds(annotators, project["id"], sections[0], rounds=3)

        every = [t for handed in history for t in handed.values() if t is not None]
        assert len(every) == len(set(every)), sampling
        assert sorted(every) == sorted(project["task_ids"]), sampling


@pytest.mark.postgres
def test_one_annotator_asking_twice_at_once_gets_one_task(client, project_with_tasks):
    project = project_with_tasks(5)
    barrier = threading.Barrier(2)

    def ask(_):
        barrier.wait(timeout=30)
        return client.get(f"/api/projects/{project['id']}/next/").json["id"]

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(ask, range(2))

    assert first == second == project["task_ids"][0]
