"""What a workflow is: the states of a task and the transitions between them.

A workflow is declared as data; the core builds a python-statemachine machine
from it once and drives every task state change through that machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ANNOTATOR, REVIEWER, MANAGER = "annotator", "reviewer", "manager"
ROLES = (ANNOTATOR, REVIEWER, MANAGER)
"""The roles a person can have in a project, which transitions may require."""

CORE_EVENTS = ("annotate", "unannotate", "skip", "unskip", "recount")
"""The events the core sends by itself, after it has updated the counters.

``annotate``: an annotation was submitted; ``unannotate``: a submitted one was
deleted or turned into a skip; ``skip``: a skip (a cancelled annotation) was
saved; ``unskip``: a skip was deleted or submitted after all; ``recount``:
the project's overlap changed. A workflow that declares none of the
transitions of one of these events is not told of it.
"""


@dataclass(frozen=True)
class State:
    """One state of a task.

    A ``final`` state has no way out. A ``review`` state holds tasks that
    wait for a reviewer: the review stream hands them out.
    """

    name: str
    title: str = ""
    initial: bool = False
    final: bool = False
    review: bool = False


@dataclass(frozen=True)
class Transition:
    """``event`` moves a task from ``source`` to ``target`` when it is permitted.

    Several transitions may share an event; the first whose source matches
    and whose conditions hold is taken, in declaration order. The conditions
    are ``guard`` (the name of a guard of the workflow, or of the core's
    built-in guards) and ``roles`` (the acting user's role in the project
    must be one of them; empty: anyone, and the system always). ``effects``
    name what else the transition does once taken, in order: effects of the
    workflow or the core's built-in ones (``release_lock``, ...).
    """

    event: str
    source: str
    target: str
    guard: str | None = None
    roles: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()


@dataclass
class WorkflowDefinition:
    """A named workflow.

    ``guards`` maps guard names to ``fn(context) -> bool`` and ``effects``
    maps effect names to ``fn(context) -> None``, where the context is a
    ``TransitionContext``; a transition may also name the core's built-in
    guards and effects without declaring them here. The events the core
    sends are ``CORE_EVENTS``; a workflow may add its own (``submit``,
    ``accept``, ...), which people send through the transitions API.
    """

    name: str
    title: str
    states: Sequence[State]
    transitions: Sequence[Transition]
    guards: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    effects: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class TransitionContext:
    """What a guard or an effect sees: the task, who acts, and the counts.

    ``completed_annotations`` counts the task's submitted annotations and
    ``skipped_annotations`` its skips (cancelled annotations); ``overlap`` is
    how many submitted annotations the project asks for per task. ``role`` is
    the actor's role in the project (``None`` for the system). ``comment`` is
    what the actor wrote with the event. When an import places tasks that
    arrive with annotations, ``task``, ``actor`` and ``project`` are ``None``
    and the engine reuses the answer for equal counts, so a guard used on
    ``annotate`` should decide from the counts alone.
    """

    task: Any
    actor: Any
    project: Any
    completed_annotations: int
    overlap: int
    extra: Mapping[str, Any] = field(default_factory=dict)
    skipped_annotations: int = 0
    role: str | None = None
    comment: str = ""
