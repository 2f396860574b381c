"""Rules across the items of one result, and what a config change removes."""

from __future__ import annotations

import pytest

from labelcore.config.samples import sample_task
from labelcore.config.usage import (
    InUse,
    describe_in_use,
    labels_in_use,
    removal_between,
)

CONFIG = """<View>
  <Image name="image" valueList="$images"/>
  <RectangleLabels name="box" toName="image" maxUsages="2">
    <Label value="Cat" maxUsages="1"/>
    <Label value="Dog"/>
  </RectangleLabels>
  <Choices name="pose" toName="image" perRegion="true">
    <Choice value="Sitting"/>
  </Choices>
  <Relations><Relation value="near"/></Relations>
</View>"""
DATA = {"images": ["/a.png", "/b.png"]}


def box(region_id: str, label: str = "Dog", **extra) -> dict:
    return {
        "id": region_id,
        "from_name": "box",
        "to_name": "image",
        "type": "rectanglelabels",
        "value": {"x": 1, "y": 1, "width": 5, "height": 5, "rectanglelabels": [label]},
        **extra,
    }


def pose(region_id: str) -> dict:
    return {
        "id": region_id,
        "from_name": "pose",
        "to_name": "image",
        "type": "choices",
        "value": {"choices": ["Sitting"]},
    }


def relation(**fields) -> dict:
    return {"type": "relation", "from_id": "a", "to_id": "b", **fields}


@pytest.fixture
def parsed(compiler):
    return compiler.compile(CONFIG)


def messages(issues) -> list[str]:
    return [str(issue) for issue in issues]


def test_a_label_used_more_often_than_max_usages_is_refused(parsed):
    assert parsed.check_result([box("a", "Cat"), box("b", "Dog")], DATA) == []

    assert messages(parsed.check_result([box("a", "Cat"), box("b", "Cat")], DATA)) == [
        "result item 1 (from_name 'box'): field 'value.rectanglelabels': label "
        "'Cat' may be used at most once per task (maxUsages); this is use 2"
    ]
    three_dogs = [box("a"), box("b"), box("c")]
    assert messages(parsed.check_result(three_dogs, DATA)) == [
        "result item 2 (from_name 'box'): field 'value.rectanglelabels': label "
        "'Dog' may be used at most 2 times per task (maxUsages); this is use 3"
    ]


def test_per_region_results_share_the_id_of_a_region(parsed):
    assert parsed.check_result([box("a"), pose("a")], DATA) == []

    assert messages(parsed.check_result([box("a"), pose("zz")], DATA)) == [
        "result item 1 (from_name 'pose'): field 'id': 'pose' is per region "
        '(perRegion="true"), so its result must carry the id of a region in this '
        "result; got the string 'zz'"
    ]


def test_item_index_must_point_at_one_of_the_task_items(parsed):
    assert parsed.check_result([box("a", item_index=1)], DATA) == []

    assert messages(parsed.check_result([box("a", item_index=2)], DATA)) == [
        "result item 0 (from_name 'box'): field 'item_index': is 2, but the task "
        "has 2 items at that key; item_index counts from 0"
    ]
    assert messages(parsed.check_result([box("a", item_index=-1)], DATA)) == [
        "result item 0 (from_name 'box'): field 'item_index': must be a whole "
        "number from 0; got the number -1"
    ]


def test_relations_need_known_direction_and_labels(parsed):
    regions = [box("a"), box("b")]
    good = relation(direction="bi", labels=["near"])

    assert parsed.check_result([*regions, good], DATA) == []
    assert messages(
        parsed.check_result([*regions, relation(direction="up", labels=["far"])], DATA)
    ) == [
        "result item 2: field 'direction': must be one of 'left', 'right', 'bi'; "
        "got the string 'up'",
        "result item 2: field 'labels': relation label 'far' is not in the config; "
        "expected one of 'near'",
    ]


def test_relations_name_regions_of_the_same_result(parsed):
    [issue] = parsed.check_result([box("a"), relation()], DATA)

    assert str(issue) == (
        "result item 1: field 'to_id': the relation points at region 'b', which is "
        "not in this result; relate the ids of two items of the result"
    )


NEW_CONFIG = CONFIG.replace('<Label value="Cat" maxUsages="1"/>', "").replace(
    '<Choices name="pose" toName="image" perRegion="true">\n    '
    '<Choice value="Sitting"/>\n  </Choices>',
    "",
)


def test_a_change_lists_each_removed_control_and_label_in_use(compiler):
    removal = removal_between(compiler.compile(CONFIG), compiler.compile(NEW_CONFIG))
    results = [[box("a", "Cat"), pose("a")], [box("b", "Cat"), box("c", "Dog")], []]

    in_use = labels_in_use(removal, results)

    assert in_use == [InUse("box", "Cat", 2), InUse("pose", None, 1)]
    assert describe_in_use(in_use) == (
        "The new label config removes what existing annotations use: the label "
        "'Cat' of 'box' (used 2 times); the control 'pose' (used once). Keep those "
        "tags and labels, delete or fix the annotations first, or send the change "
        "again with force=true to keep the annotations as they are."
    )


def test_a_change_that_only_adds_removes_nothing(compiler):
    bigger = CONFIG.replace(
        '<Label value="Dog"/>', '<Label value="Dog"/><Label value="Fox"/>'
    )

    removal = removal_between(compiler.compile(CONFIG), compiler.compile(bigger))

    assert not removal
    assert labels_in_use(removal, [[box("a", "Cat")]]) == []


def test_sample_task_fills_every_key_and_every_control(compiler):
    parsed = compiler.compile(CONFIG)

    task = sample_task(parsed)

    result = task["predictions"][0]["result"]
    assert parsed.check_task_data(task["data"]) == []
    assert parsed.check_result(result, task["data"]) == []
    assert {item.get("from_name") for item in result} == {"box", "pose"}
    assert result[1]["id"] == result[0]["id"]


def test_sample_task_keeps_the_data_it_is_given(compiler):
    parsed = compiler.compile(CONFIG)

    task = sample_task(parsed, {"images": ["/mine.png"]})

    assert task["data"] == {"images": ["/mine.png"]}
