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


def context(completed, overlap, skipped=0):
    return TransitionContext(
        task=None,
        actor=None,
        project=None,
        completed_annotations=completed,
        overlap=overlap,
        skipped_annotations=skipped,
    )


@pytest.mark.parametrize(
    ("state", "event", "completed", "overlap", "skipped", "expected"),
    [
        ("unlabeled", "annotate", 1, 1, 0, "completed"),
        ("unlabeled", "annotate", 1, 2, 0, "in_progress"),
        ("in_progress", "annotate", 2, 3, 0, "in_progress"),
        ("in_progress", "annotate", 3, 3, 0, "completed"),
        ("completed", "annotate", 4, 3, 0, "completed"),
        ("completed", "unannotate", 2, 3, 0, "in_progress"),
        ("completed", "unannotate", 0, 3, 0, "unlabeled"),
        ("completed", "unannotate", 3, 3, 0, "completed"),
        ("in_progress", "unannotate", 0, 3, 0, "unlabeled"),
        ("in_progress", "unannotate", 0, 3, 1, "unlabeled"),
        ("unlabeled", "unannotate", 0, 1, 0, "unlabeled"),
        ("completed", "recount", 1, 2, 0, "in_progress"),
        ("in_progress", "recount", 1, 1, 0, "completed"),
        ("unlabeled", "skip", 0, 1, 1, "unlabeled"),
        ("in_progress", "skip", 1, 2, 1, "in_progress"),
        ("completed", "skip", 1, 1, 1, "completed"),
        ("unlabeled", "unskip", 0, 1, 0, "unlabeled"),
        ("in_progress", "unskip", 1, 3, 0, "in_progress"),
    ],
)
def test_transitions(engine, state, event, completed, overlap, skipped, expected):
    reached = engine.next_state(
        "default", state, event, context(completed, overlap, skipped)
    )

    assert reached == expected


def test_annotating_with_nothing_completed_is_not_a_transition(engine):
    with pytest.raises(TransitionRefused, match="the guard 'overlap_reached'"):
        engine.next_state("default", "unlabeled", "annotate", context(0, 1))


def test_a_skip_leaves_the_task_where_it_is(engine):
    # A skip is one annotator's: the task still waits for everyone else.
    for state, completed in (("unlabeled", 0), ("in_progress", 1), ("completed", 2)):
        assert engine.next_state(
            "default", state, "skip", context(completed, 2, 3)
        ) == (state)


def test_it_declares_exactly_one_initial_state():
    assert [state.name for state in DEFAULT_WORKFLOW.states if state.initial] == [
        "unlabeled"
    ]


def test_every_core_event_is_answered_from_every_state_for_any_counts(engine):
    for state in ("unlabeled", "in_progress", "completed"):
        for event in ("unannotate", "skip", "unskip", "recount"):
            for completed, skipped in ((0, 0), (0, 2), (1, 0), (2, 1), (5, 5)):
                reached = engine.next_state(
                    "default", state, event, context(completed, 2, skipped)
                )
                assert reached in {"unlabeled", "in_progress", "completed"}
