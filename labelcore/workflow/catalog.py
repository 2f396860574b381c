"""The guards and effects every workflow may name, declared as data or by a plugin.

A guard decides from a ``TransitionContext`` whether a transition may be
taken; an effect does something once it is taken, inside the transaction
that changes the task's state. A workflow declared without code can only
name these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from labelcore.contrib.workflows import TransitionContext


@dataclass(frozen=True)
class Guard:
    name: str
    description: str
    check: Callable[[TransitionContext], bool]


@dataclass(frozen=True)
class Effect:
    name: str
    description: str
    run: Callable[[TransitionContext], None]


def _no_completed_annotations(context: TransitionContext) -> bool:
    return context.completed_annotations <= 0


def _has_completed_annotations(context: TransitionContext) -> bool:
    return context.completed_annotations > 0


def _fewer_than_overlap(context: TransitionContext) -> bool:
    return 0 < context.completed_annotations < context.overlap


def _overlap_reached(context: TransitionContext) -> bool:
    return context.completed_annotations >= context.overlap


def _only_skips(context: TransitionContext) -> bool:
    return context.completed_annotations <= 0 and context.skipped_annotations > 0


def _no_annotations(context: TransitionContext) -> bool:
    return context.completed_annotations <= 0 and context.skipped_annotations <= 0


def _has_comment(context: TransitionContext) -> bool:
    return bool((context.comment or "").strip())


GUARDS: dict[str, Guard] = {
    guard.name: guard
    for guard in (
        Guard(
            "no_completed_annotations",
            "the task has no submitted annotation",
            _no_completed_annotations,
        ),
        Guard(
            "has_completed_annotations",
            "the task has at least one submitted annotation",
            _has_completed_annotations,
        ),
        Guard(
            "fewer_than_overlap",
            "the task has submitted annotations, but fewer than the overlap asks",
            _fewer_than_overlap,
        ),
        Guard(
            "overlap_reached",
            "the task has as many submitted annotations as the overlap asks",
            _overlap_reached,
        ),
        Guard(
            "only_skips",
            "the task was skipped and has no submitted annotation",
            _only_skips,
        ),
        Guard(
            "no_annotations",
            "the task has neither submitted annotations nor skips",
            _no_annotations,
        ),
        Guard(
            "has_comment",
            "the event comes with a comment that says why",
            _has_comment,
        ),
    )
}


def _release_lock(context: TransitionContext) -> None:
    from labelcore.models import TaskLock, db

    if context.task is None or context.actor is None:
        return
    db.session.execute(
        sa.delete(TaskLock).where(
            TaskLock.task_id == context.task.id,
            TaskLock.user_id == context.actor.id,
        )
    )


def _release_all_locks(context: TransitionContext) -> None:
    from labelcore.models import TaskLock, db

    if context.task is None:
        return
    db.session.execute(sa.delete(TaskLock).where(TaskLock.task_id == context.task.id))


def _mark_labeled(context: TransitionContext) -> None:
    if context.task is not None:
        context.task.is_labeled = True


def _mark_unlabeled(context: TransitionContext) -> None:
    if context.task is not None:
        context.task.is_labeled = False


def _count_toward_overlap(context: TransitionContext) -> None:
    if context.task is not None:
        context.task.is_labeled = context.completed_annotations >= context.overlap


EFFECTS: dict[str, Effect] = {
    effect.name: effect
    for effect in (
        Effect(
            "release_lock",
            "releases the acting user's lock on the task",
            _release_lock,
        ),
        Effect(
            "release_all_locks",
            "releases every annotator's lock on the task",
            _release_all_locks,
        ),
        Effect(
            "mark_labeled",
            "the label stream no longer hands the task out",
            _mark_labeled,
        ),
        Effect(
            "mark_unlabeled",
            "the label stream may hand the task out again, while it has "
            "fewer submitted annotations than the overlap asks",
            _mark_unlabeled,
        ),
        Effect(
            "count_toward_overlap",
            "the task is done for the label stream once its submitted "
            "annotations reach the overlap",
            _count_toward_overlap,
        ),
    )
}


def describe(function: Any, name: str) -> str:
    """The first line of a plugin guard's or effect's docstring, else its name."""
    doc = (getattr(function, "__doc__", None) or "").strip()
    return doc.splitlines()[0].rstrip(".") if doc else name


def guard_for(name: str, own: Mapping[str, Any]) -> Guard | None:
    """The workflow's own guard of that name, else the built-in one."""
    if name in own:
        return Guard(name, describe(own[name], name), own[name])
    return GUARDS.get(name)


def effect_for(name: str, own: Mapping[str, Any]) -> Effect | None:
    """The workflow's own effect of that name, else the built-in one."""
    if name in own:
        return Effect(name, describe(own[name], name), own[name])
    return EFFECTS.get(name)


def catalog_payload() -> dict[str, list[dict[str, str]]]:
    return {
        "guards": [
            {"name": guard.name, "description": guard.description}
            for guard in GUARDS.values()
        ],
        "effects": [
            {"name": effect.name, "description": effect.description}
            for effect in EFFECTS.values()
        ],
    }
