"""The compiler reads any plugin's tag types as data: a tag it never saw works."""

from __future__ import annotations

import pytest

from labelcore import Attribute, ControlTagType, ObjectTagType, VisualTagType
from labelcore.config import ConfigCompiler
from labelcore.plugins import PluginError


class Page(VisualTagType):
    name = "Page"
    children = None


class Gauge(ObjectTagType):
    """Shows a reading; the data must be a number no larger than 1000."""

    name = "Gauge"
    value_kinds = ("number",)
    attributes = {
        "name": Attribute(required=True),
        "value": Attribute("data", required=True),
    }

    def check_data(self, value):
        return None if value <= 1000 else f"the reading {value} is over 1000"


class Stars(ControlTagType):
    name = "Stars"
    result_type = "stars"
    attributes = {
        "name": Attribute(required=True),
        "toName": Attribute(required=True),
        "maxRating": Attribute("integer", default=5),
    }
    value_schema = {
        "type": "object",
        "required": ["rating"],
        "properties": {"rating": {"type": "integer", "minimum": 1}},
    }

    def check_value(self, value, context):
        top = context.control.attribute("maxRating")
        if value["rating"] > top:
            return [("value.rating", f"must be at most {top}; got {value['rating']}")]
        return []


CONFIG = """<Page>
  <Gauge name="meter" value="$reading"/>
  <Stars name="stars" toName="meter" maxRating="3"/>
</Page>"""


@pytest.fixture
def compiler():
    tags = [Page(), Gauge(), Stars()]
    return ConfigCompiler({tag.name: tag for tag in tags})


def stars(rating):
    item = {"from_name": "stars", "to_name": "meter", "type": "stars"}
    return [{**item, "value": {"rating": rating}}]


def test_custom_tags_compile_and_check_task_data(compiler):
    parsed = compiler.compile(CONFIG)

    assert parsed.check_task_data({"reading": 12.5}) == []
    assert parsed.check_task_data({"reading": "12"}) == [
        "data key 'reading' (shown by Gauge 'meter') must be a number; got the "
        "string '12'"
    ]
    assert parsed.check_task_data({"reading": 5000}) == [
        "data key 'reading' (shown by Gauge 'meter'): the reading 5000 is over 1000"
    ]


def test_custom_schema_and_check_value_run_in_order(compiler):
    parsed = compiler.compile(CONFIG)

    assert parsed.check_result(stars(2)) == []
    assert [str(i) for i in parsed.check_result(stars(0))] == [
        "result item 0 (from_name 'stars'): field 'value.rating': must be bigger "
        "than or equal to 1; got the number 0"
    ]
    assert [i.message for i in parsed.check_result(stars(4))] == [
        "must be at most 3; got 4"
    ]


def test_a_control_without_targets_may_label_any_object(compiler):
    parsed = compiler.compile(CONFIG)

    assert parsed.controls["stars"].to_name == ("meter",)
    assert parsed.as_dict()["stars"]["inputs"] == [
        {"type": "Gauge", "valueType": None, "value": "reading"}
    ]


def test_a_malformed_value_schema_fails_when_the_compiler_is_built():
    class Broken(Stars):
        name = "Broken"
        value_schema = {"type": "object", "properties": {"rating": {"type": 7}}}

    with pytest.raises(PluginError) as refused:
        ConfigCompiler({"Broken": Broken()})

    assert "Tag type 'Broken': its value_schema is not a valid JSON schema" in str(
        refused.value
    )
