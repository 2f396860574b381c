"""Drive task states through the machines that the workflow definitions make."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import orjson
from statemachine.exceptions import TransitionNotAllowed

from labelcore.contrib.workflows import (
    Transition,
    TransitionContext,
    WorkflowDefinition,
)
from labelcore.models import TaskEvent, db
from labelcore.workflow.machines import (
    CompiledWorkflow,
    compile_workflow,
    event_id,
    role_permits,
)
from labelcore.workflow.roles import project_role

log = logging.getLogger(__name__)

DECLARED_PREFIX = "project:"
"""A project that declares its own workflow names it ``project:<id>``."""

DECLARED_CACHE_SIZE = 256
COUNTS_CACHE_SIZE = 4096


class UnknownWorkflow(LookupError):
    """A project names a workflow that no installed plugin provides."""


class TransitionRefused(Exception):
    """An event that the task's current state does not allow.

    ``state`` is the task's state, ``event`` the refused event,
    ``allowed_events`` the events its workflow declares from that state and
    ``reason`` why none of the event's transitions could be taken.
    """

    def __init__(self, state: str, event: str, allowed_events: list[str], reason: str):
        self.state = state
        self.event = event
        self.allowed_events = allowed_events
        self.reason = reason
        allowed = ", ".join(repr(name) for name in allowed_events) or "none"
        super().__init__(
            f"The task is {state!r}, where the event {event!r} is refused: "
            f"{reason}. Events allowed from {state!r}: {allowed}."
        )


def declared_name(project_id: int) -> str:
    return f"{DECLARED_PREFIX}{project_id}"


class _StateHolder:
    """The model a machine reads and writes its state on, for one event."""

    def __init__(self, state: str):
        self.state = state


class WorkflowEngine:
    """One state machine per workflow definition, and the one way to change state.

    ``definitions`` maps workflow names to ``WorkflowDefinition`` (the plugin
    set's ``workflows``); ``hook`` is the plugin manager's hook relay, told
    of each transition. Every plugin definition is checked here, at start-up;
    a project's own declared definition is compiled when first used.
    """

    def __init__(self, definitions: Mapping[str, WorkflowDefinition], hook: Any = None):
        self.definitions = dict(definitions)
        self.hook = hook
        self.workflows: dict[str, CompiledWorkflow] = {
            name: compile_workflow(definition)
            for name, definition in self.definitions.items()
        }
        self._declared: OrderedDict[tuple[str, bytes], CompiledWorkflow] = OrderedDict()

    # -- finding a workflow ---------------------------------------------------

    def compiled(self, name: str) -> CompiledWorkflow:
        """The machine of a plugin workflow, or of a project's declared one."""
        compiled = self.workflows.get(name)
        if compiled is not None:
            return compiled
        if name.startswith(DECLARED_PREFIX):
            return self._declared_workflow(name)

        installed = ", ".join(repr(known) for known in sorted(self.definitions))
        raise UnknownWorkflow(
            f"No installed plugin provides the workflow {name!r} (installed: "
            f"{installed or 'none'}). Install the plugin that provides it, or "
            f"set the project's workflow to an installed one."
        )

    def compiled_for(self, project: Any) -> CompiledWorkflow:
        return self.compiled(project.workflow)

    def definition(self, name: str) -> WorkflowDefinition:
        return self.compiled(name).definition

    def compile_declared(self, data: Any, name: str) -> CompiledWorkflow:
        """Compile declared data under ``name``, reusing an equal earlier one."""
        from labelcore.workflow.declared import definition_from_data

        key = (name, orjson.dumps(data, option=orjson.OPT_SORT_KEYS))
        compiled = self._declared.get(key)
        if compiled is None:
            compiled = compile_workflow(definition_from_data(data, name))
            self._declared[key] = compiled
            while len(self._declared) > DECLARED_CACHE_SIZE:
                self._declared.popitem(last=False)
        return compiled

    def _declared_workflow(self, name: str) -> CompiledWorkflow:
        from labelcore.models import Project

        raw_id = name.removeprefix(DECLARED_PREFIX)
        project = db.session.get(Project, int(raw_id)) if raw_id.isdigit() else None
        data = project.workflow_definition if project is not None else None
        if data is None:
            raise UnknownWorkflow(
                f"The workflow {name!r} names a project that declares no workflow "
                f"of its own. Declare one with PUT /api/projects/<id>/workflow, or "
                f"choose an installed workflow."
            )
        return self.compile_declared(data, name)

    # -- reading --------------------------------------------------------------

    def initial_state(self, name: str) -> str:
        return self.compiled(name).initial_state

    def allowed_events(self, name: str, state: str) -> list[str]:
        """The events the workflow declares from ``state``, in declaration order."""
        return _declared_events(self.compiled(name), state)

    def permitted_events(
        self, task: Any, actor: Any, project: Any, comment: str = "x"
    ) -> list[dict[str, Any]]:
        """Each event declared from the task's state, and whether ``actor`` may
        send it now (``comment`` stands for the one a person would write)."""
        compiled = self.compiled_for(project)
        state = task.state or compiled.initial_state
        context = self.context_for(task, actor, project, comment)
        answers = []
        for event in _declared_events(compiled, state):
            try:
                transition = self.choose(compiled, state, event, context)
            except TransitionRefused as refused:
                answers.append({"event": event, "permitted": False, **_why(refused)})
            else:
                answers.append(
                    {"event": event, "permitted": True, "target": transition.target}
                )
        return answers

    def context_for(
        self,
        task: Any,
        actor: Any,
        project: Any,
        comment: str = "",
        extra: Mapping[str, Any] | None = None,
    ) -> TransitionContext:
        return TransitionContext(
            task=task,
            actor=actor,
            project=project,
            completed_annotations=task.total_annotations or 0,
            overlap=project.maximum_annotations or 1,
            extra=dict(extra or {}),
            skipped_annotations=task.cancelled_annotations or 0,
            role=project_role(project, actor),
            comment=comment or "",
        )

    # -- changing -------------------------------------------------------------

    def apply(
        self,
        task: Any,
        event: str,
        actor: Any,
        project: Any,
        comment: str = "",
        extra: Mapping[str, Any] | None = None,
        *,
        if_declared: bool = False,
    ) -> str:
        """Send ``event`` to ``task`` and return its state afterwards.

        The first transition from the task's state whose conditions hold is
        taken and its effects run. A change of state sets ``task.state``,
        appends a TaskEvent and tells ``on_task_transitioned``; a transition
        back to the same state records nothing. Guards see the task's
        ``total_annotations`` (submitted) and ``cancelled_annotations``
        (skips) and the project's ``maximum_annotations`` as the overlap, so
        set the counters first. With ``if_declared`` an event that the
        workflow declares nowhere changes nothing (the core's own events).
        Raises TransitionRefused when no transition applies.
        """
        compiled = self.compiled_for(project)
        from_state = task.state or compiled.initial_state
        if if_declared and event not in compiled.events:
            return from_state

        context = self.context_for(task, actor, project, comment, extra)
        transition = self.choose(compiled, from_state, event, context)
        to_state = transition.target

        task.state = to_state
        if to_state != from_state:
            db.session.add(
                TaskEvent(
                    task_id=task.id,
                    project_id=project.id,
                    actor_id=getattr(actor, "id", None),
                    event=event,
                    from_state=from_state,
                    to_state=to_state,
                    comment=comment or "",
                )
            )
        for name in transition.effects:
            compiled.effects[name].run(context)

        if to_state == from_state:
            return from_state

        db.session.flush()
        log.debug("task %s: %s -> %s on %r", task.id, from_state, to_state, event)
        if self.hook is not None:
            self.hook.on_task_transitioned(
                task=task,
                event=event,
                from_state=from_state,
                to_state=to_state,
                actor=actor,
                comment=comment or "",
            )
        return to_state

    def state_for_counts(self, name: str, completed: int, overlap: int) -> str:
        """The state a task reaches when it arrives with ``completed`` annotations.

        The import uses this instead of ``apply``: it sends ``annotate`` from
        the initial state with a context that has the counts but no task,
        actor or project, runs no effects, and remembers the answer per
        counts. A refused event leaves the initial state.
        """
        compiled = self.compiled(name)
        if completed <= 0:
            return compiled.initial_state

        key = (completed, max(overlap, 1))
        cached = compiled.counts_cache.get(key)
        if cached is not None:
            return cached

        context = TransitionContext(
            task=None,
            actor=None,
            project=None,
            completed_annotations=completed,
            overlap=key[1],
        )
        try:
            state = self.choose(
                compiled, compiled.initial_state, "annotate", context
            ).target
        except TransitionRefused:
            state = compiled.initial_state
        if len(compiled.counts_cache) < COUNTS_CACHE_SIZE:
            compiled.counts_cache[key] = state
        return state

    def next_state(
        self, workflow: str, from_state: str, event: str, context: TransitionContext
    ) -> str:
        """The state ``event`` leads to from ``from_state``, changing nothing.

        Raises TransitionRefused when no transition applies.
        """
        return self.choose(self.compiled(workflow), from_state, event, context).target

    def choose(
        self,
        compiled: CompiledWorkflow,
        from_state: str,
        event: str,
        context: TransitionContext,
    ) -> Transition:
        """The transition the machine takes for ``event``, changing nothing."""
        start = compiled.state_ids.get(from_state)
        if start is None:
            raise TransitionRefused(
                from_state,
                event,
                [],
                f"{from_state!r} is not a state of the workflow {compiled.name!r}",
            )

        machine, pooled = _machine_at(compiled, start)
        taken: list[int] = []
        try:
            machine.send(event_id(event), context=context, taken=taken)
        except TransitionNotAllowed:
            raise TransitionRefused(
                from_state,
                event,
                _declared_events(compiled, from_state),
                _refusal_reason(compiled, from_state, event, context),
            ) from None
        finally:
            if pooled:
                compiled.machines.busy = False
        return compiled.definition.transitions[taken[0]]


def _machine_at(compiled: CompiledWorkflow, state_id: str) -> tuple[Any, bool]:
    """A machine standing in ``state_id``, and whether it is this thread's pooled
    one: building a machine costs a millisecond, far more than an event."""
    slot = compiled.machines
    if getattr(slot, "busy", False):
        # A guard or effect that sends another event while one is running.
        holder = _StateHolder(state_id)
        return compiled.machine_class(model=holder, start_value=state_id), False

    if getattr(slot, "machine", None) is None:
        slot.holder = _StateHolder(state_id)
        slot.machine = compiled.machine_class(model=slot.holder, start_value=state_id)
    slot.holder.state = state_id
    slot.busy = True
    return slot.machine, True


def _declared_events(compiled: CompiledWorkflow, state: str) -> list[str]:
    events: list[str] = []
    for transition in compiled.definition.transitions:
        if transition.source == state and transition.event not in events:
            events.append(transition.event)
    return events


def _refusal_reason(
    compiled: CompiledWorkflow, state: str, event: str, context: TransitionContext
) -> str:
    candidates = [
        transition
        for transition in compiled.definition.transitions
        if transition.source == state and transition.event == event
    ]
    if not candidates:
        if event in compiled.events:
            return "the workflow has no such transition from this state"
        return f"the workflow {compiled.name!r} has no such transition at all"

    reasons: list[str] = []
    for transition in candidates:
        if not role_permits(tuple(transition.roles), context):
            roles = " or ".join(transition.roles)
            reasons.append(
                f"it needs the role {roles} in the project, and yours is "
                f"{context.role or 'none'}"
            )
        elif transition.guard is not None:
            guard = compiled.guards[transition.guard]
            reasons.append(
                f"the guard {transition.guard!r} does not hold ({guard.description})"
            )
    return "no transition's condition holds: " + "; ".join(dict.fromkeys(reasons))


def _why(refused: TransitionRefused) -> dict[str, str]:
    return {"reason": refused.reason}
