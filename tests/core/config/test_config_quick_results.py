"""The quick path of the result checks answers "valid" only where the full
checks find nothing, and a value it remembers never stands in for a check
that reads the task."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labelcore.config import results

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text" choice="single">
    <Choice value="news"/><Choice value="sport" alias="S"/>
  </Choices>
  <Choices name="tags" toName="text" choice="multiple">
    <Choice value="a"/><Choice value="b"/>
  </Choices>
  <Choices name="loaded" toName="text" value="$options" choice="multiple"/>
  <Labels name="label" toName="text">
    <Label value="PER"/><Label value="ORG"/>
  </Labels>
  <Rating name="stars" toName="text" maxRating="3"/>
  <TextArea name="note" toName="text"/>
</View>"""

TASK = {"text": "Ada met IBM.", "options": ["x", {"value": "y"}]}


@pytest.fixture
def parsed(compiler):
    return compiler.compile(CONFIG)


def full_checks(parsed, result, task, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(results, "_quickly_valid", lambda *arguments: False)
        return parsed.check_result(result, task)


def item(from_name, kind, value, to_name="text", **extra):
    return {
        "from_name": from_name,
        "to_name": to_name,
        "type": kind,
        "value": value,
        **extra,
    }


RESULTS = [
    [item("topic", "choices", {"choices": ["news"]})],
    [item("topic", "choices", {"choices": ["S"]}, score=0.25)],
    [item("topic", "Choices", {"choices": ["news"]})],
    [item("topic", "choices", {"choices": ["news", "S"]})],
    [item("topic", "choices", {"choices": ["politics"]})],
    [item("topic", "choices", {"choices": []})],
    [item("topic", "choices", {"choices": [1]})],
    [item("topic", "choices", {"choices": [["news"]]})],
    [item("topic", "choices", {"choices": "news"})],
    [item("topic", "choices", {"choice": ["news"]})],
    [item("topic", "choices", ["news"])],
    [item("topic", "labels", {"choices": ["news"]})],
    [item("topic", 7, {"choices": ["news"]})],
    [item("topic", "choices", {"choices": ["news"]}, to_name="other")],
    [item("topic", "choices", {"choices": ["news"]}, to_name=["text"])],
    [item("topic", "choices", {"choices": ["news"]}, score=1.5)],
    [item("topic", "choices", {"choices": ["news"]}, score=True)],
    [item("topic", "choices", {"choices": ["news"]}, item_index=0)],
    [item("nothing", "choices", {"choices": ["news"]})],
    [item(["topic"], "choices", {"choices": ["news"]})],
    [item("tags", "choices", {"choices": ["a", "b"]})],
    [item("tags", "choices", {"choices": ["a", "c"]})],
    [item("loaded", "choices", {"choices": ["x", "y"]})],
    [item("loaded", "choices", {"choices": ["z"]})],
    [item("stars", "rating", {"rating": 3})],
    [item("stars", "rating", {"rating": 4})],
    [item("stars", "rating", {"rating": "3"})],
    [item("note", "textarea", {"text": ["free text"]})],
    [item("label", "labels", {"start": 0, "end": 3, "text": "Ada", "labels": ["PER"]})],
    [item("label", "labels", {"start": 0, "end": 3, "text": "IBM", "labels": ["PER"]})],
    [item("label", "labels", {"start": 0, "end": 99, "labels": ["ORG"]})],
    [
        item("topic", "choices", {"choices": ["news"]}),
        item("stars", "rating", {"rating": 9}),
    ],
    ["not an item"],
    [],
]


@pytest.mark.parametrize("result", RESULTS)
@pytest.mark.parametrize("task", [TASK, None, {"text": "x", "options": "nope"}])
def test_the_quick_path_agrees_with_the_full_checks(parsed, result, task, monkeypatch):
    expected = full_checks(parsed, copy.deepcopy(result), task, monkeypatch)

    # Twice: the second time a remembered value may answer.
    assert parsed.check_result(copy.deepcopy(result), task) == expected
    assert parsed.check_result(copy.deepcopy(result), task) == expected


def test_a_remembered_value_still_has_its_target_type_and_score_checked(parsed):
    good = item("topic", "choices", {"choices": ["news"]})
    assert parsed.check_result([good], TASK) == []

    for wrong in (
        {**good, "to_name": "other"},
        {**good, "type": "labels"},
        {**good, "score": 2},
    ):
        assert parsed.check_result([wrong], TASK) != []


def test_options_loaded_from_the_task_are_checked_for_every_task(parsed):
    chosen = [item("loaded", "choices", {"choices": ["x"]})]

    assert parsed.check_result(chosen, TASK) == []
    issues = parsed.check_result(chosen, {"text": "t", "options": ["y"]})

    assert [issue.field for issue in issues] == ["value.choices"]


def test_a_span_is_checked_against_each_task_text(parsed):
    span = [
        item(
            "label", "labels", {"start": 0, "end": 3, "text": "Ada", "labels": ["PER"]}
        )
    ]

    assert parsed.check_result(span, TASK) == []
    assert parsed.check_result(span, {"text": "Bob met IBM."}) != []


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 5)
    | st.floats(-1, 2, allow_nan=False)
    | st.sampled_from(["news", "S", "a", "b", "x", "PER", "text", ""]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["choices", "rating", "text", "labels", "start", "end"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)
ITEMS = st.fixed_dictionaries(
    {
        "from_name": st.sampled_from(["topic", "tags", "loaded", "stars", "note"]),
        "to_name": st.sampled_from(["text", "topic", "other"]),
        "type": st.sampled_from(["choices", "Choices", "rating", "textarea"]),
        "value": VALUES,
    },
    optional={"score": VALUES, "id": st.sampled_from(["r1", 1, None])},
)


@given(result=st.lists(ITEMS, max_size=3))
def test_random_results_get_the_same_answer_both_ways(compiler, result):
    parsed = compiler.compile(CONFIG)
    original = results._quickly_valid
    try:
        results._quickly_valid = lambda *arguments: False
        expected = parsed.check_result(copy.deepcopy(result), TASK)
    finally:
        results._quickly_valid = original

    assert parsed.check_result(copy.deepcopy(result), TASK) == expected
    assert parsed.check_result(copy.deepcopy(result), TASK) == expected


@pytest.mark.parametrize(
    "result",
    [
        [item("topic", "choices", {"choices": ["news"]}, score=0.5)],
        [item("tags", "Choices", {"choices": ["a", "b"]})],
        [item("loaded", "choices", {"choices": ["x", "y"]})],
        [item("stars", "rating", {"rating": 2})],
        [item("note", "textarea", {"text": ["free text"]})],
        [item("label", "labels", {"start": 4, "end": 7, "labels": ["PER"]})],
    ],
)
def test_plain_valid_results_take_the_quick_path(parsed, result):
    assert results._quickly_valid(parsed, result, TASK) is True
