"""Moving a project to another workflow without stranding its tasks.

Tasks keep their state when the new workflow has it. A task in a state the
new workflow lacks needs a mapping to one it has; without one the switch is
refused. Every task that moves gets an event in its log, so that replaying
the log still leads to its state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from labelcore.models import Task, TaskEvent, db, utcnow
from labelcore.workflow.declared import definition_to_data
from labelcore.workflow.engine import WorkflowEngine, declared_name
from labelcore.workflow.history import SWITCH_EVENT
from labelcore.workflow.machines import CompiledWorkflow


class SwitchRefused(ValueError):
    """The switch would strand tasks, or its state map does not fit.

    ``stranded`` maps each state the new workflow lacks to its task count.
    """

    def __init__(self, message: str, stranded: dict[str, int] | None = None):
        super().__init__(message)
        self.stranded = stranded or {}


@dataclass
class SwitchResult:
    workflow: str
    moved: dict[str, int] = field(default_factory=dict)


def state_counts(project_id: int) -> dict[str, int]:
    """How many tasks of the project are in each state."""
    rows = db.session.execute(
        sa.select(Task.state, sa.func.count())
        .where(Task.project_id == project_id)
        .group_by(Task.state)
    )
    return {state or "": count for state, count in rows}


def switch_workflow(
    engine: WorkflowEngine,
    project: Any,
    actor: Any,
    *,
    workflow: str | None = None,
    declared: Any = None,
    state_map: Mapping[str, str] | None = None,
) -> SwitchResult:
    """Move ``project`` to the plugin workflow ``workflow`` or to its own
    ``declared`` data, mapping task states through ``state_map``.

    Raises SwitchRefused, WorkflowDefinitionError or UnknownWorkflow; the
    caller commits.
    """
    if declared is not None:
        name = declared_name(project.id)
        target = engine.compile_declared(declared, name)
    else:
        name = workflow or ""
        target = engine.compiled(name)
    old_initial = _old_initial(engine, project)
    counts = _counts_by_state(project.id, old_initial)

    moves = _plan_moves(target, counts, dict(state_map or {}))
    comment = f"workflow {project.workflow!r} -> {name!r}"
    for from_state, to_state in moves.items():
        _move_tasks(
            project,
            actor,
            from_state,
            to_state,
            comment,
            with_empty=from_state == old_initial,
        )

    project.workflow = name
    project.workflow_definition = (
        definition_to_data(target.definition) if declared is not None else None
    )
    db.session.flush()
    return SwitchResult(workflow=name, moved={state: counts[state] for state in moves})


def _old_initial(engine: WorkflowEngine, project: Any) -> str | None:
    try:
        return engine.compiled_for(project).initial_state
    except LookupError:
        return None


def _counts_by_state(project_id: int, old_initial: str | None) -> dict[str, int]:
    # An empty state is the old workflow's initial one: engine.apply reads it so.
    counts: dict[str, int] = {}
    for state, count in state_counts(project_id).items():
        key = state or old_initial or ""
        counts[key] = counts.get(key, 0) + count
    return counts


def _plan_moves(
    target: CompiledWorkflow, counts: dict[str, int], state_map: dict[str, str]
) -> dict[str, str]:
    new_states = target.state_ids
    known = ", ".join(repr(state) for state in new_states)
    for from_state, to_state in state_map.items():
        if not isinstance(to_state, str) or to_state not in new_states:
            raise SwitchRefused(
                f"The state map sends {from_state!r} to {to_state!r}, which is not a "
                f"state of the workflow {target.name!r}; its states are {known}."
            )

    stranded = {
        state: count
        for state, count in counts.items()
        if state not in new_states and state not in state_map
    }
    if stranded:
        listed = ", ".join(
            f"{count} in {state!r}" for state, count in sorted(stranded.items())
        )
        raise SwitchRefused(
            f"The workflow {target.name!r} has no state for tasks now {listed}. "
            f"Send a state_map that maps each of these states to one of {known}.",
            stranded,
        )
    return {
        from_state: to_state
        for from_state, to_state in state_map.items()
        if counts.get(from_state) and from_state != to_state
    }


def _move_tasks(
    project: Any,
    actor: Any,
    from_state: str,
    to_state: str,
    comment: str,
    *,
    with_empty: bool,
) -> None:
    states = [from_state, ""] if with_empty else [from_state]
    matching = (Task.project_id == project.id, Task.state.in_(states))
    db.session.execute(
        sa.insert(TaskEvent).from_select(
            [
                "task_id",
                "project_id",
                "actor_id",
                "event",
                "from_state",
                "to_state",
                "comment",
                "created_at",
            ],
            sa.select(
                Task.id,
                Task.project_id,
                sa.literal(getattr(actor, "id", None), sa.Integer),
                sa.literal(SWITCH_EVENT),
                Task.state,
                sa.literal(to_state),
                sa.literal(comment),
                sa.literal(utcnow(), sa.DateTime),
            ).where(*matching),
        )
    )
    db.session.execute(
        sa.update(Task)
        .where(*matching)
        .values(state=to_state, version=Task.version + 1)
        .execution_options(synchronize_session=False)
    )
