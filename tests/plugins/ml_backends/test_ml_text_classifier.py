"""The in-process text classifier: fit and predict on real package texts, and
the whole loop through the API (train, predict, switch the project's version,
train again after every N annotations)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.core.api.debian_packages import choice_result, section_config
from tests.plugins.ml_backends.helpers import annotate, finished_job, wait_for_job

pytestmark = pytest.mark.postgres

CLASSIFIER_URL = "labelcore://text_classifier"


@pytest.fixture
def compile_config(ml_app):
    return ml_app.extensions["labelcore"].compiler.compile


def _setup(compile_config, config, state=None):
    from labelcore_ml_backends.contract import ModelSetup

    return ModelSetup(
        project_id=1,
        label_config=config,
        parsed_config=compile_config(config),
        model_version="v1" if state else "",
        state=state,
    )


def _annotated(records):
    return [
        {
            "id": index,
            "data": {"text": record["text"]},
            "annotations": [{"result": choice_result(record["section"])}],
        }
        for index, record in enumerate(records)
    ]


def test_fit_and_predict_give_calibrated_scores_on_held_out_texts(
    compile_config, records, sections
):
    from labelcore_ml_backends.text_classifier import TextClassifier

    config = section_config(sections)
    training, held_out = records[:800], records[800:1200]

    learned = TextClassifier(_setup(compile_config, config)).fit(_annotated(training))
    model = TextClassifier(_setup(compile_config, config, learned["state"]))
    answers = model.predict([{"id": 1, "data": {"text": r["text"]}} for r in held_out])

    assert learned["metrics"]["examples"] == 800
    assert learned["metrics"]["calibrated"] is True
    right = [
        answer["result"][0]["value"]["choices"] == [record["section"]]
        for answer, record in zip(answers, held_out, strict=True)
    ]
    accuracy = sum(right) / len(right)
    mean_score = sum(answer["score"] for answer in answers) / len(answers)
    assert accuracy > 0.65
    # Calibrated: the confidence it claims is about the accuracy it reaches.
    assert abs(mean_score - accuracy) < 0.1
    item = answers[0]["result"][0]
    assert item["from_name"] == "section" and item["to_name"] == "text"
    assert abs(sum(item["scores"].values()) - 1) < 0.01
    assert max(item["scores"].values()) == item["score"] == answers[0]["score"]


def test_a_task_without_text_gets_an_empty_answer_in_its_place(
    compile_config, records, sections
):
    from labelcore_ml_backends.text_classifier import TextClassifier

    config = section_config(sections)
    learned = TextClassifier(_setup(compile_config, config)).fit(
        _annotated(records[:60])
    )
    model = TextClassifier(_setup(compile_config, config, learned["state"]))

    answers = model.predict(
        [{"id": 1, "data": {"text": records[0]["text"]}}, {"id": 2, "data": {}}]
    )

    assert len(answers) == 2
    assert answers[0]["result"] and answers[1] == {
        "result": [],
        "score": None,
        "model_version": "v1",
    }


def test_fit_needs_two_different_choices(compile_config, records, sections):
    from labelcore_ml_backends.contract import BackendError
    from labelcore_ml_backends.text_classifier import TextClassifier

    same = [dict(record, section=sections[0]) for record in records[:10]]
    model = TextClassifier(_setup(compile_config, section_config(sections)))

    with pytest.raises(BackendError, match="at least two different choices"):
        model.fit(_annotated(same))


def test_a_config_without_choices_over_a_text_is_refused(compile_config):
    from labelcore_ml_backends.contract import BackendError
    from labelcore_ml_backends.text_classifier import TextClassifier

    config = (
        '<View><Text name="t" value="$text"/><TextArea name="a" toName="t"/></View>'
    )

    with pytest.raises(BackendError, match="needs a Choices tag"):
        TextClassifier(_setup(compile_config, config))


def test_connecting_to_a_config_it_cannot_learn_shows_the_reason(ml_client):
    config = (
        '<View><Text name="t" value="$text"/><TextArea name="a" toName="t"/></View>'
    )
    project = ml_client.post(
        "/api/projects/", json={"title": "p", "label_config": config}
    ).json

    response = ml_client.post(
        "/api/ml/", json={"project": project["id"], "url": CLASSIFIER_URL}
    )

    assert response.status_code == 201
    assert response.json["state"] == "ER"
    assert "needs a Choices tag" in response.json["error_message"]


def test_predicting_before_any_training_fails_with_what_to_do(
    ml_client, section_project, connect_backend
):
    project = section_project(3)
    backend = connect_backend(project["id"], CLASSIFIER_URL)

    response = ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    job = wait_for_job(ml_client, response.json["job"]["id"])

    assert backend["state"] == "CO" and backend["model_version"] == ""
    assert job["state"] == "failed"
    assert "has not been trained yet" in job["error"]


def test_training_on_demand_predicts_the_unlabeled_tasks_and_switches_the_version(
    ml_client, section_project, connect_backend, records
):
    project = section_project(80)
    backend = connect_backend(project["id"], CLASSIFIER_URL, title="Sections")
    for task_id, record in zip(project["task_ids"][:50], records, strict=False):
        annotate(ml_client, task_id, record["section"])

    trained = finished_job(ml_client, ml_client.post(f"/api/ml/{backend['id']}/train"))
    assert trained["result"]["model_version"] == "text_classifier-v1"
    predicting = wait_for_job(ml_client, trained["result"]["prediction_job"])

    assert predicting["state"] == "finished", predicting
    assert predicting["result"]["predicted"] == 30
    assert ml_client.get(f"/api/projects/{project['id']}/").json["model_version"] == (
        "text_classifier-v1"
    )
    unlabeled = ml_client.get(f"/api/tasks/{project['task_ids'][60]}/").json
    prediction = unlabeled["predictions"][0]
    assert prediction["model_version"] == "text_classifier-v1"
    assert 0 < prediction["score"] <= 1
    run = ml_client.get(f"/api/ml/{backend['id']}/training-runs").json[0]
    assert run["annotation_count"] == 50 and run["metrics"]["examples"] == 50
    assert ml_client.get(f"/api/ml/{backend['id']}/versions").json["versions"] == [
        "text_classifier-v1"
    ]


def test_every_n_annotations_start_a_training_of_the_project_backend(
    ml_client, section_project, connect_backend, records
):
    project = section_project(40, settings={"ml_train_every": 10})
    backend = connect_backend(project["id"], CLASSIFIER_URL)

    for task_id, record in zip(project["task_ids"][:9], records, strict=False):
        annotate(ml_client, task_id, record["section"])
    assert ml_client.get(f"/api/ml/{backend['id']}/training-runs").json == []

    annotate(ml_client, project["task_ids"][9], records[9]["section"])
    runs = ml_client.get(f"/api/ml/{backend['id']}/training-runs").json
    assert [run["trigger"] for run in runs] == ["annotations"]
    first = wait_for_job(ml_client, runs[0]["job"])
    assert first["state"] == "finished", first
    wait_for_job(ml_client, first["result"]["prediction_job"])

    for task_id, record in zip(project["task_ids"][10:20], records[10:], strict=False):
        annotate(ml_client, task_id, record["section"])
    runs = ml_client.get(f"/api/ml/{backend['id']}/training-runs").json
    assert len(runs) == 2
    second = wait_for_job(ml_client, runs[0]["job"])
    assert second["result"]["model_version"] == "text_classifier-v2"
    assert second["result"]["tasks"] == 20


def test_new_tasks_are_predicted_when_the_project_asks(
    ml_app, ml_client, section_project, connect_backend, records
):
    from labelcore.models import Job, db
    from tests.core.api.debian_packages import as_tasks

    project = section_project(30, settings={"ml_predict_new_tasks": True})
    backend = connect_backend(project["id"], CLASSIFIER_URL)
    for task_id, record in zip(project["task_ids"], records, strict=False):
        annotate(ml_client, task_id, record["section"])
    trained = finished_job(ml_client, ml_client.post(f"/api/ml/{backend['id']}/train"))
    wait_for_job(ml_client, trained["result"]["prediction_job"])

    response = ml_client.post(
        f"/api/projects/{project['id']}/import?return_task_ids=true",
        json=as_tasks(records[100:105]),
    )
    new_ids = response.json["task_ids"]
    with ml_app.app_context():
        queued = db.session.scalar(
            sa.select(sa.func.max(Job.id)).where(Job.kind == "ml_backends.predict")
        )

    assert queued != trained["result"]["prediction_job"]
    assert wait_for_job(ml_client, queued)["result"]["predicted"] == 5
    for task_id in new_ids:
        task = ml_client.get(f"/api/tasks/{task_id}/").json
        assert task["predictions"][0]["model_version"] == "text_classifier-v1"


def test_a_stored_model_not_signed_by_this_server_is_not_loaded(
    ml_app, ml_client, section_project, connect_backend, records
):
    from labelcore_ml_backends.models import TrainingRun

    from labelcore.models import db

    project = section_project(20)
    backend = connect_backend(project["id"], CLASSIFIER_URL)
    for task_id, record in zip(project["task_ids"][:12], records, strict=False):
        annotate(ml_client, task_id, record["section"])
    trained = finished_job(ml_client, ml_client.post(f"/api/ml/{backend['id']}/train"))
    wait_for_job(ml_client, trained["result"]["prediction_job"])
    with ml_app.app_context():
        db.session.execute(sa.update(TrainingRun).values(state_digest="0" * 64))
        db.session.commit()
    from labelcore_ml_backends import records as backend_records

    backend_records._models.clear()

    response = ml_client.post(
        f"/api/ml/{backend['id']}/interactive-annotating",
        json={"task": project["task_ids"][15]},
    )

    assert response.status_code == 502, response.json
    assert "not signed with this server's secret key" in response.json["detail"]
