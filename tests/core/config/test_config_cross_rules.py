"""Rules across tags: relations, conditions, hotkeys, repeaters, bounds.

Each rule has a refused and an accepted case, with the message people read.
"""

from __future__ import annotations

import pytest

from labelcore.config import ConfigInvalid

TEXT = '<Text name="text" value="$text"/>'


def view(*lines: str) -> str:
    return "<View>\n" + "\n".join(f"  {line}" for line in lines) + "\n</View>"


def errors_of(compiler, config) -> list[str]:
    with pytest.raises(ConfigInvalid) as caught:
        compiler.compile(config)
    return [issue.message for issue in caught.value.issues if issue.is_error]


def warnings_of(compiler, config) -> list[str]:
    return [issue.message for issue in compiler.compile(config).warnings]


CHOICES = '<Choices name="mood" toName="text"><Choice value="Sad"/></Choices>'
LABELS = '<Labels name="ner" toName="text"><Label value="PER"/></Labels>'
RELATIONS = '<Relations><Relation value="knows"/></Relations>'


def test_relations_without_any_region_control_are_refused(compiler):
    assert errors_of(compiler, view(TEXT, CHOICES, RELATIONS)) == [
        "'Relations' relates regions, but no control in this config creates "
        "regions (such as 'Labels', 'HyperTextLabels', 'ParagraphLabels' and 18 "
        "more); add one, or remove 'Relations'"
    ]


def test_relations_next_to_span_labels_are_accepted(compiler):
    parsed = compiler.compile(view(TEXT, LABELS, RELATIONS))

    assert parsed.controls["Relations"].labels == ["knows"]
    assert "Relations" not in parsed.as_dict()


def test_a_condition_naming_no_tag_is_refused(compiler):
    config = view(
        TEXT,
        CHOICES,
        '<View visibleWhen="choice-selected" whenTagName="moood">',
        '  <TextArea name="why" toName="text"/>',
        "</View>",
    )

    assert errors_of(compiler, config) == [
        "whenTagName 'moood' of 'View' names no tag in this config; name the "
        "control whose choices or labels decide when 'View' shows (did you mean "
        "'mood'?)"
    ]


def test_a_condition_on_an_existing_choice_is_accepted(compiler):
    config = view(
        TEXT,
        CHOICES,
        '<View visibleWhen="choice-selected" whenTagName="mood" whenChoiceValue="Sad">',
        '  <TextArea name="why" toName="text"/>',
        "</View>",
    )

    assert compiler.compile(config).warnings == []


def test_a_condition_on_a_missing_choice_value_is_a_warning(compiler):
    config = view(
        TEXT,
        CHOICES,
        '<TextArea name="why" toName="text" visibleWhen="choice-selected" '
        'whenTagName="mood" whenChoiceValue="Happy"/>',
    )

    assert warnings_of(compiler, config) == [
        "whenChoiceValue 'Happy' of 'TextArea' is not an option of 'mood', so the "
        "tag never shows; use one of 'Sad'"
    ]


def test_a_choice_condition_on_a_control_without_choices_is_a_warning(compiler):
    config = view(
        TEXT,
        '<TextArea name="note" toName="text"/>',
        '<View visibleWhen="choice-selected" whenTagName="note"><Header value="x"/>'
        "</View>",
    )

    assert warnings_of(compiler, config) == [
        "visibleWhen=\"choice-selected\" of 'View' waits for a choice of 'note', "
        "but 'TextArea' has no choices"
    ]


def test_two_options_on_one_hotkey_are_a_warning(compiler):
    config = view(
        TEXT,
        '<Choices name="mood" toName="text">'
        '<Choice value="Sad" hotkey="s"/><Choice value="Sorry" hotkey="S"/>'
        "</Choices>",
    )

    [warning] = compiler.compile(config).warnings
    assert warning.message == (
        "the hotkey 'S' is already used by 'Choice' 'Sad' on line 3; the second "
        "one never fires, so give it another key"
    )
    assert warning.attribute == "hotkey"


def test_distinct_hotkeys_are_accepted(compiler):
    config = view(
        TEXT,
        '<Choices name="mood" toName="text">'
        '<Choice value="Sad" hotkey="1"/><Choice value="Glad" hotkey="2"/>'
        "</Choices>",
    )

    assert compiler.compile(config).warnings == []


def test_numbers_out_of_their_declared_bounds_are_refused(compiler):
    config = view(
        '<Image name="img" value="$img"/>',
        '<RectangleLabels name="box" toName="img" opacity="1.5"/>',
    )

    assert errors_of(compiler, config) == [
        "the attribute 'opacity' of 'RectangleLabels' must be from 0 to 1; got 1.5"
    ]
    assert compiler.compile(config.replace('"1.5"', '"0.5"')).warnings == []


def test_a_tag_rule_past_attributes_names_the_attribute(compiler):
    with pytest.raises(ConfigInvalid) as caught:
        compiler.compile(view(TEXT, '<Pairwise name="pick" toName="text"/>'))

    [issue] = caught.value.issues
    assert issue.message == (
        "'Pairwise' compares two objects, so toName names two tags separated by a "
        'comma (toName="left,right"); got 1'
    )
    assert (issue.attribute, issue.line) == ("toName", 3)


def test_number_bounds_must_be_in_order(compiler):
    config = view(TEXT, '<Number name="n" toName="text" min="5" max="1"/>')

    assert errors_of(compiler, config) == ["max (1) must not be below min (5)"]
    assert compiler.compile(config.replace('max="1"', 'max="9"'))


REPEATER = view(
    '<Repeater on="$items" indexFlag="{{idx}}">',
    '  <Text name="t_{{idx}}" value="$items[{{idx}}].text"/>',
    '  <Choices name="c_{{idx}}" toName="t_{{idx}}"><Choice value="ok"/></Choices>',
    "</Repeater>",
)
ITEMS = {"items": [{"text": "first"}, {"text": "second"}]}


def test_repeated_tags_read_every_item_of_the_list(compiler):
    parsed = compiler.compile(REPEATER)

    assert parsed.data_keys == ["items"]
    assert parsed.check_task_data(ITEMS) == []
    assert parsed.check_task_data({"items": [{"text": "a"}, {"body": "b"}]}) == [
        "data key 'items[1].text' (shown by Text 't_{{idx}}') is missing; the task "
        "has 'items'. Rename the field in your data or the $key in the config"
    ]
    assert parsed.check_task_data({"items": "no"}) == [
        "data key 'items' (repeated over by Text 't_{{idx}}') must be a list; it "
        "is the string 'no'"
    ]


def test_results_of_repeated_controls_name_the_item_by_index(compiler):
    parsed = compiler.compile(REPEATER)
    good = {
        "from_name": "c_1",
        "to_name": "t_1",
        "type": "choices",
        "value": {"choices": ["ok"]},
    }

    assert parsed.check_result([good], ITEMS) == []
    [issue] = parsed.check_result([{**good, "to_name": "t_0"}], ITEMS)
    assert str(issue) == (
        "result item 0 (from_name 'c_1'): field 'to_name': 'Choices' 'c_{{idx}}' "
        "labels 't_1', not 't_0'"
    )


def test_bracket_paths_resolve_like_dotted_ones():
    from labelcore.config import resolve_data_key

    data = {"a": [{"b": 1}, {"b": 2}], "a[1].b": "literal"}

    assert resolve_data_key(data, "$a[1].b") == "literal"
    assert resolve_data_key({"a": data["a"]}, "$a[1].b") == 2
    assert resolve_data_key({"a": data["a"]}, "a.0.b") == 1


DYNAMIC = view(TEXT, '<Choices name="pick" toName="text" value="$options"/>')


def test_dynamic_options_must_be_in_the_task(compiler):
    parsed = compiler.compile(DYNAMIC)

    assert parsed.check_task_data({"text": "x", "options": ["a", {"value": "b"}]}) == []
    assert parsed.check_task_data({"text": "x"}) == [
        "data key 'options' (the choices of Choices 'pick') is missing; the task has "
        "'text'. Add the list of choices to the task, or remove value=\"$options\" "
        "from the config"
    ]
    assert parsed.check_task_data({"text": "x", "options": [{"alias": "b"}]}) == [
        "data key 'options' (the choices of Choices 'pick'): item 0 must be a string "
        "or an object with a string 'value'; got an object"
    ]


def test_prefilled_text_area_value_is_not_a_list_of_options(compiler):
    parsed = compiler.compile(
        view(TEXT, '<TextArea name="draft" toName="text" value="$draft"/>')
    )

    assert parsed.controls["draft"].dynamic_options_key is None
    assert parsed.check_task_data({"text": "x"}) == []


def test_a_literal_text_value_is_shown_as_it_is(compiler):
    parsed = compiler.compile(
        view('<Text name="hint" value="Read the text first."/>', TEXT, CHOICES)
    )

    assert parsed.objects["hint"].value_key is None
    assert parsed.data_keys == ["text"]
