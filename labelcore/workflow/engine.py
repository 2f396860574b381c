"""Drive task states through the machines that the workflow definitions make."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from statemachine.exceptions import TransitionNotAllowed

from labelcore.contrib.workflows import TransitionContext, WorkflowDefinition
from labelcore.models import TaskEvent, db
from labelcore.workflow.machines import CompiledWorkflow, compile_workflow, event_id

log = logging.getLogger(__name__)


class UnknownWorkflow(LookupError):
    """A project names a workflow that no installed plugin provides."""


class TransitionRefused(Exception):
    """An event that the task's current state does not allow.

    ``state`` is the task's state, ``event`` the refused event and
    ``allowed_events`` the events its workflow declares from that state.
    """

    def __init__(self, state: str, event: str, allowed_events: list[str], reason: str):
        self.state = state
        self.event = event
        self.allowed_events = allowed_events
        allowed = ", ".join(repr(name) for name in allowed_events) or "none"
        super().__init__(
            f"The task is {state!r}, where the event {event!r} is refused: "
            f"{reason}. Events allowed from {state!r}: {allowed}."
        )


class _StateHolder:
    """The model a machine reads and writes its state on, for one event."""

    def __init__(self, state: str):
        self.state = state


class WorkflowEngine:
    """One state machine per workflow definition, and the one way to change state.

    ``definitions`` maps workflow names to ``WorkflowDefinition`` (the plugin
    set's ``workflows``); ``hook`` is the plugin manager's hook relay, told
    of each transition. Every definition is checked here, at start-up.
    """

    def __init__(self, definitions: Mapping[str, WorkflowDefinition], hook: Any = None):
        self.definitions = dict(definitions)
        self.hook = hook
        self.workflows: dict[str, CompiledWorkflow] = {
            name: compile_workflow(definition)
            for name, definition in self.definitions.items()
        }
        self._state_for_counts = lru_cache(maxsize=1024)(self._compute_state_for)

    def definition(self, name: str) -> WorkflowDefinition:
        try:
            return self.definitions[name]
        except KeyError:
            installed = ", ".join(repr(known) for known in sorted(self.definitions))
            raise UnknownWorkflow(
                f"No installed plugin provides the workflow {name!r} (installed: "
                f"{installed or 'none'}). Install the plugin that provides it, or "
                f"set the project's workflow to an installed one."
            ) from None

    def initial_state(self, name: str) -> str:
        self.definition(name)
        return self.workflows[name].initial_state

    def allowed_events(self, name: str, state: str) -> list[str]:
        """The events the workflow declares from ``state``, in declaration order."""
        events: list[str] = []
        for transition in self.definition(name).transitions:
            if transition.source == state and transition.event not in events:
                events.append(transition.event)
        return events

    def apply(
        self,
        task: Any,
        event: str,
        actor: Any,
        project: Any,
        comment: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Send ``event`` to ``task`` and return its state afterwards.

        The first transition from the task's state whose guard holds is
        taken. A change of state sets ``task.state``, appends a TaskEvent and
        tells ``on_task_transitioned``; a transition back to the same state
        changes nothing and records nothing. Guards see the task's
        ``total_annotations`` (completed, not cancelled) and the project's
        ``maximum_annotations`` as the overlap, so set the counters first.
        Raises TransitionRefused when no transition applies.
        """
        workflow = project.workflow
        self.definition(workflow)
        from_state = task.state or self.workflows[workflow].initial_state
        context = TransitionContext(
            task=task,
            actor=actor,
            project=project,
            completed_annotations=task.total_annotations or 0,
            overlap=project.maximum_annotations or 1,
            extra=dict(extra or {}),
        )

        to_state = self.next_state(workflow, from_state, event, context)
        if to_state == from_state:
            return from_state

        task.state = to_state
        db.session.add(
            TaskEvent(
                task_id=task.id,
                project_id=project.id,
                actor_id=getattr(actor, "id", None),
                event=event,
                from_state=from_state,
                to_state=to_state,
                comment=comment,
            )
        )
        db.session.flush()
        log.debug("task %s: %s -> %s on %r", task.id, from_state, to_state, event)

        if self.hook is not None:
            self.hook.on_task_transitioned(
                task=task,
                event=event,
                from_state=from_state,
                to_state=to_state,
                actor=actor,
            )
        return to_state

    def state_for_counts(self, name: str, completed: int, overlap: int) -> str:
        """The state a task reaches when it arrives with ``completed`` annotations.

        The import uses this instead of ``apply``: it sends ``annotate`` from
        the initial state with a context that has the counts but no task,
        actor or project, and remembers the answer per counts. A refused
        event leaves the initial state.
        """
        self.definition(name)
        if completed <= 0:
            return self.workflows[name].initial_state
        return self._state_for_counts(name, completed, max(overlap, 1))

    def _compute_state_for(self, name: str, completed: int, overlap: int) -> str:
        context = TransitionContext(
            task=None,
            actor=None,
            project=None,
            completed_annotations=completed,
            overlap=overlap,
        )
        initial = self.workflows[name].initial_state
        try:
            return self.next_state(name, initial, "annotate", context)
        except TransitionRefused:
            return initial

    def next_state(
        self, workflow: str, from_state: str, event: str, context: TransitionContext
    ) -> str:
        """The state ``event`` leads to from ``from_state``, changing nothing.

        Raises TransitionRefused when no transition applies.
        """
        compiled = self.workflows[workflow]
        start = compiled.state_ids.get(from_state)
        if start is None:
            raise TransitionRefused(
                from_state,
                event,
                [],
                f"{from_state!r} is not a state of the workflow {workflow!r}",
            )

        holder = _StateHolder(start)
        machine = compiled.machine_class(model=holder, start_value=start)

        try:
            machine.send(event_id(event), context=context)
        except TransitionNotAllowed:
            allowed = self.allowed_events(workflow, from_state)
            reason = (
                "no transition's condition holds"
                if event in allowed
                else "the workflow has no such transition from this state"
            )
            raise TransitionRefused(from_state, event, allowed, reason) from None
        return compiled.state_names[holder.state]
