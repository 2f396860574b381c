"""The review workflow: tasks wait in review, reviewers accept or reject them."""

from types import SimpleNamespace

import pytest
from labelcore_workflows import plugin as workflows_plugin
from labelcore_workflows.review import REVIEW_WORKFLOW

from labelcore import TransitionContext
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings
from labelcore.workflow import TransitionRefused, WorkflowEngine

SOMEONE = SimpleNamespace(id=7)


@pytest.fixture
def engine():
    plugin_set = build_plugin_set(
        Settings(disable_plugin_autoload=True), extra_plugins=[workflows_plugin]
    )
    return WorkflowEngine(plugin_set.workflows)


def context(completed=1, overlap=1, skipped=0, role=None, comment="", actor=None):
    return TransitionContext(
        task=None,
        actor=actor,
        project=None,
        completed_annotations=completed,
        overlap=overlap,
        skipped_annotations=skipped,
        role=role,
        comment=comment,
    )


def reach(engine, state, event, **counts):
    return engine.next_state("review", state, event, context(**counts))


def test_a_task_goes_to_review_once_the_overlap_is_reached(engine):
    assert reach(engine, "unlabeled", "annotate", completed=1, overlap=2) == (
        "in_progress"
    )
    assert reach(engine, "in_progress", "annotate", completed=2, overlap=2) == (
        "in_review"
    )
    assert reach(engine, "in_review", "annotate", completed=3, overlap=2) == (
        "in_review"
    )


def test_an_annotator_may_submit_early(engine):
    assert reach(engine, "in_progress", "submit", completed=1, overlap=3) == (
        "in_review"
    )


def test_submitting_with_nothing_annotated_is_refused(engine):
    with pytest.raises(TransitionRefused, match="'has_completed_annotations'"):
        reach(engine, "in_progress", "submit", completed=0, skipped=1)


def test_a_skip_leaves_a_task_in_review_or_in_progress(engine):
    for state in ("unlabeled", "in_progress", "in_review"):
        assert reach(engine, state, "skip", completed=1, skipped=2) == state


def test_a_reviewer_accepts_or_rejects_with_a_comment(engine):
    reviewer = {"actor": SOMEONE, "role": "reviewer"}

    assert reach(engine, "in_review", "accept", **reviewer) == "accepted"
    assert reach(
        engine, "in_review", "reject", comment="Box too loose", **reviewer
    ) == ("in_progress")


def test_rejecting_without_a_comment_says_a_comment_is_needed(engine):
    with pytest.raises(TransitionRefused) as refused:
        reach(engine, "in_review", "reject", actor=SOMEONE, role="manager")

    assert refused.value.reason == (
        "no transition's condition holds: the guard 'has_comment' does not hold "
        "(the event comes with a comment that says why)"
    )


def test_an_annotator_may_not_accept(engine):
    with pytest.raises(TransitionRefused) as refused:
        reach(engine, "in_review", "accept", actor=SOMEONE, role="annotator")

    assert refused.value.reason == (
        "no transition's condition holds: it needs the role reviewer or manager in "
        "the project, and yours is annotator"
    )
    assert refused.value.allowed_events == [
        "annotate",
        "unannotate",
        "skip",
        "unskip",
        "recount",
        "accept",
        "reject",
    ]


def test_an_accepted_task_takes_no_annotation_until_reopened(engine):
    with pytest.raises(TransitionRefused) as refused:
        reach(engine, "accepted", "annotate", completed=2)

    assert refused.value.allowed_events == ["recount", "reopen"]
    reopened = engine.next_state(
        "review", "accepted", "reopen", context(actor=SOMEONE, role="reviewer")
    )
    assert reopened == "in_progress"


def test_a_rejected_task_stays_in_progress_on_skips_and_deletions(engine):
    # Rejected with its annotations kept: only a submit sends it back.
    for event in ("skip", "unskip", "unannotate", "recount"):
        assert reach(engine, "in_progress", event, completed=2, overlap=1) == (
            "in_progress"
        )


def test_deleting_annotations_of_a_task_in_review_moves_it_back(engine):
    assert reach(engine, "in_review", "unannotate", completed=1, overlap=2) == (
        "in_progress"
    )
    assert reach(engine, "in_review", "unannotate", completed=0, skipped=1) == (
        "unlabeled"
    )
    assert reach(engine, "in_review", "unannotate", completed=0) == "unlabeled"


def test_imported_annotations_place_a_task_in_review(engine):
    assert engine.state_for_counts("review", 1, 1) == "in_review"
    assert engine.state_for_counts("review", 1, 2) == "in_progress"


def test_the_review_state_is_marked_for_the_review_stream(engine):
    assert engine.compiled("review").review_states == ("in_review",)
    assert [state.name for state in REVIEW_WORKFLOW.states if state.initial] == [
        "unlabeled"
    ]
