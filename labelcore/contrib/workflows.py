"""What a workflow is: the states of a task and the transitions between them.

A workflow is declared as data; the core builds a python-statemachine machine
from it once and drives every task state change through that machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class State:
    name: str
    title: str = ""
    initial: bool = False
    final: bool = False


@dataclass(frozen=True)
class Transition:
    """``event`` moves a task from ``source`` to ``target`` when ``guard`` holds.

    Several transitions may share an event; the first whose source matches
    and whose guard passes is taken, in declaration order. ``guard`` names a
    function of the workflow's ``guards`` mapping.
    """

    event: str
    source: str
    target: str
    guard: str | None = None


@dataclass
class WorkflowDefinition:
    """A named workflow.

    ``guards`` maps guard names to ``fn(context) -> bool``, where the
    context is a ``TransitionContext``. Events the core sends:
    ``annotate`` (an annotation was submitted), ``unannotate`` (one was
    deleted or cancelled); a workflow may add its own.
    """

    name: str
    title: str
    states: Sequence[State]
    transitions: Sequence[Transition]
    guards: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""


@dataclass
class TransitionContext:
    """What a guard sees: the task, who acts, and the project's overlap.

    ``completed_annotations`` counts the task's submitted annotations (not
    the cancelled ones, which are skips); ``overlap`` is how many the project
    asks for per task. When an import places tasks that arrive with
    annotations, ``task``, ``actor`` and ``project`` are ``None`` and the
    engine reuses the answer for equal counts, so a guard used on
    ``annotate`` should decide from the counts alone.
    """

    task: Any
    actor: Any
    project: Any
    completed_annotations: int
    overlap: int
    extra: Mapping[str, Any] = field(default_factory=dict)
