"""Replaying a task's log: where it leads, and where a damaged one breaks."""

from types import SimpleNamespace

from labelcore.workflow import replay


def event(number, name, from_state, to_state):
    return SimpleNamespace(
        id=number, event=name, from_state=from_state, to_state=to_state
    )


def test_an_empty_log_stays_in_the_initial_state():
    assert replay("unlabeled", []).state == "unlabeled"


def test_a_chained_log_leads_to_its_last_state():
    result = replay(
        "unlabeled",
        [
            event(1, "annotate", "unlabeled", "in_review"),
            event(2, "reject", "in_review", "in_progress"),
        ],
    )

    assert (result.state, result.consistent) == ("in_progress", True)


def test_a_gap_in_the_chain_is_named():
    result = replay(
        "unlabeled",
        [
            event(1, "annotate", "unlabeled", "in_review"),
            event(5, "accept", "in_progress", "accepted"),
        ],
    )

    assert result.state == "accepted"
    assert result.breaks == [
        "Event 5 ('accept') starts from 'in_progress', but the task was 'in_review'."
    ]


def test_a_log_across_a_change_of_workflow_starts_where_the_first_workflow_did():
    result = replay(
        "todo",
        [
            event(1, "annotate", "unlabeled", "completed"),
            event(2, "change_workflow", "completed", "todo"),
        ],
    )

    assert (result.state, result.consistent) == ("todo", True)
    assert not replay("todo", [event(1, "annotate", "unlabeled", "done")]).consistent
