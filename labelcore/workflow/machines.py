"""Turn a ``WorkflowDefinition`` into a python-statemachine class, checked once.

States and events get internal ids (``state_0``, ``event_annotate``) so that a
state called ``send`` or ``model`` cannot shadow the machine's own members;
``CompiledWorkflow`` translates between those ids and the names people see.
Each transition records its position when the machine takes it, so that the
engine knows which one's effects to run.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from statemachine import StateChart
from statemachine.exceptions import InvalidDefinition
from statemachine.io import create_machine_class_from_definition

from labelcore.contrib.workflows import (
    ROLES,
    State,
    Transition,
    TransitionContext,
    WorkflowDefinition,
)
from labelcore.plugins import PluginError
from labelcore.workflow.catalog import Effect, Guard, effect_for, guard_for

EVENT_PREFIX = "event_"
NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
NAME_RULE = "a letter followed by up to 63 letters, digits, '_' or '-' (no spaces)"


class WorkflowDefinitionError(PluginError):
    """A workflow definition that cannot become a state machine.

    ``problems`` lists every problem found, each a sentence that names the
    state or transition; the message is all of them.
    """

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


@dataclass
class CompiledWorkflow:
    """A workflow's machine class and the ids its states have inside it."""

    definition: WorkflowDefinition
    machine_class: type[StateChart]
    state_ids: dict[str, str]
    state_names: dict[str, str]
    initial_state: str
    guards: dict[str, Guard]
    effects: dict[str, Effect]
    events: frozenset[str]
    review_states: tuple[str, ...]
    counts_cache: dict[tuple[int, int], str] = field(default_factory=dict)
    machines: threading.local = field(default_factory=threading.local)
    """One reusable machine per thread (see WorkflowEngine.choose)."""

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def states(self) -> list[str]:
        return list(self.state_ids)


def event_id(event: str) -> str:
    return EVENT_PREFIX + event


def describe_transition(transition: Transition) -> str:
    return (
        f"the transition {transition.event!r} from {transition.source!r} "
        f"to {transition.target!r}"
    )


def _state_problems(definition: WorkflowDefinition) -> list[str]:
    problems: list[str] = []
    names = [state.name for state in definition.states]
    if not names:
        return ["It declares no state; add at least an initial one."]

    for name in dict.fromkeys(names):
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            problems.append(f"The state name {name!r} is not valid: use {NAME_RULE}.")
        elif names.count(name) > 1:
            problems.append(
                f"The state {name!r} is declared more than once; state names "
                f"must be unique."
            )

    initial = [state.name for state in definition.states if state.initial]
    if len(initial) != 1:
        found = ", ".join(repr(name) for name in initial) or "none"
        problems.append(
            f"It must have exactly one initial state, found {found}. Mark one "
            f"state as initial."
        )
    for state in definition.states:
        if state.initial and state.final:
            problems.append(
                f"The state {state.name!r} is both initial and final; a task "
                f"could never leave it."
            )
    return problems


def _transition_problems(definition: WorkflowDefinition) -> list[str]:
    problems: list[str] = []
    states = {state.name: state for state in definition.states}
    known = ", ".join(repr(name) for name in states)
    seen: set[tuple] = set()

    for transition in definition.transitions:
        label = describe_transition(transition)
        if not isinstance(transition.event, str) or not NAME_PATTERN.match(
            transition.event
        ):
            problems.append(
                f"The event name {transition.event!r} of {label} is not valid: "
                f"use {NAME_RULE}."
            )
        for end in (transition.source, transition.target):
            if end not in states:
                problems.append(
                    f"{label.capitalize()} names the unknown state {end!r}; the "
                    f"states are {known}."
                )
        source = states.get(transition.source)
        if source is not None and source.final:
            problems.append(
                f"{label.capitalize()} leaves the final state {source.name!r}; a "
                f"final state has no way out. Remove the transition or make "
                f"the state not final."
            )
        problems.extend(_condition_problems(definition, transition, label))
        key = (
            transition.event,
            transition.source,
            transition.target,
            transition.guard,
            tuple(transition.roles),
        )
        if key in seen:
            problems.append(f"{label.capitalize()} is declared twice.")
        seen.add(key)
    return problems


def _condition_problems(
    definition: WorkflowDefinition, transition: Transition, label: str
) -> list[str]:
    problems: list[str] = []
    if transition.guard is not None and (
        guard_for(transition.guard, definition.guards) is None
    ):
        problems.append(
            f"{label.capitalize()} names the guard {transition.guard!r}, which "
            f"neither the workflow nor the core provides. Use one of "
            f"{_known(definition.guards, 'guards')} or remove it."
        )
    for effect in transition.effects:
        if effect_for(effect, definition.effects) is None:
            problems.append(
                f"{label.capitalize()} names the effect {effect!r}, which neither "
                f"the workflow nor the core provides. Use one of "
                f"{_known(definition.effects, 'effects')} or remove it."
            )
    for role in transition.roles:
        if role not in ROLES:
            problems.append(
                f"{label.capitalize()} names the role {role!r}; the roles are "
                f"{', '.join(repr(known) for known in ROLES)}."
            )
    return problems


def _known(own, kind: str) -> str:
    from labelcore.workflow import catalog

    builtin = catalog.GUARDS if kind == "guards" else catalog.EFFECTS
    return ", ".join(repr(name) for name in dict.fromkeys([*own, *builtin]))


def _graph_problems(definition: WorkflowDefinition) -> list[str]:
    states = [state for state in definition.states if isinstance(state.name, str)]
    initial = [state.name for state in states if state.initial]
    names = {state.name for state in states}
    edges: dict[str, set[str]] = {name: set() for name in names}
    for transition in definition.transitions:
        if transition.source in names and transition.target in names:
            edges[transition.source].add(transition.target)

    problems: list[str] = []
    for state in states:
        if not state.final and not edges[state.name]:
            problems.append(
                f"The state {state.name!r} has no transition out of it, so a task "
                f"would be stuck there; add one or mark the state final."
            )

    if len(initial) == 1:
        reached = _reachable(initial[0], edges)
        for state in states:
            if state.name not in reached:
                problems.append(
                    f"The state {state.name!r} cannot be reached from the initial "
                    f"state {initial[0]!r}; add a transition into it or remove it."
                )
    return problems


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    reached = {start}
    pending = [start]
    while pending:
        for target in edges[pending.pop()]:
            if target not in reached:
                reached.add(target)
                pending.append(target)
    return reached


def definition_problems(definition: WorkflowDefinition) -> list[str]:
    """Every problem of ``definition``, each a sentence naming its culprit."""
    problems = _state_problems(definition)
    problems.extend(_transition_problems(definition))
    if not problems:
        problems.extend(_graph_problems(definition))
    return [f"Workflow {definition.name!r}: {problem}" for problem in problems]


def check_definition(definition: WorkflowDefinition) -> None:
    """Refuse a definition with any problem, naming every culprit."""
    problems = definition_problems(definition)
    if problems:
        raise WorkflowDefinitionError(problems)


def compile_workflow(definition: WorkflowDefinition) -> CompiledWorkflow:
    """Build the machine for ``definition``; raise WorkflowDefinitionError."""
    check_definition(definition)

    guards = {
        transition.guard: guard_for(transition.guard, definition.guards)
        for transition in definition.transitions
        if transition.guard is not None
    }
    effects = {
        name: effect_for(name, definition.effects)
        for transition in definition.transitions
        for name in transition.effects
    }
    state_ids = {state.name: f"state_{n}" for n, state in enumerate(definition.states)}
    states = _machine_states(definition, state_ids, guards)

    try:
        machine_class = create_machine_class_from_definition(
            _class_name(definition.name),
            states=states,
            allow_event_without_transition=False,
            catch_errors_as_events=False,
            enable_self_transition_entries=False,
            validate_final_reachability=False,
        )
    except InvalidDefinition as error:
        message = str(error)
        for name, state_id in sorted(state_ids.items(), key=lambda item: -len(item[1])):
            message = message.replace(state_id, name)
        raise WorkflowDefinitionError(
            [f"Workflow {definition.name!r} is not a valid state machine: {message}"]
        ) from error

    return CompiledWorkflow(
        definition=definition,
        machine_class=machine_class,
        state_ids=state_ids,
        state_names={state_id: name for name, state_id in state_ids.items()},
        initial_state=next(s.name for s in definition.states if s.initial),
        guards=guards,
        effects=effects,
        events=frozenset(transition.event for transition in definition.transitions),
        review_states=tuple(s.name for s in definition.states if s.review),
    )


def _machine_states(
    definition: WorkflowDefinition,
    state_ids: dict[str, str],
    guards: dict[str, Guard],
) -> dict[str, dict[str, Any]]:
    states: dict[str, dict[str, Any]] = {
        state_ids[state.name]: {
            "name": state.title or state.name,
            "initial": state.initial,
            "final": state.final,
            "on": {},
        }
        for state in definition.states
    }
    for position, transition in enumerate(definition.transitions):
        conditions = []
        if transition.roles:
            conditions.append(_role_condition(transition.roles))
        if transition.guard is not None:
            conditions.append(_guard_condition(guards[transition.guard]))
        spec: dict[str, Any] = {
            "target": state_ids[transition.target],
            "on": [_record_taken(position)],
        }
        if conditions:
            spec["cond"] = conditions
        source = states[state_ids[transition.source]]
        source["on"].setdefault(event_id(transition.event), []).append(spec)
    return states


def role_permits(roles: tuple[str, ...], context: TransitionContext) -> bool:
    """The system (no actor) may do anything; a person needs one of ``roles``."""
    return not roles or context.actor is None or context.role in roles


# python-statemachine passes callbacks the keyword arguments they name; the
# engine sends the TransitionContext as ``context`` and a list as ``taken``.
def _role_condition(roles: tuple[str, ...]) -> Callable[..., bool]:
    def role_condition(context: TransitionContext) -> bool:
        return role_permits(roles, context)

    return role_condition


def _guard_condition(guard: Guard) -> Callable[..., bool]:
    def guard_condition(context: TransitionContext) -> bool:
        return bool(guard.check(context))

    return guard_condition


def _record_taken(position: int) -> Callable[..., None]:
    def record_taken(taken: list[int]) -> None:
        taken.append(position)

    return record_taken


def _class_name(workflow_name: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in workflow_name).split()
    return "".join(word.capitalize() for word in words) + "Workflow"


def state_of(definition: WorkflowDefinition, name: str) -> State | None:
    return next((state for state in definition.states if state.name == name), None)
