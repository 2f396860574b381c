"""Turn a ``WorkflowDefinition`` into a python-statemachine class, checked once.

States and events get internal ids (``state_0``, ``event_annotate``) so that a
state called ``send`` or ``model`` cannot shadow the machine's own members;
``CompiledWorkflow`` translates between those ids and the names people see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from statemachine import StateChart
from statemachine.exceptions import InvalidDefinition
from statemachine.io import create_machine_class_from_definition

from labelcore.contrib.workflows import TransitionContext, WorkflowDefinition
from labelcore.plugins import PluginError

EVENT_PREFIX = "event_"


class WorkflowDefinitionError(PluginError):
    """A workflow definition that cannot become a state machine."""


@dataclass(frozen=True)
class CompiledWorkflow:
    """A workflow's machine class and the ids its states have inside it."""

    definition: WorkflowDefinition
    machine_class: type[StateChart]
    state_ids: dict[str, str]
    state_names: dict[str, str]
    initial_state: str


def event_id(event: str) -> str:
    return EVENT_PREFIX + event


def initial_state_of(definition: WorkflowDefinition) -> str:
    """The name of the one initial state; refuses none or several."""
    initial = [state.name for state in definition.states if state.initial]
    if len(initial) != 1:
        found = ", ".join(repr(name) for name in initial) or "none"
        raise WorkflowDefinitionError(
            f"Workflow {definition.name!r} must have exactly one initial state, "
            f"found {found}. Mark one State with initial=True."
        )
    return initial[0]


def check_definition(definition: WorkflowDefinition) -> None:
    """Refuse duplicate or unknown states and guards, naming the culprit."""
    names = [state.name for state in definition.states]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise WorkflowDefinitionError(
            f"Workflow {definition.name!r} declares the state {duplicates[0]!r} "
            f"more than once; state names must be unique."
        )

    initial_state_of(definition)

    known = ", ".join(repr(name) for name in names)
    for transition in definition.transitions:
        for end in (transition.source, transition.target):
            if end not in names:
                raise WorkflowDefinitionError(
                    f"Workflow {definition.name!r}: the transition "
                    f"{transition.event!r} from {transition.source!r} to "
                    f"{transition.target!r} names the unknown state {end!r}; "
                    f"its states are {known}."
                )
        if transition.guard is not None and transition.guard not in definition.guards:
            raise WorkflowDefinitionError(
                f"Workflow {definition.name!r}: the transition {transition.event!r} "
                f"from {transition.source!r} names the guard {transition.guard!r}, "
                f"which is not in the workflow's guards. Add it to guards or "
                f"remove it from the transition."
            )


def compile_workflow(definition: WorkflowDefinition) -> CompiledWorkflow:
    """Build the machine for ``definition``; raise WorkflowDefinitionError."""
    check_definition(definition)

    state_ids = {state.name: f"state_{n}" for n, state in enumerate(definition.states)}
    states: dict[str, dict[str, Any]] = {
        state_ids[state.name]: {
            "name": state.title or state.name,
            "initial": state.initial,
            "final": state.final,
            "on": {},
        }
        for state in definition.states
    }
    for transition in definition.transitions:
        spec: dict[str, Any] = {"target": state_ids[transition.target]}
        if transition.guard is not None:
            spec["cond"] = _guard(definition.guards[transition.guard])
        source = states[state_ids[transition.source]]
        source["on"].setdefault(event_id(transition.event), []).append(spec)

    try:
        machine_class = create_machine_class_from_definition(
            _class_name(definition.name),
            states=states,
            allow_event_without_transition=False,
            catch_errors_as_events=False,
            enable_self_transition_entries=False,
        )
    except InvalidDefinition as error:
        raise WorkflowDefinitionError(
            f"Workflow {definition.name!r} is not a valid state machine: {error}"
        ) from error

    return CompiledWorkflow(
        definition=definition,
        machine_class=machine_class,
        state_ids=state_ids,
        state_names={state_id: name for name, state_id in state_ids.items()},
        initial_state=initial_state_of(definition),
    )


def _guard(function: Callable[[TransitionContext], bool]) -> Callable[..., bool]:
    # python-statemachine passes callbacks the keyword arguments they name;
    # the engine sends the TransitionContext as ``context``.
    def guard(context: TransitionContext) -> bool:
        return bool(function(context))

    return guard


def _class_name(workflow_name: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in workflow_name).split()
    return "".join(word.capitalize() for word in words) + "Workflow"
