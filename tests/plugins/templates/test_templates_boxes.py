"""Boxes on images: percent geometry, rotation, and the Rectangle tag."""

from __future__ import annotations

import pytest

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="Cat"/><Label value="Dog"/>
  </RectangleLabels>
  <Rectangle name="plain" toName="image"/>
  <Choices name="kind" toName="image" perRegion="true">
    <Choice value="cute"/>
  </Choices>
  <TextArea name="note" toName="image" perRegion="true"/>
</View>"""

TASK = {"image": "/data/cat.png"}


@pytest.fixture
def parsed(compiler):
    return compiler.compile(CONFIG)


def box(from_name="box", kind="rectanglelabels", **geometry):
    value = {"x": 10, "y": 20, "width": 30, "height": 40, "rotation": 0, **geometry}
    if kind == "rectanglelabels":
        value.setdefault("rectanglelabels", ["Cat"])
    return {
        "id": "b1",
        "from_name": from_name,
        "to_name": "image",
        "type": kind,
        "value": value,
    }


def test_boxes_inside_the_image_pass(parsed):
    result = [
        box(),
        box(x=0, y=0, width=100, height=100),
        box(x=62.5, width=37.50000000001),
        box("plain", "rectangle", x=5),
    ]

    assert parsed.check_result(result, TASK) == []


@pytest.mark.parametrize(
    ("geometry", "field", "rule"),
    [
        ({"x": -1}, "value.x", "must be bigger than or equal to 0"),
        ({"y": 100.5}, "value.y", "must be smaller than or equal to 100"),
        ({"width": 101}, "value.width", "must be smaller than or equal to 100"),
        ({"height": "40"}, "value.height", "must be number"),
    ],
)
def test_each_coordinate_is_a_percentage(parsed, geometry, field, rule):
    [issue] = parsed.check_result([box(**geometry)], TASK)

    assert issue.field == field
    assert issue.message.startswith(rule)


def test_box_reaching_past_the_right_edge(parsed):
    [issue] = parsed.check_result([box(x=80, width=30)], TASK)

    assert str(issue) == (
        "result item 0 (from_name 'box'): field 'value.width': the box reaches "
        "110% (x 80 + width 30); boxes are in percent of the image, so x + width "
        "must be at most 100"
    )


def test_rotated_boxes_may_reach_past_the_edges(parsed):
    assert parsed.check_result([box(x=80, width=30, rotation=90)], TASK) == []


def test_box_label_not_in_config(parsed):
    [issue] = parsed.check_result([box(rectanglelabels=["Horse"])], TASK)

    assert issue.message == (
        "label 'Horse' is not in the config; expected one of 'Cat', 'Dog'"
    )


def test_rectangle_tag_targets_images_only(compiler):
    config = (
        '<View><Text name="text" value="$text"/>'
        '<Rectangle name="plain" toName="text"/></View>'
    )

    with pytest.raises(Exception) as refused:
        compiler.compile(config)

    assert "'Rectangle' cannot label 'Text'" in str(refused.value)


def test_per_region_choices_and_text_carry_the_region_geometry(parsed):
    region = box()
    choice = {
        **region,
        "from_name": "kind",
        "type": "choices",
        "value": {**region["value"], "choices": ["cute"]},
    }
    note = {
        **region,
        "from_name": "note",
        "type": "textarea",
        "value": {**region["value"], "text": ["a sleepy cat"]},
    }

    assert parsed.check_result([region, choice, note], TASK) == []
