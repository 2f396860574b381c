"""The label stream, ``GET /api/projects/<id>/next/``, for one and many annotators."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.core.api.debian_packages import choice_result


def _next(client, project_id):
    return client.get(f"/api/projects/{project_id}/next/")


def _annotate(client, task_id, section):
    response = client.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice_result(section)}
    )
    assert response.status_code == 201, response.json


def _skip(client, task_id):
    response = client.post(
        f"/api/tasks/{task_id}/annotations", json={"was_cancelled": True}
    )
    assert response.status_code == 201, response.json


@pytest.mark.postgres
def test_asking_twice_gives_the_same_task(client, project_with_tasks):
    project = project_with_tasks(5)

    first = _next(client, project["id"])
    second = _next(client, project["id"])

    assert first.status_code == 200
    assert first.json["id"] == second.json["id"] == project["task_ids"][0]


def test_handing_out_a_task_does_not_change_its_state(client, project_with_tasks):
    project = project_with_tasks(2)

    handed = _next(client, project["id"]).json

    assert handed["state"] == "unlabeled"
    assert client.get(f"/api/tasks/{handed['id']}").json["state"] == "unlabeled"


@pytest.mark.postgres
def test_two_annotators_with_overlap_one_never_share_a_task(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(9)
    first, second = annotator_client(), annotator_client()
    done = {first: [], second: []}

    while True:
        handed = {who: _next(who, project["id"]) for who in (first, second)}
        if all(response.status_code == 404 for response in handed.values()):
            break
        held = [r.json["id"] for r in handed.values() if r.status_code == 200]
        assert len(held) == len(set(held)), f"both annotators got task {held}"
        for who, response in handed.items():
            if response.status_code == 200:
                _annotate(who, response.json["id"], sections[0])
                done[who].append(response.json["id"])

    assert not set(done[first]) & set(done[second])
    assert sorted(done[first] + done[second]) == sorted(project["task_ids"])
    assert len(done[first]) >= 4
    assert len(done[second]) >= 4


@pytest.mark.postgres
def test_annotators_asking_at_the_same_time_never_share_a_task(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(24)
    annotators = [annotator_client() for _ in range(4)]

    def work(who):
        done = []
        for _ in range(len(project["task_ids"]) + 1):
            response = _next(who, project["id"])
            if response.status_code == 404:
                return done
            assert response.status_code == 200, response.json
            _annotate(who, response.json["id"], sections[0])
            done.append(response.json["id"])
        return done

    with ThreadPoolExecutor(len(annotators)) as pool:
        results = list(pool.map(work, annotators))

    every = [task_id for done in results for task_id in done]
    assert sorted(every) == sorted(project["task_ids"])


def test_a_task_held_by_one_annotator_is_not_given_to_another(
    client, project_with_tasks, annotator_client
):
    project = project_with_tasks(3)
    other = annotator_client()

    mine = _next(client, project["id"]).json
    theirs = _next(other, project["id"]).json

    assert mine["id"] == project["task_ids"][0]
    assert theirs["id"] == project["task_ids"][1]


def test_with_overlap_two_both_annotators_get_each_task(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(2, maximum_annotations=2)
    other = annotator_client()

    seen = {client: [], other: []}
    for who in (client, other):
        while (response := _next(who, project["id"])).status_code == 200:
            seen[who].append(response.json["id"])
            _annotate(who, response.json["id"], sections[0])

    assert seen[client] == project["task_ids"]
    assert seen[other] == project["task_ids"]
    states = [
        client.get(f"/api/tasks/{task_id}").json["state"]
        for task_id in project["task_ids"]
    ]
    assert states == ["completed", "completed"]


@pytest.mark.postgres
def test_a_skip_moves_on_and_the_skipped_task_does_not_come_back(
    client, project_with_tasks, sections
):
    project = project_with_tasks(3)
    first, second, third = project["task_ids"]

    assert _next(client, project["id"]).json["id"] == first
    _skip(client, first)
    assert _next(client, project["id"]).json["id"] == second
    _annotate(client, second, sections[0])
    assert _next(client, project["id"]).json["id"] == third
    _annotate(client, third, sections[0])

    assert _next(client, project["id"]).status_code == 404


def test_a_task_skipped_by_one_annotator_goes_to_another(
    client, project_with_tasks, annotator_client
):
    project = project_with_tasks(1)
    other = annotator_client()
    task_id = project["task_ids"][0]

    _next(client, project["id"])
    _skip(client, task_id)

    assert _next(other, project["id"]).json["id"] == task_id


@pytest.mark.postgres
def test_nothing_left_answers_404_no_more_tasks(client, project_with_tasks, sections):
    project = project_with_tasks(1)
    _annotate(client, project["task_ids"][0], sections[0])

    response = _next(client, project["id"])

    assert response.status_code == 404
    assert response.json["code"] == "no_more_tasks"
    assert response.json["status_code"] == 404
    assert "No more tasks" in response.json["detail"]


def test_an_empty_project_has_no_next_task(client, new_project):
    project = new_project()

    response = _next(client, project["id"])

    assert response.status_code == 404
    assert response.json["code"] == "no_more_tasks"


def test_the_random_sampler_hands_out_every_task_once(
    client, project_with_tasks, sections
):
    project = project_with_tasks(12, sampling="Uniform sampling")

    handed = []
    while (response := _next(client, project["id"])).status_code == 200:
        handed.append(response.json["id"])
        _annotate(client, response.json["id"], sections[0])

    assert sorted(handed) == sorted(project["task_ids"])


def test_next_of_an_unknown_project_is_404(client):
    response = _next(client, 4242)

    assert response.status_code == 404
    assert response.json["code"] == "not_found"
