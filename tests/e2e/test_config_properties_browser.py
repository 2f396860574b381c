"""Generated configs and results read back by the renderers in a real browser.

Hypothesis builds a config (random labels in any script, with ``&`` and
quotes) and a prediction inside what validation accepts (boxes, polygons,
keypoints, spans over emoji and right-to-left text, choices, taxonomy). The
annotator opens the task, takes the prediction as it is and submits: what
the server stores must be the prediction, value for value. A renderer that
misreads a label, a UTF-16 offset or a percent coordinate changes it.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.generated_configs import (
    CONTROLS,
    config_for,
    generated_value,
    label_sets,
    span_text,
)

pytestmark = pytest.mark.browser

FEW = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def photo_url(api) -> str:
    templates = api.get(api.base_url + "/api/templates/").json()
    detection = next(t for t in templates if "RectangleLabels" in t["config"])
    data = detection["sample_task"].get("data", detection["sample_task"])
    return next(v for v in data.values() if str(v).startswith("data:image"))


def _comparable(item: dict) -> dict:
    return {key: item[key] for key in ("from_name", "to_name", "type", "value")}


def _close(stored, predicted) -> bool:
    """Equal, numbers within a hundredth of a percent (the renderer may
    round-trip coordinates through pixels)."""
    if isinstance(predicted, dict):
        return stored.keys() == predicted.keys() and all(
            _close(stored[key], predicted[key]) for key in predicted
        )
    if isinstance(predicted, list):
        return len(stored) == len(predicted) and all(
            _close(one, other) for one, other in zip(stored, predicted, strict=True)
        )
    if isinstance(predicted, float | int) and not isinstance(predicted, bool):
        return isinstance(stored, float | int) and abs(stored - predicted) <= 0.01
    return stored == predicted


@FEW
@given(data=st.data())
def test_a_generated_prediction_comes_back_unchanged_through_the_renderers(
    page, web_server, api, make_project, annotations_of, photo_url, data
):
    control = data.draw(st.sampled_from(sorted(CONTROLS)), label="control")
    labels = data.draw(label_sets, label="labels")
    label = data.draw(st.sampled_from(labels), label="label")
    text = data.draw(span_text, label="text")
    value = data.draw(generated_value(control, label, text), label="value")
    target = CONTROLS[control][1]
    item = {
        "id": "generated",
        "from_name": "ctl",
        "to_name": "obj",
        "type": CONTROLS[control][2],
        "value": value,
    }
    task = {
        "data": {"text": text} if target == "Text" else {"image": photo_url},
        "predictions": [{"model_version": "generated", "result": [item]}],
    }
    project = make_project("Generated", config_for(control, labels), [task])

    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_text("Pre-annotated from prediction").wait_for()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("1 done in this session").wait_for()

    [annotation] = annotations_of(project)
    [stored] = annotation["result"]
    assert _close(_comparable(stored), _comparable(item)), (stored, item)
