"""The default workflow places a task by its submitted annotations and overlap."""

import pytest
from labelcore_workflows import plugin as workflows_plugin
from labelcore_workflows.default import DEFAULT_WORKFLOW

from labelcore import TransitionContext
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings
from labelcore.workflow import TransitionRefused, WorkflowEngine


@pytest.fixture
def engine():
    plugin_set = build_plugin_set(
        Settings(disable_plugin_autoload=True), extra_plugins=[workflows_plugin]
    )
    return WorkflowEngine(plugin_set.workflows)


def context(completed, overlap):
    return TransitionContext(
        task=None,
        actor=None,
        project=None,
        completed_annotations=completed,
        overlap=overlap,
    )


@pytest.mark.parametrize(
    ("state", "event", "completed", "overlap", "expected"),
    [
        ("unlabeled", "annotate", 1, 1, "completed"),
        ("unlabeled", "annotate", 1, 2, "in_progress"),
        ("in_progress", "annotate", 2, 3, "in_progress"),
        ("in_progress", "annotate", 3, 3, "completed"),
        ("completed", "annotate", 4, 3, "completed"),
        ("completed", "unannotate", 2, 3, "in_progress"),
        ("completed", "unannotate", 0, 3, "unlabeled"),
        ("completed", "unannotate", 3, 3, "completed"),
        ("in_progress", "unannotate", 0, 3, "unlabeled"),
        ("unlabeled", "unannotate", 0, 1, "unlabeled"),
        ("completed", "recount", 1, 2, "in_progress"),
        ("in_progress", "recount", 1, 1, "completed"),
    ],
)
def test_transitions(engine, state, event, completed, overlap, expected):
    assert engine.next_state("default", state, event, context(completed, overlap)) == (
        expected
    )


def test_annotating_with_nothing_completed_is_not_a_transition(engine):
    with pytest.raises(TransitionRefused):
        engine.next_state("default", "unlabeled", "annotate", context(0, 1))


def test_it_declares_exactly_one_initial_state():
    assert [state.name for state in DEFAULT_WORKFLOW.states if state.initial] == [
        "unlabeled"
    ]
