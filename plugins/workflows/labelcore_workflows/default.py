"""The default workflow: a task is placed by its submitted annotations.

``unlabeled`` until its first submitted annotation, ``in_progress`` while it
has fewer than the project's overlap asks, ``completed`` once it has as
many; deleting annotations moves it back. Skips go through the machine too
but leave the task where it is: a skip is one annotator's, kept as a row of
theirs, and the task still waits for the others.
"""

from __future__ import annotations

from labelcore import State, Transition, WorkflowDefinition

UNLABELED, IN_PROGRESS, COMPLETED = "unlabeled", "in_progress", "completed"
STATES = (UNLABELED, IN_PROGRESS, COMPLETED)

# Where a task belongs for its counts; each event tries these in this order.
# The guards are the core's built-in ones.
PLACEMENT = (
    (COMPLETED, "overlap_reached"),
    (IN_PROGRESS, "fewer_than_overlap"),
    (UNLABELED, "no_completed_annotations"),
)


def placed(event: str, sources, targets=STATES) -> list[Transition]:
    """``event`` from each of ``sources`` to where the counts put the task,
    among ``targets``."""
    return [
        Transition(event=event, source=source, target=target, guard=guard)
        for source in sources
        for target, guard in PLACEMENT
        if target in targets
    ]


def staying(event: str, sources) -> list[Transition]:
    return [Transition(event=event, source=source, target=source) for source in sources]


DEFAULT_WORKFLOW = WorkflowDefinition(
    name="default",
    title="Default",
    description=(
        "Unlabeled until the first submitted annotation, in progress while a task "
        "has fewer annotations than the overlap asks, completed when it has them; "
        "deleting annotations moves it back, and skips leave it where it is."
    ),
    states=[
        State(UNLABELED, "Unlabeled", initial=True),
        State(IN_PROGRESS, "In progress"),
        State(COMPLETED, "Completed"),
    ],
    transitions=[
        *placed("annotate", STATES, (COMPLETED, IN_PROGRESS)),
        *placed("unannotate", STATES),
        *staying("skip", STATES),
        *staying("unskip", STATES),
        *placed("recount", STATES),
    ],
)
