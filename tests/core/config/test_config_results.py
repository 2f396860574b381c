"""Result checks: names, types, schemas, options, scores, relations."""

from __future__ import annotations

import pytest

from labelcore.config import ResultIssue

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="label" toName="text">
    <Label value="PER"/><Label value="ORG" alias="O"/>
  </Labels>
  <Choices name="topic" toName="text" choice="multiple">
    <Choice value="news"/><Choice value="sport"/>
  </Choices>
  <Choices name="dynamic" toName="text" value="$options" choice="multiple"/>
</View>"""

TASK = {"text": "Ada met IBM.", "options": [{"value": "x"}, "y"]}


@pytest.fixture
def parsed(compiler):
    return compiler.compile(CONFIG)


def span(start=0, end=3, text="Ada", labels=("PER",), **extra):
    value = {"start": start, "end": end, "text": text, "labels": list(labels)}
    item = {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels"}
    return {**item, "value": value, **extra}


def topic(*chosen, **extra):
    item = {"from_name": "topic", "to_name": "text", "type": "choices"}
    return {**item, "value": {"choices": list(chosen)}, **extra}


def messages(issues):
    return [str(issue) for issue in issues]


def test_valid_result_has_no_issues(parsed):
    result = [span(), span(8, 11, "IBM", ["O"]), topic("news", "sport", score=0.5)]

    assert parsed.check_result(result, TASK) == []


def test_label_not_in_config(parsed):
    issues = parsed.check_result([topic("news"), span(labels=["Foo"])], TASK)

    assert messages(issues) == [
        "result item 1 (from_name 'label'): field 'value.labels': label 'Foo' is "
        "not in the config; expected one of 'PER', 'ORG'"
    ]
    assert issues[0] == ResultIssue(
        1,
        "value.labels",
        "label 'Foo' is not in the config; expected one of 'PER', 'ORG'",
        "label",
    )


def test_choice_not_in_config(parsed):
    assert messages(parsed.check_result([topic("weather")], TASK)) == [
        "result item 0 (from_name 'topic'): field 'value.choices': choice "
        "'weather' is not in the config; expected one of 'news', 'sport'"
    ]


def test_dynamic_choices_come_from_the_task(parsed):
    item = {"from_name": "dynamic", "to_name": "text", "type": "choices"}

    good = [{**item, "value": {"choices": ["x", "y"]}}]
    bad = [{**item, "value": {"choices": ["z"]}}]

    assert parsed.check_result(good, TASK) == []
    assert parsed.check_result(bad, None) == []
    assert "choice 'z' is not in the config; expected one of 'x', 'y'" in (
        str(parsed.check_result(bad, TASK)[0])
    )


def test_unknown_from_name(parsed):
    assert messages(parsed.check_result([{**topic("news"), "from_name": "lbl"}])) == [
        "result item 0: field 'from_name': no control named 'lbl' in the config; "
        "expected one of 'label', 'topic', 'dynamic'"
    ]


def test_to_name_the_control_does_not_label(parsed):
    assert messages(parsed.check_result([{**topic("news"), "to_name": "image"}])) == [
        "result item 0 (from_name 'topic'): field 'to_name': 'Choices' 'topic' "
        "labels 'text', not 'image'"
    ]


def test_type_must_match_the_control(parsed):
    assert messages(parsed.check_result([{**topic("news"), "type": "labels"}])) == [
        "result item 0 (from_name 'topic'): field 'type': must be 'choices' for "
        "the 'Choices' control; got 'labels'"
    ]


def test_value_schema_names_the_field(parsed):
    issues = parsed.check_result([span(start="0")], TASK)

    assert messages(issues) == [
        "result item 0 (from_name 'label'): field 'value.start': must be a whole "
        "number from 0 (an offset in code points); got '0'"
    ]


def test_value_missing_fields(parsed):
    item = {**span(), "value": {"labels": ["PER"]}}

    [issue] = parsed.check_result([item], TASK)

    assert issue.field == "value.start"
    assert issue.message.startswith("must be a whole number from 0")


def test_value_must_be_an_object(parsed):
    [issue] = parsed.check_result([{**topic(), "value": ["news"]}])

    assert (issue.field, issue.message) == ("value", "must be an object; got a list")


@pytest.mark.parametrize("score", [1.5, -0.1, "high", True])
def test_score_must_be_between_zero_and_one(parsed, score):
    [issue] = parsed.check_result([topic("news", score=score)], TASK)

    assert issue.field == "score"
    assert issue.message.startswith("must be a number from 0 to 1; got")


def test_result_must_be_a_list_of_objects(parsed):
    assert messages(parsed.check_result({"result": []})) == [
        "result: field 'result': must be a list of result items; got an object"
    ]
    assert messages(parsed.check_result(["news"])) == [
        "result item 0: field 'item': must be an object with from_name, to_name, "
        "type and value; got the string 'news'"
    ]


def test_relations_must_join_items_of_the_result(parsed):
    relation = {"type": "relation", "from_id": "r1", "to_id": "r2"}
    second = span(8, 11, "IBM", ["ORG"], id="r2")

    assert parsed.check_result([span(), second, relation], TASK) == []
    [issue] = parsed.check_result([span(), relation], TASK)
    assert issue.field == "to_id"
    assert "'r2', which is not in this result" in issue.message


def test_tag_checks_run_after_the_schema(parsed):
    issues = parsed.check_result([span(0, 4, "Ada")], TASK)

    assert messages(issues) == [
        "result item 0 (from_name 'label'): field 'value.text': does not match "
        "the text at 0-4, which is 'Ada '; got 'Ada'. Offsets count Unicode code "
        "points"
    ]
