"""Workflows declared as JSON or YAML: read, shape-checked, compiled, round-tripped."""

import pytest
from labelcore_workflows.review import REVIEW_WORKFLOW

from labelcore.workflow import WorkflowDefinitionError, WorkflowEngine
from labelcore.workflow.declared import (
    definition_from_data,
    definition_to_data,
    read_document,
)

TWO_PASS = {
    "name": "two-pass",
    "title": "Two passes",
    "states": [
        {"name": "new", "initial": True},
        "checked",
        {"name": "done", "final": True},
    ],
    "transitions": [
        {"event": "annotate", "source": "new", "target": "checked"},
        {
            "event": "approve",
            "source": ["checked"],
            "target": "done",
            "roles": ["reviewer", "manager"],
            "effects": ["release_all_locks"],
        },
        {"event": "unannotate", "source": ["new", "checked"], "target": "new"},
    ],
}

TWO_PASS_YAML = """
name: two-pass
title: Two passes
states:
  - {name: new, initial: true}
  - checked
  - {name: done, final: true}
transitions:
  - {event: annotate, source: new, target: checked}
  - event: approve
    source: [checked]
    target: done
    roles: [reviewer, manager]
    effects: [release_all_locks]
  - {event: unannotate, source: [new, checked], target: new}
"""


def shape_problems(data):
    with pytest.raises(WorkflowDefinitionError) as refused:
        definition_from_data(data)
    return refused.value.problems


def test_json_text_yaml_text_and_an_object_read_the_same():
    import json

    assert read_document(json.dumps(TWO_PASS)) == TWO_PASS
    assert read_document(TWO_PASS_YAML, "yaml") == TWO_PASS
    assert read_document(TWO_PASS) is TWO_PASS


def test_a_declared_workflow_compiles_with_its_roles_and_effects():
    compiled = WorkflowEngine({}).compile_declared(TWO_PASS, "project:3")

    approve = next(t for t in compiled.definition.transitions if t.event == "approve")
    assert compiled.name == "project:3"
    assert compiled.definition.title == "Two passes"
    assert compiled.states == ["new", "checked", "done"]
    assert approve.roles == ("reviewer", "manager")
    assert approve.effects == ("release_all_locks",)
    assert len(compiled.definition.transitions) == 4


def test_equal_declarations_share_one_machine():
    engine = WorkflowEngine({})

    first = engine.compile_declared(TWO_PASS, "project:3")
    again = engine.compile_declared(dict(TWO_PASS), "project:3")

    assert again is first
    assert engine.compile_declared(TWO_PASS, "project:4") is not first


def test_a_plugin_workflow_round_trips_through_data():
    data = definition_to_data(REVIEW_WORKFLOW)

    again = definition_from_data(data)

    assert again.name == "review"
    assert list(again.states) == list(REVIEW_WORKFLOW.states)
    assert list(again.transitions) == list(REVIEW_WORKFLOW.transitions)
    assert definition_to_data(again) == data


def test_yaml_syntax_errors_say_where():
    with pytest.raises(WorkflowDefinitionError) as refused:
        read_document("states: [new\ntransitions: []\n", "yaml")

    assert refused.value.problems[0].startswith(
        "The workflow document is not valid YAML at line 2, column 12:"
    )


def test_json_syntax_errors_are_refused():
    with pytest.raises(WorkflowDefinitionError, match="is not valid JSON"):
        read_document('{"states": [')


def test_an_unknown_format_is_refused():
    with pytest.raises(WorkflowDefinitionError, match="send 'json' or 'yaml'"):
        read_document("states: []", "toml")


def test_a_document_that_is_not_an_object_is_refused():
    assert shape_problems(["new"]) == [
        "A workflow definition must be an object with 'states' and 'transitions', "
        "got a list."
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"states": []},
            "'states' must be a non-empty list of states, got a list.",
        ),
        (
            {"states": "new"},
            "'states' must be a non-empty list of states, got a string.",
        ),
        ({"transitions": None}, "'transitions' must be a list, got nothing."),
        ({"title": 3}, "'title' must be a string, got a number."),
        (
            {"colour": "red"},
            "The workflow definition has the unknown key 'colour'; the keys are "
            "'name', 'title', 'description', 'states' and 'transitions'.",
        ),
        (
            {"states": [{"name": "new", "initial": "yes"}]},
            "State 1 ('new'): 'initial' must be true or false, got 'yes'.",
        ),
        (
            {"states": [{"title": "New"}]},
            "State 1 needs a 'name' that is a non-empty string.",
        ),
        (
            {"states": [{"name": "new", "colour": "red"}]},
            "State 1 ('new') has the unknown key 'colour'; a state has 'name', "
            "'title', 'initial', 'final' and 'review'.",
        ),
        ({"states": [7]}, "State 1 must be an object or a name, got a number."),
        (
            {"transitions": [{"source": "new", "target": "done"}]},
            "Transition 1 needs 'event': a non-empty string.",
        ),
        (
            {"transitions": [{"event": "go", "source": [], "target": "done"}]},
            "Transition 1 ('go') needs 'source': a state name or a non-empty list "
            "of them.",
        ),
        (
            {
                "transitions": [
                    {"event": "go", "source": "new", "target": "done", "guard": 1}
                ]
            },
            "Transition 1 ('go'): 'guard' must be the name of a guard or null.",
        ),
        (
            {
                "transitions": [
                    {"event": "go", "source": "new", "target": "done", "roles": [1]}
                ]
            },
            "Transition 1 ('go'): 'roles' must be a list of names.",
        ),
        (
            {
                "transitions": [
                    {"event": "go", "source": "new", "target": "done", "when": "x"}
                ]
            },
            "Transition 1 ('go') has the unknown key 'when'; a transition has "
            "'event', 'source', 'target', 'guard', 'roles' and 'effects'.",
        ),
        ({"transitions": ["go"]}, "Transition 1 must be an object, got a string."),
    ],
)
def test_each_shape_rule_is_refused_with_its_message(change, expected):
    assert shape_problems({**TWO_PASS, **change}) == [expected]


def test_a_huge_document_is_refused_before_it_is_read():
    with pytest.raises(WorkflowDefinitionError, match="at most 200,000 are accepted"):
        read_document(" " * 200_001)
