"""The engine moves tasks through their workflow, logs events and refuses the rest."""

import pytest
from labelcore_workflows import plugin as workflows_plugin
from labelcore_workflows.default import DEFAULT_WORKFLOW

from labelcore import State, Transition, WorkflowDefinition, hookimpl
from labelcore.models import TaskEvent
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings
from labelcore.workflow import (
    TransitionRefused,
    UnknownWorkflow,
    WorkflowDefinitionError,
    WorkflowEngine,
)


class TransitionRecorder:
    LABELCORE_PLUGIN_NAME = "recorder"

    def __init__(self):
        self.calls = []

    @hookimpl
    def on_task_transitioned(self, task, event, from_state, to_state, actor):
        self.calls.append((task.id, event, from_state, to_state, actor))


@pytest.fixture
def recorder():
    return TransitionRecorder()


@pytest.fixture
def engine(recorder):
    plugin_set = build_plugin_set(
        Settings(disable_plugin_autoload=True),
        extra_plugins=[workflows_plugin, recorder],
    )
    return WorkflowEngine(plugin_set.workflows, plugin_set.hook)


def events_of(database, task):
    rows = database.query(TaskEvent).filter_by(task_id=task.id).order_by(TaskEvent.id)
    return [(row.event, row.from_state, row.to_state, row.comment) for row in rows]


def test_initial_state_comes_from_the_definition(engine):
    assert engine.initial_state("default") == "unlabeled"


def test_annotations_move_a_task_forward_and_back(engine, database, project, task):
    task.total_annotations = 1
    assert engine.apply(task, "annotate", None, project) == "in_progress"

    task.total_annotations = 2
    assert engine.apply(task, "annotate", None, project, comment="second") == (
        "completed"
    )

    task.total_annotations = 0
    assert engine.apply(task, "unannotate", None, project) == "unlabeled"

    assert task.state == "unlabeled"
    assert events_of(database, task) == [
        ("annotate", "unlabeled", "in_progress", ""),
        ("annotate", "in_progress", "completed", "second"),
        ("unannotate", "completed", "unlabeled", ""),
    ]


def test_each_change_is_told_to_plugins_and_staying_put_is_not(
    engine, recorder, project, task
):
    project.maximum_annotations = 3
    task.total_annotations = 1
    engine.apply(task, "annotate", None, project)
    task.total_annotations = 2
    engine.apply(task, "annotate", None, project)

    assert task.state == "in_progress"
    assert recorder.calls == [(task.id, "annotate", "unlabeled", "in_progress", None)]


def test_an_event_no_guard_allows_is_refused_with_the_allowed_events(
    engine, database, project, task
):
    task.total_annotations = 0

    with pytest.raises(TransitionRefused) as refused:
        engine.apply(task, "annotate", None, project)

    assert refused.value.state == "unlabeled"
    assert refused.value.allowed_events == [
        "annotate",
        "unannotate",
        "skip",
        "unskip",
        "recount",
    ]
    assert str(refused.value) == (
        "The task is 'unlabeled', where the event 'annotate' is refused: no "
        "transition's condition holds: the guard 'overlap_reached' does not hold "
        "(the task has as many submitted annotations as the overlap asks); the "
        "guard 'fewer_than_overlap' does not hold (the task has submitted "
        "annotations, but fewer than the overlap asks). Events allowed from "
        "'unlabeled': 'annotate', 'unannotate', 'skip', 'unskip', 'recount'."
    )
    assert task.state == ""
    assert events_of(database, task) == []


def test_an_event_the_workflow_lacks_is_refused(engine, project, task):
    with pytest.raises(
        TransitionRefused, match="the workflow 'default' has no such transition at all"
    ):
        engine.apply(task, "approve", None, project)


def test_an_event_declared_elsewhere_is_refused_from_this_state(engine, project, task):
    project.workflow = "review"

    with pytest.raises(TransitionRefused) as refused:
        engine.apply(task, "accept", None, project)

    assert "the workflow has no such transition from this state" in str(refused.value)
    assert refused.value.state == "unlabeled"


def test_a_core_event_the_workflow_ignores_changes_nothing(database, project, task):
    definition = two_step(
        [State("a", initial=True), State("b")],
        [Transition("go", "a", "b"), Transition("back", "b", "a")],
    )
    engine = WorkflowEngine({"two-step": definition})
    project.workflow = "two-step"

    assert engine.apply(task, "skip", None, project, if_declared=True) == "a"
    with pytest.raises(TransitionRefused):
        engine.apply(task, "skip", None, project)
    assert events_of(database, task) == []


def test_a_state_outside_the_workflow_is_refused(engine, project, task):
    task.state = "archived"

    with pytest.raises(TransitionRefused, match="'archived' is not a state"):
        engine.apply(task, "annotate", None, project)


def test_an_unknown_workflow_names_itself_and_the_installed_ones(engine):
    with pytest.raises(
        UnknownWorkflow, match=r"'triage'.*installed: 'default', 'review'"
    ):
        engine.initial_state("triage")


def test_state_for_imported_counts(engine):
    assert engine.state_for_counts("default", 0, 1) == "unlabeled"
    assert engine.state_for_counts("default", 1, 3) == "in_progress"
    assert engine.state_for_counts("default", 3, 3) == "completed"
    assert engine.state_for_counts("default", 5, 3) == "completed"


def two_step(states, transitions, guards=None):
    return WorkflowDefinition(
        name="two-step",
        title="Two step",
        states=states,
        transitions=transitions,
        guards=guards or {},
    )


def test_definition_without_initial_state_is_refused():
    definition = two_step([State("a"), State("b")], [Transition("go", "a", "b")])

    with pytest.raises(WorkflowDefinitionError, match=r"exactly one initial.*none"):
        WorkflowEngine({"two-step": definition})


def test_definition_with_two_initial_states_names_them():
    definition = two_step(
        [State("a", initial=True), State("b", initial=True)],
        [Transition("go", "a", "b")],
    )

    with pytest.raises(WorkflowDefinitionError, match="found 'a', 'b'"):
        WorkflowEngine({"two-step": definition})


def test_definition_with_an_unknown_state_names_it():
    definition = two_step(
        [State("a", initial=True), State("b")],
        [Transition("go", "a", "b"), Transition("go", "b", "c")],
    )

    with pytest.raises(WorkflowDefinitionError, match="unknown state 'c'"):
        WorkflowEngine({"two-step": definition})


def test_definition_with_an_unknown_guard_names_it():
    definition = two_step(
        [State("a", initial=True), State("b")],
        [Transition("go", "a", "b", guard="ready"), Transition("back", "b", "a")],
    )

    with pytest.raises(WorkflowDefinitionError, match="guard 'ready'"):
        WorkflowEngine({"two-step": definition})


def test_a_refused_definition_lists_every_problem():
    definition = two_step(
        [State("a", initial=True), State("a"), State("b")],
        [Transition("go", "a", "c", guard="ready")],
    )

    with pytest.raises(WorkflowDefinitionError) as refused:
        WorkflowEngine({"two-step": definition})

    assert refused.value.problems == [
        "Workflow 'two-step': The state 'a' is declared more than once; state "
        "names must be unique.",
        "Workflow 'two-step': The transition 'go' from 'a' to 'c' names the "
        "unknown state 'c'; the states are 'a', 'b'.",
        "Workflow 'two-step': The transition 'go' from 'a' to 'c' names the guard "
        "'ready', which neither the workflow nor the core provides. Use one of "
        "'no_completed_annotations', 'has_completed_annotations', "
        "'fewer_than_overlap', 'overlap_reached', 'only_skips', 'no_annotations', "
        "'has_comment' or remove it.",
    ]


def test_states_named_like_machine_members_still_work(database, project, task):
    definition = two_step(
        [State("send", initial=True), State("model")],
        [Transition("go", "send", "model"), Transition("back", "model", "send")],
    )
    engine = WorkflowEngine({"two-step": definition})
    project.workflow = "two-step"

    assert engine.apply(task, "go", None, project) == "model"
    assert engine.apply(task, "back", None, project) == "send"


def test_first_transition_whose_guard_holds_wins_in_declaration_order(
    database, project, task
):
    definition = two_step(
        [State("a", initial=True), State("b"), State("c")],
        [
            Transition("go", "a", "b", guard="never"),
            Transition("go", "a", "c", guard="always"),
            Transition("go", "a", "b", guard="always"),
            Transition("back", "b", "a"),
            Transition("back", "c", "a"),
        ],
        guards={"always": lambda context: True, "never": lambda context: False},
    )
    engine = WorkflowEngine({"two-step": definition})
    project.workflow = "two-step"

    assert engine.apply(task, "go", None, project) == "c"


def test_default_workflow_is_the_plugin_definition(engine):
    assert engine.definition("default") is DEFAULT_WORKFLOW
