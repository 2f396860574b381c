"""The default workflow: unlabeled, in progress, completed, by annotation count."""

from __future__ import annotations

from labelcore import State, Transition, TransitionContext, WorkflowDefinition

UNLABELED, IN_PROGRESS, COMPLETED = "unlabeled", "in_progress", "completed"


def no_completed_annotations(context: TransitionContext) -> bool:
    return context.completed_annotations <= 0


def fewer_than_overlap(context: TransitionContext) -> bool:
    return 0 < context.completed_annotations < context.overlap


def overlap_reached(context: TransitionContext) -> bool:
    return context.completed_annotations >= context.overlap


# Where a task belongs for its counts; each event tries these in this order.
TARGETS_BY_GUARD = (
    (COMPLETED, "overlap_reached"),
    (IN_PROGRESS, "fewer_than_overlap"),
    (UNLABELED, "no_completed_annotations"),
)


def _transitions(event: str, source: str, targets: tuple[str, ...]) -> list:
    return [
        Transition(event=event, source=source, target=target, guard=guard)
        for target, guard in TARGETS_BY_GUARD
        if target in targets
    ]


DEFAULT_WORKFLOW = WorkflowDefinition(
    name="default",
    title="Default",
    description=(
        "Unlabeled until the first submitted annotation, in progress while a task "
        "has fewer annotations than the overlap asks, completed when it has them; "
        "deleting annotations moves it back."
    ),
    states=[
        State(UNLABELED, "Unlabeled", initial=True),
        State(IN_PROGRESS, "In progress"),
        State(COMPLETED, "Completed"),
    ],
    transitions=[
        *_transitions("annotate", UNLABELED, (COMPLETED, IN_PROGRESS)),
        *_transitions("annotate", IN_PROGRESS, (COMPLETED, IN_PROGRESS)),
        *_transitions("annotate", COMPLETED, (COMPLETED,)),
        *_transitions("unannotate", UNLABELED, (UNLABELED,)),
        *_transitions("unannotate", IN_PROGRESS, (IN_PROGRESS, UNLABELED)),
        *_transitions("unannotate", COMPLETED, (COMPLETED, IN_PROGRESS, UNLABELED)),
        *_transitions("recount", UNLABELED, (COMPLETED, IN_PROGRESS, UNLABELED)),
        *_transitions("recount", IN_PROGRESS, (COMPLETED, IN_PROGRESS, UNLABELED)),
        *_transitions("recount", COMPLETED, (COMPLETED, IN_PROGRESS, UNLABELED)),
    ],
    guards={
        "no_completed_annotations": no_completed_annotations,
        "fewer_than_overlap": fewer_than_overlap,
        "overlap_reached": overlap_reached,
    },
)
