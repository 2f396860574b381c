"""Nothing a client sends makes validation crash: only issues come back.

Hypothesis mutates the gallery's configs, sample results and task data with
arbitrary JSON; every call must answer with issues (or compile), never raise.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from labelcore.config import ConfigCompiler, ConfigInvalid
from labelcore.config.samples import sample_task

FAST = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
KEYS = [
    "x",
    "y",
    "width",
    "height",
    "start",
    "end",
    "labels",
    "choices",
    "points",
    "rle",
    "sequence",
    "ranges",
    "text",
    "taxonomy",
    "ranker",
    "rating",
    "number",
    "datetime",
    "selected",
    "vertices",
    "imageDataURL",
    "chatmessage",
    "globalOffsets",
    "startOffset",
    "endOffset",
    "frame",
    "radiusX",
    "radiusY",
]
ITEM_FIELDS = [
    "id",
    "from_name",
    "to_name",
    "type",
    "item_index",
    "score",
    "original_width",
    "original_height",
    "from_id",
    "to_id",
    "direction",
    "labels",
]
ATTRIBUTES = [
    "name",
    "toName",
    "value",
    "valueList",
    "choice",
    "maxUsages",
    "perRegion",
    "visibleWhen",
    "whenTagName",
    "whenChoiceValue",
    "on",
    "indexFlag",
    "min",
    "max",
    "maxRating",
    "only",
    "valueType",
    "timeColumn",
    "textKey",
    "leafsOnly",
    "hotkey",
    "column",
]
WORDS = ["", "x", "$x", "0", "-1", "true", "text", "{{idx}}", "$a[{{idx}}]", "a,b"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 300)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def templates(plugin_set):
    return list(plugin_set.templates.values())


@FAST
@given(
    pick=st.integers(min_value=0),
    which=st.integers(min_value=0),
    value=json_values,
    fields=st.dictionaries(st.sampled_from(ITEM_FIELDS), json_values, max_size=3),
    data_value=json_values,
)
def test_arbitrary_results_and_data_get_issues_not_errors(
    compiler, templates, pick, which, value, fields, data_value
):
    template = templates[pick % len(templates)]
    parsed = compiler.compile(template.config)
    items = template.sample_task["predictions"][0]["result"]
    item = {**items[which % len(items)], **fields}
    if isinstance(value, dict) and isinstance(item.get("value"), dict):
        item["value"] = {**item["value"], **value}
    else:
        item["value"] = value
    data = dict(template.sample_task["data"])
    data[next(iter(data))] = data_value

    assert isinstance(parsed.check_result([item, *items], data), list)
    assert isinstance(parsed.check_result(data_value, data), list)
    assert isinstance(parsed.check_task_data(data), list)


@FAST
@given(
    pick=st.integers(min_value=0),
    changes=st.lists(
        st.tuples(
            st.integers(0, 40), st.sampled_from(ATTRIBUTES), st.sampled_from(WORDS)
        ),
        max_size=4,
    ),
)
def test_mutated_configs_compile_or_are_refused_with_issues(
    plugin_set, templates, pick, changes
):
    compiler = ConfigCompiler(plugin_set.tag_types)
    root = etree.fromstring(templates[pick % len(templates)].config)
    elements = list(root.iter())
    for index, attribute, value in changes:
        elements[index % len(elements)].set(attribute, value)

    try:
        parsed = compiler.compile(etree.tostring(root, encoding="unicode"))
    except ConfigInvalid as invalid:
        assert invalid.errors
        return
    task = sample_task(parsed)
    assert isinstance(parsed.check_result(task["predictions"][0]["result"]), list)
    assert parsed.describe()["controls"].keys() == parsed.controls.keys()
