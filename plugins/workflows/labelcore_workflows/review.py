"""The review workflow: annotated tasks wait for a reviewer, who accepts or rejects.

A task is placed by its annotations as in the default workflow until it has
as many as the overlap asks (or an annotator submits it early); then it is
``in_review``. A reviewer (or manager) accepts it, or rejects it back to
``in_progress`` with a comment that says what to fix; the annotator fixes
it and submits it again. An accepted task is closed to annotation until a
reviewer reopens it. Skips leave a task where it is, as in the default
workflow.
"""

from __future__ import annotations

from labelcore import State, Transition, WorkflowDefinition
from labelcore_workflows.default import staying

UNLABELED, IN_PROGRESS, IN_REVIEW, ACCEPTED = (
    "unlabeled",
    "in_progress",
    "in_review",
    "accepted",
)
OPEN = (UNLABELED, IN_PROGRESS)
REVIEWERS = ("reviewer", "manager")

# A new annotation sends a task to review once the overlap is reached.
ANNOTATED = (
    (IN_REVIEW, "overlap_reached"),
    (IN_PROGRESS, "fewer_than_overlap"),
)
# Anything else keeps an open task open: a rejected task keeps its
# annotations, so it stays in progress until it is submitted again.
OPEN_PLACEMENT = (
    (IN_PROGRESS, "has_completed_annotations"),
    (UNLABELED, "no_completed_annotations"),
)


def _placed(event: str, sources, placement) -> list[Transition]:
    return [
        Transition(event=event, source=source, target=target, guard=guard)
        for source in sources
        for target, guard in placement
    ]


REVIEW_WORKFLOW = WorkflowDefinition(
    name="review",
    title="Review",
    description=(
        "Annotated tasks wait in review; a reviewer accepts them or rejects them "
        "back to in progress with a comment, and an accepted task can be reopened."
    ),
    states=[
        State(UNLABELED, "Unlabeled", initial=True),
        State(IN_PROGRESS, "In progress"),
        State(IN_REVIEW, "In review", review=True),
        State(ACCEPTED, "Accepted"),
    ],
    transitions=[
        *_placed("annotate", OPEN, ANNOTATED),
        Transition("annotate", IN_REVIEW, IN_REVIEW),
        *_placed("unannotate", OPEN, OPEN_PLACEMENT),
        *_placed("unannotate", (IN_REVIEW,), ANNOTATED + OPEN_PLACEMENT[1:]),
        *staying("skip", (UNLABELED, IN_PROGRESS, IN_REVIEW)),
        *staying("unskip", (UNLABELED, IN_PROGRESS, IN_REVIEW)),
        *_placed("recount", OPEN, OPEN_PLACEMENT),
        *staying("recount", (IN_REVIEW, ACCEPTED)),
        Transition(
            "submit",
            IN_PROGRESS,
            IN_REVIEW,
            guard="has_completed_annotations",
            effects=("release_lock", "mark_labeled"),
        ),
        Transition(
            "accept",
            IN_REVIEW,
            ACCEPTED,
            roles=REVIEWERS,
            effects=("release_all_locks", "mark_labeled"),
        ),
        Transition(
            "reject",
            IN_REVIEW,
            IN_PROGRESS,
            guard="has_comment",
            roles=REVIEWERS,
            effects=("mark_unlabeled",),
        ),
        Transition(
            "reopen",
            ACCEPTED,
            IN_PROGRESS,
            roles=REVIEWERS,
            effects=("mark_unlabeled",),
        ),
    ],
)
