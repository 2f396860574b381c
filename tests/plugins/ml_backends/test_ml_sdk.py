"""Label Studio's SDK clients, written for Label Studio, against LabelCore's ML API."""

from __future__ import annotations

import time

from tests.core.api.debian_packages import as_tasks, choice_result, section_config


def _wait_until(check, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_sdk_connects_trains_and_lists_versions_of_a_protocol_backend(
    live_server_with_ml, protocol_backend, sections, records
):
    from label_studio_sdk import LabelStudio

    client = LabelStudio(
        base_url=live_server_with_ml.url, api_key=live_server_with_ml.token
    )
    project = client.projects.create(
        title="SDK models", label_config=section_config(sections)
    )
    client.projects.import_tasks(id=project.id, request=as_tasks(records[:3]))

    backend = client.ml.create(project=project.id, url=protocol_backend.url, title="G")
    listed = client.ml.list(project=project.id)
    client.ml.train(id=backend.id)
    _wait_until(lambda: client.ml.get(id=backend.id).model_version == "model-2")
    versions = client.ml.list_model_versions(id=backend.id)

    assert backend.state == "CO" and backend.model_version == "model-1"
    assert [item.id for item in listed] == [backend.id]
    assert versions.versions == ["model-2", "model-1"]
    task_id = client.tasks.list(project=project.id).items[0].id
    client.ml.predict_interactive(id=backend.id, task=task_id, context={"x": 1})
    assert protocol_backend.calls("/predict")[-1]["params"]["context"] == {"x": 1}


def test_the_sdk_clients_import_predictions_in_bulk(
    live_server_with_ml, sections, records
):
    from label_studio_sdk import LabelStudio
    from label_studio_sdk._legacy.client import Client

    legacy = Client(url=live_server_with_ml.url, api_key=live_server_with_ml.token)
    project = legacy.start_project(
        title="SDK predictions", label_config=section_config(sections)
    )
    task_ids = project.import_tasks(as_tasks(records[:2]))

    project.create_predictions(
        [
            {"task": task_id, "result": choice_result("devel"), "model_version": "sdk"}
            for task_id in task_ids
        ]
    )
    current = LabelStudio(
        base_url=live_server_with_ml.url, api_key=live_server_with_ml.token
    )
    answer = current.projects.import_predictions(
        id=project.id,
        request=[{"task": task_ids[0], "result": choice_result("devel"), "score": 0.4}],
    )

    assert answer.created == 1
    versions = sorted(
        prediction["model_version"]
        for task in project.get_tasks()
        for prediction in task["predictions"]
    )
    assert versions == ["", "sdk", "sdk"]
