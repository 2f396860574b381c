"""Active learning through the API: the keys follow predictions and
annotations as they are written, and the stream follows the keys."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.core.api.debian_packages import choice_result


def _predict(client, task_id, section, score, model_version="v1", result=None):
    response = client.post(
        "/api/predictions",
        json={
            "task": task_id,
            "result": result if result is not None else choice_result(section),
            "score": score,
            "model_version": model_version,
        },
    )
    assert response.status_code == 201, response.json
    return response.json


def _handed(client, project_id):
    """The order the stream hands tasks out in, skipping each."""
    order = []
    while (
        response := client.get(f"/api/projects/{project_id}/next/")
    ).status_code == 200:
        order.append(response.json["id"])
        client.post(
            f"/api/tasks/{response.json['id']}/annotations",
            json={"was_cancelled": True},
        )
    return order


@pytest.mark.postgres
def test_uncertainty_sampling_follows_the_scores_of_the_chosen_model_version(
    client, project_with_tasks, sections
):
    project = project_with_tasks(5, sampling="Uncertainty sampling", model_version="v2")
    ids = project["task_ids"]
    for task_id, v1_score, v2_score in zip(
        ids[:4], (0.1, 0.9, 0.5, 0.7), (0.9, 0.3, 0.6, 0.2), strict=True
    ):
        _predict(client, task_id, sections[0], v1_score, "v1")
        _predict(client, task_id, sections[0], v2_score, "v2")

    order = _handed(client, project["id"])

    assert order == [ids[3], ids[1], ids[2], ids[0], ids[4]]


def test_changing_the_model_version_reorders_the_stream(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(3, sampling="Uncertainty sampling", model_version="v1")
    ids = project["task_ids"]
    for task_id, v1_score, v2_score in zip(
        ids, (0.2, 0.5, 0.8), (0.8, 0.5, 0.2), strict=True
    ):
        _predict(client, task_id, sections[0], v1_score, "v1")
        _predict(client, task_id, sections[0], v2_score, "v2")
    first = client.get(f"/api/projects/{project['id']}/next/").json["id"]

    client.patch(f"/api/projects/{project['id']}/", json={"model_version": "v2"})
    other = annotator_client()
    after = other.get(f"/api/projects/{project['id']}/next/").json["id"]

    assert first == ids[0]
    assert after == ids[2]


def test_margin_reads_the_per_label_scores_of_the_prediction(
    client, project_with_tasks, sections
):
    project = project_with_tasks(
        2,
        sampling="uncertainty",
        settings={"sampler_parameters": {"strategy": "margin"}},
    )
    close, clear = project["task_ids"]

    def scored(section, score):
        return {**choice_result(section)[0], "score": score}

    close_result = [scored(sections[0], 0.5), scored(sections[1], 0.45)]
    clear_result = [scored(sections[0], 0.5), scored(sections[1], 0.05)]
    _predict(client, close, sections[0], 0.5, result=close_result)
    _predict(client, clear, sections[0], 0.5, result=clear_result)
    listed = client.get(f"/api/tasks/{close}").json

    assert _handed(client, project["id"]) == [close, clear]
    assert listed["predictions"][0]["score"] == 0.5


# Three class distributions that the three strategies order differently:
# top score 0.5, 0.45, 0.6; margin 0, 0.15, 0.4; entropy 1.0, 1.54, 1.37.
DISTRIBUTIONS = ((0.5, 0.5, 0.0), (0.45, 0.30, 0.25), (0.6, 0.2, 0.2))
ORDERS = {"least_confident": [1, 0, 2], "margin": [0, 1, 2], "entropy": [1, 2, 0]}


def _classifier_result(sections, distribution):
    """The built-in text classifier's shape: one choice and its ``scores``."""
    scores = dict(zip(sections, distribution, strict=False))
    return [
        {
            **choice_result(sections[0])[0],
            "score": distribution[0],
            "scores": scores,
        }
    ]


def _per_choice_result(sections, distribution):
    """Label Studio's classifier shape: an item per choice with its score."""
    return [
        {**choice_result(section)[0], "score": probability}
        for section, probability in zip(sections, distribution, strict=False)
    ]


@pytest.mark.postgres
@pytest.mark.parametrize("strategy", list(ORDERS))
@pytest.mark.parametrize("shape", [_classifier_result, _per_choice_result])
def test_each_strategy_orders_by_the_class_distribution(
    client, project_with_tasks, sections, strategy, shape
):
    project = project_with_tasks(
        3,
        sampling="uncertainty",
        settings={"sampler_parameters": {"strategy": strategy}},
    )
    ids = project["task_ids"]
    for task_id, distribution in zip(ids, DISTRIBUTIONS, strict=True):
        result = shape(sections[:3], distribution)
        _predict(client, task_id, sections[0], distribution[0], result=result)

    order = _handed(client, project["id"])

    assert order == [ids[index] for index in ORDERS[strategy]]


def _predict_and_annotate(client, agreed, disputed, sections):
    """One prediction on each task; an annotation that agrees with it on
    ``agreed`` and one that disputes it on ``disputed``."""
    for task_id in (agreed, disputed):
        _predict(client, task_id, sections[0], 0.9)
    for task_id, section in ((agreed, sections[0]), (disputed, sections[1])):
        client.post(
            f"/api/tasks/{task_id}/annotations",
            json={"result": choice_result(section)},
        )


def _disagreement(client, project) -> dict:
    listed = client.get(
        "/api/tasks/", query_string={"project": project["id"], "fields": "all"}
    ).json["tasks"]
    return {task["id"]: task["disagreement"] for task in listed}


@pytest.mark.postgres
def test_disagreement_sampling_sends_the_disputed_task_to_the_next_annotator(
    client, project_with_tasks, annotator_client, sections
):
    project = project_with_tasks(3, sampling="disagreement", maximum_annotations=2)
    agreed, disputed, fresh = project["task_ids"]
    _predict_and_annotate(client, agreed, disputed, sections)
    other = annotator_client()

    disagreement = _disagreement(client, project)
    handed = other.get(f"/api/projects/{project['id']}/next/").json["id"]

    assert disagreement[disputed] == 1.0
    assert disagreement[agreed] == 0.0
    assert disagreement[fresh] is None
    assert handed == disputed


@pytest.mark.postgres
def test_a_sampler_that_reads_disagreement_finds_it_current_after_a_switch(
    client, project_with_tasks, annotator_client, sections
):
    """Under a sampler that does not read it, saving an annotation leaves the
    stored disagreement alone; switching to one that does refreshes it
    before the first task is handed out."""
    project = project_with_tasks(3, sampling="sequential", maximum_annotations=2)
    agreed, disputed, _fresh = project["task_ids"]
    _predict_and_annotate(client, agreed, disputed, sections)
    skipped = _disagreement(client, project)

    client.patch(f"/api/projects/{project['id']}/", json={"sampling": "disagreement"})
    handed = annotator_client().get(f"/api/projects/{project['id']}/next/").json["id"]
    refreshed = _disagreement(client, project)

    # Before the switch the keys still say what the predictions alone said.
    assert skipped[disputed] is None
    assert refreshed[disputed] == 1.0
    assert refreshed[agreed] == 0.0
    assert handed == disputed


def test_deleting_a_prediction_clears_its_keys(client, project_with_tasks, sections):
    project = project_with_tasks(1, sampling="uncertainty")
    task_id = project["task_ids"][0]
    prediction = _predict(client, task_id, sections[0], 0.4)

    client.delete(f"/api/predictions/{prediction['id']}")
    listed = client.get(f"/api/tasks/?project={project['id']}").json["tasks"]

    assert listed[0]["predictions_score"] is None


@pytest.mark.postgres
def test_a_large_project_refreshes_its_keys_in_a_job(
    app, client, project_with_tasks, annotator_client, sections, monkeypatch
):
    import time

    from labelcore.sampling import refreshing

    monkeypatch.setattr(refreshing, "REFRESH_IN_REQUEST_UP_TO", 2)
    project = project_with_tasks(4, sampling="uncertainty", model_version="v1")
    ids = project["task_ids"]
    for task_id, v1_score, v2_score in zip(
        ids, (0.1, 0.2, 0.3, 0.4), (0.9, 0.8, 0.7, 0.05), strict=True
    ):
        _predict(client, task_id, sections[0], v1_score, "v1")
        _predict(client, task_id, sections[0], v2_score, "v2")
    client.patch(f"/api/projects/{project['id']}/", json={"model_version": "v2"})

    first = annotator_client().get(f"/api/projects/{project['id']}/next/")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with app.app_context():
            from labelcore.models import Project, db

            if (
                db.session.get(Project, project["id"]).sampling_keys_model_version
                == "v2"
            ):
                break
        time.sleep(0.1)
    after = annotator_client().get(f"/api/projects/{project['id']}/next/")

    with app.app_context():
        from labelcore.models import Job

        kinds = [job.kind for job in db.session.query(Job).all()]
        analyzed = True
        if db.engine.dialect.name == "postgresql":
            # The planner must learn that the keys are filled now.
            analyzed = db.session.execute(
                sa.text(
                    "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
                    "WHERE relname = 'task'"
                )
            ).scalar()

    assert first.status_code == 200
    assert refreshing.JOB_KIND in kinds
    assert after.json["id"] == ids[3]
    assert analyzed
