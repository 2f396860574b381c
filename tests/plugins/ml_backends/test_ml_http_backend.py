"""A real HTTP backend on 127.0.0.1, spoken to with Label Studio's protocol."""

from __future__ import annotations

import sqlalchemy as sa

from tests.plugins.ml_backends.helpers import finished_job, wait_for_job
from tests.plugins.ml_backends.protocol_server import SECRET_IN_ERROR


def test_connecting_checks_health_and_setup_and_takes_the_model_version(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(3)

    backend = connect_backend(project["id"], protocol_backend.url, title="Guesser")

    assert backend["state"] == "CO"
    assert backend["readable_state"] == "Connected"
    assert backend["model_version"] == "model-1"
    assert protocol_backend.calls("/health")
    setup = protocol_backend.calls("/setup")[-1]
    assert setup["schema"] == project["label_config"]
    assert setup["project"].startswith(f"{project['id']}.")
    assert ml_client.get(f"/api/projects/{project['id']}/").json["model_version"] == (
        "model-1"
    )
    listed = ml_client.get(f"/api/ml/?project={project['id']}").json
    assert [item["id"] for item in listed] == [backend["id"]]


def test_a_backend_that_cannot_be_reached_is_kept_in_error_with_the_reason(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(1)
    url = protocol_backend.url
    protocol_backend.stop()

    backend = connect_backend(project["id"], url)

    assert backend["state"] == "ER"
    assert "Cannot reach the ML backend" in backend["error_message"]
    assert url in backend["error_message"]


def test_basic_auth_is_sent_and_the_password_never_answered(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(1)
    protocol_backend.credentials = ("labelcore", "s3cret-pass")

    wrong = connect_backend(
        project["id"],
        protocol_backend.url,
        auth_method="BASIC_AUTH",
        basic_auth_user="labelcore",
        basic_auth_pass="not-it",
    )
    assert wrong["state"] == "ER"
    assert "refused the credentials" in wrong["error_message"]

    fixed = ml_client.patch(
        f"/api/ml/{wrong['id']}", json={"basic_auth_pass": "s3cret-pass"}
    ).json
    assert fixed["state"] == "CO", fixed
    assert fixed["basic_auth_pass_is_set"] is True
    assert "s3cret-pass" not in ml_client.get(f"/api/ml/{wrong['id']}").get_data(
        as_text=True
    )


def test_batch_predictions_are_validated_and_stored_with_version_and_score(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(40)
    backend = connect_backend(project["id"], protocol_backend.url)

    job = finished_job(
        ml_client, ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    )

    assert job["result"]["predicted"] == 40
    batches = protocol_backend.calls("/predict")
    assert [len(batch["tasks"]) for batch in batches] == [16, 16, 8]
    assert batches[0]["label_config"] == project["label_config"]
    task = ml_client.get(f"/api/tasks/{project['task_ids'][0]}/").json
    prediction = task["predictions"][0]
    assert prediction["model_version"] == "model-1"
    assert prediction["score"] == 0.25 + (task["id"] % 7) / 10
    assert prediction["result"][0]["value"]["choices"] == [task["data"]["section"]]
    assert task["total_predictions"] == 1

    again = finished_job(
        ml_client, ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    )
    assert again["result"]["predicted"] == 0
    assert len(protocol_backend.calls("/predict")) == 3


def test_predictions_for_chosen_tasks_only(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(10)
    backend = connect_backend(project["id"], protocol_backend.url)
    chosen = project["task_ids"][2:5]

    job = finished_job(
        ml_client,
        ml_client.post(f"/api/ml/{backend['id']}/predict", json={"tasks": chosen}),
    )

    assert job["result"]["predicted"] == 3
    sent = [
        task["id"]
        for batch in protocol_backend.calls("/predict")
        for task in batch["tasks"]
    ]
    assert sent == chosen


def test_a_wrong_length_answer_fails_the_job_and_stores_nothing(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(5)
    backend = connect_backend(project["id"], protocol_backend.url)
    protocol_backend.predict_mode = "wrong_length"

    response = ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    job = wait_for_job(ml_client, response.json["job"]["id"])

    assert job["state"] == "failed"
    assert "answered 4 predictions for 5 tasks" in job["error"]
    assert ml_client.get(f"/api/ml/{backend['id']}").json["state"] == "ER"
    assert ml_client.get(f"/api/predictions/?project={project['id']}").json == []


def test_a_slow_backend_times_out_with_the_setting_named(
    ml_client, section_project, protocol_backend, connect_backend, monkeypatch
):
    monkeypatch.setenv("LABELCORE_ML_TIMEOUT_PREDICT", "0.3")
    project = section_project(2)
    backend = connect_backend(project["id"], protocol_backend.url)
    protocol_backend.predict_mode = "slow"
    protocol_backend.delay = 2.0

    response = ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    job = wait_for_job(ml_client, response.json["job"]["id"])

    assert job["state"] == "failed"
    assert "did not answer /predict within 0.3 seconds" in job["error"]
    assert "LABELCORE_ML_TIMEOUT_PREDICT" in job["error"]


def test_the_backend_timeout_field_bounds_predict_calls(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(2)
    backend = connect_backend(project["id"], protocol_backend.url, timeout=0.3)
    protocol_backend.predict_mode = "slow"
    protocol_backend.delay = 2.0

    response = ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    job = wait_for_job(ml_client, response.json["job"]["id"])

    assert "within 0.3 seconds" in job["error"]


def test_an_error_body_is_never_shown_to_the_user(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(2)
    backend = connect_backend(project["id"], protocol_backend.url)
    protocol_backend.predict_mode = "error"

    response = ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    job = wait_for_job(ml_client, response.json["job"]["id"])
    interactive = ml_client.post(
        f"/api/ml/{backend['id']}/interactive-annotating",
        json={"task": project["task_ids"][0], "context": {}},
    )

    assert job["state"] == "failed"
    assert "failed on /predict with HTTP 500" in job["error"]
    assert interactive.status_code == 502
    shown = [
        job["error"],
        interactive.get_data(as_text=True),
        ml_client.get(f"/api/ml/{backend['id']}").get_data(as_text=True),
        ml_client.get(f"/api/jobs/{job['id']}").get_data(as_text=True),
    ]
    assert all("hunter2" not in text and SECRET_IN_ERROR not in text for text in shown)


def test_a_redirect_is_refused_instead_of_followed(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(1)
    backend = connect_backend(project["id"], protocol_backend.url)
    protocol_backend.predict_mode = "redirect"

    response = ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    job = wait_for_job(ml_client, response.json["job"]["id"])

    assert "answered /predict with a redirect" in job["error"]


def test_predictions_with_labels_outside_the_config_are_refused_item_by_item(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(3)
    backend = connect_backend(project["id"], protocol_backend.url)
    protocol_backend.predict_mode = "bad_label"

    job = finished_job(
        ml_client, ml_client.post(f"/api/ml/{backend['id']}/predict", json={})
    )

    assert job["result"]["predicted"] == 0
    assert job["result"]["problem_count"] == 3
    problem = job["result"]["problems"][0]
    assert problem["task"] == project["task_ids"][0]
    assert "result item 0" in problem["message"]
    assert "no-such-section" in problem["message"]
    assert ml_client.get(f"/api/predictions/?project={project['id']}").json == []


def test_interactive_annotating_sends_the_context_and_stores_nothing(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(2)
    backend = connect_backend(project["id"], protocol_backend.url, is_interactive=True)
    task_id = project["task_ids"][1]
    context = {"result": [{"type": "keypointlabels", "value": {"x": 10, "y": 20}}]}

    response = ml_client.post(
        f"/api/ml/{backend['id']}/interactive-annotating",
        json={"task": task_id, "context": context},
    )

    assert response.status_code == 200, response.json
    assert response.json["task"] == task_id
    assert response.json["result"][0]["from_name"] == "section"
    sent = protocol_backend.calls("/predict")[-1]
    assert [task["id"] for task in sent["tasks"]] == [task_id]
    assert sent["params"]["context"] == context
    assert ml_client.get(f"/api/predictions/?task={task_id}").json == []


def test_training_sends_the_webhook_and_records_the_new_version(
    ml_client, ml_app, section_project, protocol_backend, connect_backend
):
    project = section_project(4)
    backend = connect_backend(project["id"], protocol_backend.url)

    response = ml_client.post(f"/api/ml/{backend['id']}/train", json={})
    job = finished_job(ml_client, response)

    assert protocol_backend.calls("/webhook")[-1]["action"] == "START_TRAINING"
    assert job["result"]["model_version"] == "model-2"
    assert ml_client.get(f"/api/ml/{backend['id']}").json["model_version"] == "model-2"
    runs = ml_client.get(f"/api/ml/{backend['id']}/training-runs").json
    assert [(run["state"], run["model_version"]) for run in runs] == [
        ("finished", "model-2")
    ]
    versions = ml_client.get(f"/api/ml/{backend['id']}/versions").json["versions"]
    assert versions == ["model-2", "model-1"]


def test_deleting_a_backend_keeps_its_predictions(
    ml_client, ml_app, section_project, protocol_backend, connect_backend
):
    from labelcore.models import Prediction, db

    project = section_project(2)
    backend = connect_backend(project["id"], protocol_backend.url)
    finished_job(ml_client, ml_client.post(f"/api/ml/{backend['id']}/predict", json={}))

    assert ml_client.delete(f"/api/ml/{backend['id']}").status_code == 204

    assert ml_client.get(f"/api/ml/{backend['id']}").status_code == 404
    with ml_app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count()).select_from(Prediction)) == 2
        )


def test_the_data_manager_action_predicts_the_selected_tasks_as_a_job(
    ml_client, section_project, protocol_backend, connect_backend
):
    project = section_project(6)
    connect_backend(project["id"], protocol_backend.url)
    ids = project["task_ids"]

    response = ml_client.post(
        f"/api/dm/actions?id=retrieve_tasks_predictions&project={project['id']}",
        json={"selectedItems": {"all": True, "excluded": [ids[0], ids[5]]}},
    )

    assert response.status_code == 200, response.json
    assert response.json["processed_items"] == 4
    job = wait_for_job(ml_client, response.json["job"]["id"])
    assert job["state"] == "finished" and job["result"]["predicted"] == 4
    sent = sorted(
        task["id"]
        for batch in protocol_backend.calls("/predict")
        for task in batch["tasks"]
    )
    assert sent == ids[1:5]
    listed = ml_client.get(f"/api/dm/actions/?project={project['id']}").json
    assert "retrieve_tasks_predictions" in [action["id"] for action in listed]


def test_the_data_manager_action_needs_a_connected_backend(ml_client, section_project):
    project = section_project(2)

    response = ml_client.post(
        f"/api/dm/actions?id=retrieve_tasks_predictions&project={project['id']}",
        json={"selectedItems": {"all": True, "excluded": []}},
    )

    assert response.status_code == 400
    assert "has no connected ML backend" in response.json["detail"]
