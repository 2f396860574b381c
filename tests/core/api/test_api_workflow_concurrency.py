"""Concurrent transitions on one task, on real threads: one wins, none overwrites."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.core.api.debian_packages import choice_result

THREADS = 8


def _race(calls):
    """Run every call at the same moment, each on its own thread."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _clients(app, admin_token, count):
    clients = []
    for _ in range(count):
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Token {admin_token}"
        clients.append(client)
    return clients


def _in_review(client, project_with_tasks, sections):
    project = project_with_tasks(1, workflow="review")
    task_id = project["task_ids"][0]
    answer = client.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice_result(sections[0])}
    )
    assert answer.status_code == 201, answer.json
    return task_id


def _decisions(task_id, clients, version=None):
    def decide(client, position):
        body = {"event": "accept"} if position % 2 else {"event": "reject"}
        body["comment"] = f"reviewer {position}"
        if version is not None:
            body["version"] = version
        return lambda: client.post(f"/api/tasks/{task_id}/transitions", json=body)

    return [decide(client, position) for position, client in enumerate(clients)]


def _decisions_logged(client, task_id):
    history = client.get(f"/api/tasks/{task_id}/history").json
    assert history["consistent"] is True, history
    return [e for e in history["events"] if e["event"] in ("accept", "reject")]


@pytest.mark.postgres
def test_reviewers_deciding_at_once_with_the_version_they_saw(
    app, client, admin_token, project_with_tasks, sections
):
    task_id = _in_review(client, project_with_tasks, sections)
    version = client.get(f"/api/tasks/{task_id}/transitions").json["task"]["version"]

    answers = _race(_decisions(task_id, _clients(app, admin_token, THREADS), version))

    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * (THREADS - 1)
    losers = [answer.json for answer in answers if answer.status_code == 409]
    assert {loser["code"] for loser in losers} == {"task_changed"}
    assert all("Reload the task and try again." in loser["detail"] for loser in losers)
    winner = next(answer.json for answer in answers if answer.status_code == 200)
    logged = _decisions_logged(client, task_id)
    assert [event["comment"] for event in logged] == [winner["event"]["comment"]]
    task = client.get(f"/api/tasks/{task_id}").json
    assert task["state"] == winner["task"]["state"]


@pytest.mark.postgres
def test_reviewers_deciding_at_once_without_a_version(
    app, client, admin_token, project_with_tasks, sections
):
    task_id = _in_review(client, project_with_tasks, sections)

    answers = _race(_decisions(task_id, _clients(app, admin_token, THREADS)))

    winners = [answer for answer in answers if answer.status_code == 200]
    assert len(winners) == 1
    for loser in answers:
        if loser.status_code == 409:
            assert loser.json["code"] == "task_changed"
        elif loser.status_code == 400:
            # Started after the winner committed: refused from the new state.
            assert loser.json["state"] == winners[0].json["task"]["state"]
        else:
            assert loser is winners[0]
    assert len(_decisions_logged(client, task_id)) == 1


@pytest.mark.postgres
def test_annotators_submitting_at_once_are_all_counted(
    app, client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(1, maximum_annotations=THREADS)
    task_id = project["task_ids"][0]
    annotators = [annotator_client() for _ in range(THREADS)]

    def submit(annotator):
        return lambda: annotator.post(
            f"/api/tasks/{task_id}/annotations",
            json={"result": choice_result(sections[0])},
        )

    answers = _race([submit(annotator) for annotator in annotators])

    assert [answer.status_code for answer in answers] == [201] * THREADS
    task = client.get(f"/api/tasks/{task_id}").json
    assert (task["total_annotations"], task["state"]) == (THREADS, "completed")
    history = client.get(f"/api/tasks/{task_id}/history").json
    assert [event["to_state"] for event in history["events"]] == [
        "in_progress",
        "completed",
    ]
    assert history["consistent"] is True
