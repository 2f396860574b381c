"""Every config rule, accepted and refused, with the message people read."""

from __future__ import annotations

import pytest

from labelcore.config import ConfigCompiler, ConfigInvalid

TEXT = '<Text name="text" value="$text"/>'


def issues_of(compiler, config):
    with pytest.raises(ConfigInvalid) as caught:
        compiler.compile(config)
    return caught.value.issues


def only_error(compiler, config):
    errors = [issue for issue in issues_of(compiler, config) if issue.is_error]
    assert len(errors) == 1, errors
    return errors[0]


def view(*lines: str) -> str:
    return "<View>\n" + "\n".join(f"  {line}" for line in lines) + "\n</View>"


def choices(inner='<Choice value="a"/>', **attributes) -> str:
    attributes = {"name": "c", "toName": "text", **attributes}
    written = " ".join(f'{key}="{value}"' for key, value in attributes.items())
    return f"<Choices {written}>{inner}</Choices>"


def test_a_plain_config_compiles(compiler):
    parsed = compiler.compile(view(TEXT, choices()))

    control = parsed.controls["c"]
    assert (control.tag, control.to_name, control.labels) == (
        "Choices",
        ("text",),
        ["a"],
    )
    assert parsed.objects["text"].value_key == "text"
    assert parsed.data_keys == ["text"]
    assert parsed.warnings == []


def test_unknown_tag_suggests_a_near_registered_tag(compiler):
    issue = only_error(compiler, view(TEXT, "<Choises/>"))

    assert issue.message == (
        "no installed plugin provides the tag 'Choises'; did you mean 'Choices'?"
    )
    assert (issue.line, issue.column, issue.tag) == (3, 3, "Choises")


def test_unknown_tag_without_near_miss_says_how_to_fix(compiler):
    issue = only_error(compiler, view(TEXT, choices(), '<Sketchpad name="p"/>'))

    assert issue.message.startswith("no installed plugin provides the tag 'Sketchpad';")
    assert "install a plugin" in issue.message


def test_tag_names_match_in_any_case_like_label_studio(compiler):
    config = '<view><text name="text" value="$text"/>' + choices().lower() + "</view>"
    config = config.replace("toname", "toName")

    parsed = compiler.compile(config)

    assert parsed.controls["c"].tag == "Choices"
    assert parsed.as_dict()["c"]["inputs"][0]["type"] == "Text"


def test_unknown_attribute_is_only_a_warning(compiler):
    parsed = compiler.compile(view(TEXT, choices(colour="red", showInlin="true")))

    messages = [warning.message for warning in parsed.warnings]
    assert messages == [
        "the tag 'Choices' has no attribute 'colour', so it is ignored",
        "the tag 'Choices' has no attribute 'showInlin', so it is ignored; "
        "did you mean 'showInline'?",
    ]
    assert {warning.severity for warning in parsed.warnings} == {"warning"}
    assert parsed.warnings[0].attribute == "colour"


def test_attribute_names_match_in_any_case(compiler):
    config = view(
        TEXT,
        '<Choices name="c" toname="text" SHOWINLINE="true">'
        '<Choice value="a"/></Choices>',
    )

    parsed = compiler.compile(config)

    assert parsed.controls["c"].to_name == ("text",)
    assert parsed.controls["c"].attributes["showInline"] is True


@pytest.mark.parametrize(
    ("attribute", "value", "message"),
    [
        (
            "choice",
            "many",
            "the attribute 'choice' of 'Choices' must be one of 'single', "
            "'single-radio', 'multiple'; got 'many'",
        ),
        (
            "showInline",
            "yes",
            "the attribute 'showInline' of 'Choices' must be true or false; got 'yes'",
        ),
    ],
)
def test_wrong_enum_and_boolean_values_are_errors(compiler, attribute, value, message):
    issue = only_error(compiler, view(TEXT, choices(**{attribute: value})))

    assert issue.message == message
    assert issue.attribute == attribute
    assert issue.line == 3


def test_wrong_numbers_are_errors(compiler):
    config = view(
        '<Image name="image" value="$image" zoomBy="fast"/>',
        '<RectangleLabels name="box" toName="image" maxUsages="1.5">'
        '<Label value="a"/></RectangleLabels>',
    )

    messages = [issue.message for issue in issues_of(compiler, config)]

    assert messages == [
        "the attribute 'zoomBy' of 'Image' must be a number; got 'fast'",
        "the attribute 'maxUsages' of 'RectangleLabels' must be a whole number; "
        "got '1.5'",
    ]


def test_good_typed_values_are_converted(compiler):
    config = view(
        '<Image name="image" value="$image" zoomBy="1.5" zoom="TRUE"/>',
        '<RectangleLabels name="box" toName="image" maxUsages="3" canRotate="false">'
        '<Label value="a" background="rgba(0, 0, 0, 0.5)"/></RectangleLabels>',
    )

    parsed = compiler.compile(config)

    assert parsed.objects["image"].attributes == {
        "name": "image",
        "value": "$image",
        "zoomBy": 1.5,
        "zoom": True,
    }
    assert parsed.controls["box"].attributes["maxUsages"] == 3
    assert parsed.controls["box"].attribute("canRotate") is False
    assert parsed.controls["box"].attribute("opacity") == 0.6


def test_a_strange_colour_is_a_warning(compiler):
    config = view(
        TEXT,
        '<Labels name="l" toName="text">'
        '<Label value="a" background="not a colour!"/></Labels>',
    )

    [warning] = compiler.compile(config).warnings

    assert "should be a CSS colour" in warning.message


def test_missing_required_attribute(compiler):
    issue = only_error(
        compiler, view(TEXT, '<Choices name="c"><Choice value="a"/></Choices>')
    )

    assert issue.message == (
        "the tag 'Choices' needs the attribute 'toName'; add toName=\"...\""
    )
    assert (issue.line, issue.column) == (3, 3)


def test_missing_option_value(compiler):
    issue = only_error(compiler, view(TEXT, choices("<Choice/>")))

    assert issue.message.startswith("the tag 'Choice' needs the attribute 'value'")


def test_duplicate_name(compiler):
    config = view(TEXT, choices(), choices(toName="text"))

    issue = only_error(compiler, config)

    assert issue.message == (
        "the name 'c' is already used by the 'Choices' tag on line 3; "
        "give every tag its own name"
    )
    assert (issue.line, issue.attribute) == (4, "name")


def test_duplicate_name_between_object_and_control(compiler):
    issue = only_error(compiler, view(TEXT, choices(name="text")))

    assert "the name 'text' is already used by the 'Text' tag on line 2" in (
        issue.message
    )


def test_to_name_naming_nothing(compiler):
    issue = only_error(compiler, view(TEXT, choices(toName="txt")))

    assert issue.message == (
        "toName 'txt' names no tag in this config; object tags here: 'text'; "
        "did you mean 'text'?"
    )
    assert issue.attribute == "toName"
    assert issue.column == 21


def test_to_name_naming_a_control(compiler):
    config = view(TEXT, choices(), choices(name="d", toName="c"))

    issue = only_error(compiler, config)

    assert issue.message.startswith(
        "toName 'c' names the 'Choices' tag, which is not an object tag"
    )


def test_to_name_naming_an_object_the_control_cannot_label(compiler):
    config = view(
        TEXT,
        '<RectangleLabels name="box" toName="text">'
        '<Label value="a"/></RectangleLabels>',
    )

    issue = only_error(compiler, config)

    assert issue.message == (
        "'RectangleLabels' cannot label 'Text' (toName 'text'); it labels 'Image'"
    )


def test_to_name_with_several_objects(compiler):
    config = view(
        '<Image name="left" value="$left"/>',
        '<Image name="right" value="$right"/>',
        '<Choices name="c" toName="left, right"><Choice value="a"/></Choices>',
    )

    parsed = compiler.compile(config)

    assert parsed.controls["c"].to_name == ("left", "right")
    assert [i["value"] for i in parsed.as_dict()["c"]["inputs"]] == ["left", "right"]


def test_object_value_must_be_a_data_key(compiler):
    issue = only_error(compiler, view('<Text name="text" value="text"/>', choices()))

    assert issue.message == (
        "the attribute 'value' of 'Text' must name a task data key as '$key' "
        "(for example '$text'); got 'text'"
    )
    assert issue.attribute == "value"


def test_header_value_may_be_literal_or_a_key(compiler):
    config = view(
        '<Header value="Read this"/>', '<Header value="$title"/>', TEXT, choices()
    )

    parsed = compiler.compile(config)

    assert parsed.data_keys == ["title", "text"]
    assert parsed.check_task_data({"text": "only the text"}) == []


def test_children_not_allowed_by_the_parent(compiler):
    issue = only_error(compiler, view(TEXT, choices('<Label value="a"/>')))

    assert issue.message == (
        "the tag 'Choices' cannot contain 'Label'; it takes only 'Choice', 'View', "
        "'Header', 'Style'. Move 'Label' out of it"
    )


def test_tag_that_takes_no_children(compiler):
    issue = only_error(
        compiler, view('<Text name="text" value="$text"><View/></Text>', choices())
    )

    assert issue.message.startswith(
        "the tag 'Text' cannot contain 'View'; it takes no tags inside"
    )


def test_option_outside_any_control(compiler):
    issue = only_error(compiler, view(TEXT, choices(), '<Choice value="loose"/>'))

    assert issue.message == (
        "the tag 'Choice' must be inside a control that uses it as an option, "
        "such as 'Choices', 'Taxonomy'; move it there"
    )


def test_options_grouped_in_views_inside_a_control(compiler):
    inner = (
        '<View><Header value="Group one"/><Choice value="a"/></View>'
        '<View><Choice value="b" alias="B"/></View>'
    )

    control = compiler.compile(view(TEXT, choices(inner))).controls["c"]

    assert control.labels == ["a", "b"]
    assert control.allowed_values == {"a", "b", "B"}


def test_duplicate_option_is_a_warning(compiler):
    parsed = compiler.compile(
        view(TEXT, choices('<Choice value="a"/><Choice value="a"/>'))
    )

    assert [w.message for w in parsed.warnings] == [
        "'Choice' 'a' appears twice in 'Choices' 'c'; remove one"
    ]


def test_config_without_controls_is_accepted_with_a_warning(compiler):
    parsed = compiler.compile(view(TEXT))

    assert "no control tag" in parsed.warnings[0].message


def test_every_error_is_reported_at_once_in_line_order(compiler):
    config = view(
        '<Text name="text" value="text" />',
        "<Choises/>",
        choices(toName="nowhere", choice="many"),
    )

    issues = issues_of(compiler, config)

    assert [issue.line for issue in issues] == sorted(issue.line for issue in issues)
    assert len([issue for issue in issues if issue.is_error]) == 4


def test_issue_text_reads_line_then_column(compiler):
    issue = only_error(compiler, view(TEXT, "<Choises/>"))

    assert str(issue) == (
        "line 3, column 3: no installed plugin provides the tag 'Choises'; "
        "did you mean 'Choices'?"
    )
    assert issue.as_dict()["severity"] == "error"


def test_compile_is_cached_per_config_text(plugin_set):
    compiler = ConfigCompiler(plugin_set.tag_types, cache_size=2)
    first, second, third = (
        view(TEXT, choices(f'<Choice value="{n}"/>')) for n in "abc"
    )

    parsed = compiler.compile(first)
    assert compiler.compile(first) is parsed
    compiler.compile(second)
    compiler.compile(third)

    assert compiler.compile(first) is not parsed
    assert compiler.compile(first).controls["c"].labels == ["a"]


def test_refusals_are_cached_and_raised_afresh(plugin_set):
    compiler = ConfigCompiler(plugin_set.tag_types)
    config = view(TEXT, "<Choises/>")

    raised = []
    for _ in range(2):
        with pytest.raises(ConfigInvalid) as caught:
            compiler.compile(config)
        raised.append(caught.value)

    assert raised[0] is not raised[1]
    assert raised[0].issues == raised[1].issues


def test_validate_returns_warnings_or_errors_without_raising(compiler):
    assert compiler.validate(view(TEXT, choices(bogus="1")))[0].severity == "warning"
    assert compiler.validate("<View>")[0].severity == "error"
