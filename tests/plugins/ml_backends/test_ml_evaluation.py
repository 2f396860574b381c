"""Evaluation figures per model version, on hand-made cases with known answers."""

from __future__ import annotations

import pytest

from tests.plugins.ml_backends.helpers import annotate, finished_job, wait_for_job
from tests.support.results import rectangle

pytestmark = pytest.mark.postgres

BOX_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="Car"/><Label value="Person"/>
  </RectangleLabels>
</View>"""

SPAN_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="entity" toName="text">
    <Label value="PER"/><Label value="ORG"/>
  </Labels>
</View>"""

SENTENCE = "Alice works at Acme Corp in Paris"


def box(label: str, x: float, y: float, size: float = 20) -> dict:
    return rectangle("box", label, x, y, size, size)


def span(label: str, start: int, end: int) -> dict:
    return {
        "from_name": "entity",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": start,
            "end": end,
            "text": SENTENCE[start:end],
            "labels": [label],
        },
    }


def choice(section: str) -> list[dict]:
    return [
        {
            "from_name": "section",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": [section]},
        }
    ]


@pytest.fixture
def project_with(ml_client):
    def create(config: str, tasks: list[dict]) -> tuple[int, list[int]]:
        project = ml_client.post(
            "/api/projects/", json={"title": "evaluation", "label_config": config}
        ).json
        response = ml_client.post(
            f"/api/projects/{project['id']}/import?return_task_ids=true", json=tasks
        )
        assert response.status_code == 201, response.json
        return project["id"], response.json["task_ids"]

    return create


def _import(client, project_id: int, predictions: list[dict]) -> None:
    response = client.post(
        f"/api/projects/{project_id}/import/predictions", json=predictions
    )
    assert response.status_code == 201, response.json


def _figures(client, project_id: int) -> dict[str, dict]:
    response = client.get(f"/api/projects/{project_id}/model-versions/evaluation")
    assert response.status_code == 200, response.json
    return {item["model_version"]: item for item in response.json["versions"]}


def _annotate_with(client, task_id: int, result: list[dict], **fields) -> None:
    response = client.post(
        f"/api/tasks/{task_id}/annotations/", json={"result": result, **fields}
    )
    assert response.status_code == 201, response.json


def test_choices_accuracy_per_version(ml_client, project_with, sections):
    from tests.core.api.debian_packages import section_config

    project_id, ids = project_with(
        section_config(sections), [{"text": f"package {n}"} for n in range(4)]
    )
    right, wrong = sections[0], sections[1]
    _import(
        ml_client,
        project_id,
        [
            {"task": ids[0], "result": choice(right), "model_version": "A"},
            {"task": ids[1], "result": choice(right), "model_version": "A"},
            {"task": ids[2], "result": choice(wrong), "model_version": "A"},
            {"task": ids[3], "result": choice(right), "model_version": "A"},
            {"task": ids[0], "result": choice(wrong), "model_version": "B"},
        ],
    )
    for task_id in ids[:3]:
        annotate(ml_client, task_id, right)

    figures = _figures(ml_client, project_id)

    assert list(figures) == ["A", "B"]
    assert figures["A"]["tasks"] == 3
    assert figures["A"]["predictions"] == 4
    section = figures["A"]["controls"]["section"]
    assert section["metric"] == "accuracy"
    assert section["accuracy"] == pytest.approx(2 / 3, abs=1e-6)
    assert figures["A"]["agreement"] == pytest.approx(2 / 3, abs=1e-6)
    assert figures["B"]["controls"]["section"]["accuracy"] == 0
    assert figures["B"]["tasks"] == 1


def test_boxes_are_matched_one_to_one_at_iou_one_half(ml_client, project_with):
    project_id, ids = project_with(
        BOX_CONFIG, [{"image": "https://example.org/street.jpg"}]
    )
    _annotate_with(ml_client, ids[0], [box("Car", 10, 10), box("Person", 50, 50)])
    _import(
        ml_client,
        project_id,
        [
            {
                "task": ids[0],
                "model_version": "detector",
                # IoU 0.82 with the car; its twin cannot take the same car;
                # the person box is far off.
                "result": [
                    box("Car", 12, 10),
                    box("Car", 11, 10),
                    box("Person", 80, 80, 10),
                ],
            }
        ],
    )

    control = _figures(ml_client, project_id)["detector"]["controls"]["box"]

    assert control["metric"] == "iou_f1"
    assert (control["predicted"], control["annotated"], control["matched"]) == (
        3,
        2,
        1,
    )
    assert control["precision"] == pytest.approx(1 / 3, abs=1e-6)
    assert control["recall"] == 0.5
    assert control["f1"] == pytest.approx(0.4, abs=1e-6)


def test_a_box_with_another_label_does_not_match(ml_client, project_with):
    project_id, ids = project_with(
        BOX_CONFIG, [{"image": "https://example.org/street.jpg"}]
    )
    _annotate_with(ml_client, ids[0], [box("Car", 10, 10)])
    _import(
        ml_client,
        project_id,
        [{"task": ids[0], "model_version": "m", "result": [box("Person", 10, 10)]}],
    )

    control = _figures(ml_client, project_id)["m"]["controls"]["box"]

    assert control["matched"] == 0
    assert control["f1"] == 0


def test_spans_count_only_with_the_same_bounds_and_label(ml_client, project_with):
    project_id, ids = project_with(SPAN_CONFIG, [{"text": SENTENCE}])
    _annotate_with(ml_client, ids[0], [span("PER", 0, 5), span("ORG", 15, 24)])
    _import(
        ml_client,
        project_id,
        [
            {
                "task": ids[0],
                "model_version": "ner",
                "result": [span("PER", 0, 5), span("ORG", 15, 19)],
            }
        ],
    )

    control = _figures(ml_client, project_id)["ner"]["controls"]["entity"]

    assert control["metric"] == "span_f1"
    assert control["matched"] == 1
    assert (control["precision"], control["recall"], control["f1"]) == (0.5, 0.5, 0.5)


def test_ground_truth_annotations_are_the_reference_when_a_task_has_them(
    ml_client, project_with, sections, annotator
):
    from tests.core.api.debian_packages import section_config

    project_id, ids = project_with(section_config(sections), [{"text": "a package"}])
    _annotate_with(ml_client, ids[0], choice(sections[0]), ground_truth=True)
    _annotate_with(annotator, ids[0], choice(sections[1]))
    _import(
        ml_client,
        project_id,
        [{"task": ids[0], "model_version": "m", "result": choice(sections[0])}],
    )

    figures = _figures(ml_client, project_id)["m"]

    assert figures["comparisons"] == 1
    assert figures["controls"]["section"]["accuracy"] == 1


def test_figures_follow_new_annotations(ml_client, project_with, sections):
    from tests.core.api.debian_packages import section_config

    project_id, ids = project_with(
        section_config(sections), [{"text": "one"}, {"text": "two"}]
    )
    _import(
        ml_client,
        project_id,
        [
            {"task": task_id, "model_version": "m", "result": choice(sections[0])}
            for task_id in ids
        ],
    )
    annotate(ml_client, ids[0], sections[0])
    assert _figures(ml_client, project_id)["m"]["controls"]["section"]["accuracy"] == 1

    annotate(ml_client, ids[1], sections[2])
    figures = _figures(ml_client, project_id)["m"]

    assert figures["tasks"] == 2
    assert figures["controls"]["section"]["accuracy"] == 0.5


def test_a_trained_version_is_not_measured_on_what_it_learned_from(
    ml_client, section_project, connect_backend, records
):
    project = section_project(60)
    backend = connect_backend(project["id"], "labelcore://text_classifier")
    for task_id, record in zip(project["task_ids"][:40], records, strict=False):
        annotate(ml_client, task_id, record["section"])
    trained = finished_job(ml_client, ml_client.post(f"/api/ml/{backend['id']}/train"))
    wait_for_job(ml_client, trained["result"]["prediction_job"])
    finished_job(
        ml_client,
        ml_client.post(
            f"/api/ml/{backend['id']}/predict",
            json={"tasks": project["task_ids"][:40]},
        ),
    )
    for task_id, record in zip(project["task_ids"][40:50], records[40:], strict=False):
        annotate(ml_client, task_id, record["section"])

    figures = _figures(ml_client, project["id"])["text_classifier-v1"]

    assert figures["current"] is True
    assert figures["predictions"] == 60
    assert figures["training_tasks_left_out"] == 40
    assert figures["tasks"] == 10


def test_the_models_page_shows_each_version(ml_app, ml_client, project_with, sections):
    from tests.core.api.debian_packages import section_config

    project_id, ids = project_with(section_config(sections), [{"text": "one"}])
    _import(
        ml_client,
        project_id,
        [{"task": ids[0], "model_version": "v-<b>7", "result": choice(sections[0])}],
    )
    annotate(ml_client, ids[0], sections[0])

    page = ml_client.get(f"/ml/projects/{project_id}")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "v-&lt;b&gt;7" in html and "v-<b>7" not in html
    assert "section: accuracy 1.000" in html
    assert ml_app.test_client().get(f"/ml/projects/{project_id}").status_code == 401


def test_model_versions_list_their_prediction_counts(ml_client, project_with, sections):
    from tests.core.api.debian_packages import section_config

    project_id, ids = project_with(section_config(sections), [{"text": "one"}])
    _import(
        ml_client,
        project_id,
        [
            {"task": ids[0], "model_version": "a", "result": choice(sections[0])},
            {"task": ids[0], "model_version": "a", "result": choice(sections[1])},
            {"task": ids[0], "model_version": "b", "result": choice(sections[1])},
        ],
    )

    response = ml_client.get(f"/api/projects/{project_id}/model-versions")

    assert response.json == {"a": 2, "b": 1}
