"""Generated configs and results: what validation accepts, consumers can read.

Hypothesis builds configs from random label sets (Unicode, ``&``, quotes)
and results from random geometry and spans. Whatever the validator accepts
must satisfy what exporters and renderers rely on (boxes inside the image,
span text equal to the slice, labels from the config) and must come back
unchanged through the installed exporters; what is built valid must be
accepted.
"""

from __future__ import annotations

import json

import labelcore_formats.plugin
import labelcore_templates.plugin
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelcore import ExportContext
from labelcore.config import ConfigCompiler
from labelcore.config.samples import sample_task
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings
from tests.support.generated_configs import CONTROLS, config_for, label_sets, label_text

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

percent = st.floats(min_value=-20, max_value=120, allow_nan=False)


@pytest.fixture(scope="module")
def installed():
    plugins = build_plugin_set(
        Settings(disable_plugin_autoload=True),
        extra_plugins=[labelcore_templates.plugin, labelcore_formats.plugin],
    )
    return ConfigCompiler(plugins.tag_types), plugins.exporters


def exported(exporters, parsed, task: dict) -> dict:
    """The rows of every JSON exporter that keeps the task shape (JSON-MIN
    flattens it; the archives need media files and a running server)."""
    rows = []
    for exporter in exporters.values():
        if exporter.media_type != "application/json" or not exporter.applies_to(parsed):
            continue
        context = ExportContext(project=None, parsed_config=parsed, options={})
        body = b"".join(exporter.export([task], context))
        rows.extend(row for row in json.loads(body) if "predictions" in row)
    return rows


@FAST
@given(control=st.sampled_from(sorted(CONTROLS)), labels=label_sets)
def test_any_generated_config_compiles_and_its_sample_round_trips(
    installed, control, labels
):
    compiler, exporters = installed
    parsed = compiler.compile(config_for(control, labels))
    task = sample_task(parsed)
    result = task["predictions"][0]["result"]

    assert parsed.controls["ctl"].labels == labels
    assert parsed.check_result(result, task["data"]) == []
    rows = exported(exporters, parsed, {"id": 1, **task})

    assert rows
    for row in rows:
        assert row["predictions"][0]["result"] == result
        assert parsed.check_result(row["predictions"][0]["result"], row["data"]) == []


@FAST
@given(
    labels=label_sets,
    box=st.fixed_dictionaries(
        {"x": percent, "y": percent, "width": percent, "height": percent}
    ),
    pick=st.integers(min_value=0, max_value=10),
    foreign=label_text,
)
def test_accepted_boxes_lie_inside_the_image_with_config_labels(
    installed, labels, box, pick, foreign
):
    compiler, _ = installed
    parsed = compiler.compile(config_for("RectangleLabels", labels))
    label = foreign if pick == 0 else labels[pick % len(labels)]
    item = {
        "id": "b",
        "from_name": "ctl",
        "to_name": "obj",
        "type": "rectanglelabels",
        "value": {**box, "rectanglelabels": [label]},
    }

    accepted = parsed.check_result([item], {"image": "/a.png"}) == []

    inside = all(0 <= box[key] <= 100 for key in box) and (
        box["x"] + box["width"] <= 100 + 1e-6 and box["y"] + box["height"] <= 100 + 1e-6
    )
    assert accepted == (inside and label in labels)


@FAST
@given(
    text=st.text(min_size=1, max_size=40),
    start=st.integers(min_value=-2, max_value=45),
    length=st.integers(min_value=0, max_value=45),
    shift=st.integers(min_value=0, max_value=2),
)
def test_accepted_spans_cover_exactly_their_text(installed, text, start, length, shift):
    compiler, _ = installed
    parsed = compiler.compile(config_for("Labels", ["Name"]))
    end = start + length
    covered = text[max(start, 0) + shift : max(end, 0) + shift]
    item = {
        "id": "s",
        "from_name": "ctl",
        "to_name": "obj",
        "type": "labels",
        "value": {"start": start, "end": end, "text": covered, "labels": ["Name"]},
    }

    accepted = parsed.check_result([item], {"text": text}) == []

    valid = 0 <= start <= end <= len(text) and text[start:end] == covered
    assert accepted == valid
