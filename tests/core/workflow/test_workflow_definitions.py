"""Every rule a workflow definition is held to, refused with a message naming it."""

import pytest

from labelcore import State, Transition, WorkflowDefinition
from labelcore.workflow import WorkflowDefinitionError, definition_problems
from labelcore.workflow.machines import compile_workflow

PREFIX = "Workflow 'flow': "


def flow(states, transitions, **extra):
    return WorkflowDefinition(
        name="flow", title="Flow", states=states, transitions=transitions, **extra
    )


def problems_of(states, transitions, **extra):
    return [
        problem.removeprefix(PREFIX)
        for problem in definition_problems(flow(states, transitions, **extra))
    ]


NEW_DONE = [State("new", initial=True), State("done", final=True)]
FINISH = Transition("finish", "new", "done")


def test_a_sound_definition_has_no_problem():
    assert problems_of(NEW_DONE, [FINISH]) == []


@pytest.mark.parametrize(
    ("states", "transitions", "expected"),
    [
        (
            [],
            [],
            "It declares no state; add at least an initial one.",
        ),
        (
            [State("new"), State("done", final=True)],
            [FINISH],
            "It must have exactly one initial state, found none. Mark one state as "
            "initial.",
        ),
        (
            [State("new", initial=True), State("done", initial=True)],
            [FINISH, Transition("again", "done", "new")],
            "It must have exactly one initial state, found 'new', 'done'. Mark one "
            "state as initial.",
        ),
        (
            [*NEW_DONE, State("done")],
            [FINISH],
            "The state 'done' is declared more than once; state names must be unique.",
        ),
        (
            [State("new", initial=True), State("in review", final=True)],
            [Transition("finish", "new", "in review")],
            "The state name 'in review' is not valid: use a letter followed by up to "
            "63 letters, digits, '_' or '-' (no spaces).",
        ),
        (
            NEW_DONE,
            [Transition("finish now", "new", "done")],
            "The event name 'finish now' of the transition 'finish now' from 'new' "
            "to 'done' is not valid: use a letter followed by up to 63 letters, "
            "digits, '_' or '-' (no spaces).",
        ),
        (
            NEW_DONE,
            [FINISH, Transition("finish", "new", "gone")],
            "The transition 'finish' from 'new' to 'gone' names the unknown state "
            "'gone'; the states are 'new', 'done'.",
        ),
        (
            NEW_DONE,
            [Transition("finish", "new", "done", guard="ready")],
            "The transition 'finish' from 'new' to 'done' names the guard 'ready', "
            "which neither the workflow nor the core provides. Use one of "
            "'no_completed_annotations', 'has_completed_annotations', "
            "'fewer_than_overlap', 'overlap_reached', 'only_skips', "
            "'no_annotations', 'has_comment' or remove it.",
        ),
        (
            NEW_DONE,
            [Transition("finish", "new", "done", effects=("notify",))],
            "The transition 'finish' from 'new' to 'done' names the effect 'notify', "
            "which neither the workflow nor the core provides. Use one of "
            "'release_lock', 'release_all_locks', 'mark_labeled', 'mark_unlabeled', "
            "'count_toward_overlap' or remove it.",
        ),
        (
            NEW_DONE,
            [Transition("finish", "new", "done", roles=("boss",))],
            "The transition 'finish' from 'new' to 'done' names the role 'boss'; the "
            "roles are 'annotator', 'reviewer', 'manager'.",
        ),
        (
            NEW_DONE,
            [FINISH, Transition("undo", "done", "new")],
            "The transition 'undo' from 'done' to 'new' leaves the final state "
            "'done'; a final state has no way out. Remove the transition or make "
            "the state not final.",
        ),
        (
            NEW_DONE,
            [FINISH, FINISH],
            "The transition 'finish' from 'new' to 'done' is declared twice.",
        ),
        (
            [State("new", initial=True), State("done")],
            [FINISH],
            "The state 'done' has no transition out of it, so a task would be stuck "
            "there; add one or mark the state final.",
        ),
        (
            [*NEW_DONE, State("lost", final=True)],
            [FINISH],
            "The state 'lost' cannot be reached from the initial state 'new'; add a "
            "transition into it or remove it.",
        ),
        (
            [State("new", initial=True, final=True)],
            [],
            "The state 'new' is both initial and final; a task could never leave it.",
        ),
    ],
)
def test_each_rule_is_refused_with_its_message(states, transitions, expected):
    assert problems_of(states, transitions) == [expected]


def test_compiling_refuses_with_every_problem_at_once():
    definition = flow(
        [State("new", initial=True), State("done", final=True)],
        [
            Transition("finish", "new", "done", guard="ready"),
            Transition("finish", "new", "done", roles=("boss",)),
        ],
    )

    with pytest.raises(WorkflowDefinitionError) as refused:
        compile_workflow(definition)

    assert len(refused.value.problems) == 2
    assert str(refused.value) == " ".join(refused.value.problems)


def test_a_plugin_guard_or_effect_of_its_own_is_known():
    def ready(context):
        """The task is ready."""
        return True

    definition = flow(
        NEW_DONE,
        [Transition("finish", "new", "done", guard="ready", effects=("notify",))],
        guards={"ready": ready},
        effects={"notify": lambda context: None},
    )

    compiled = compile_workflow(definition)

    assert compiled.guards["ready"].description == "The task is ready"
    assert compiled.effects["notify"].description == "notify"
