"""The JSON shapes of workflows, task events and state counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from labelcore.contrib.workflows import CORE_EVENTS, ROLES
from labelcore.models import User, db, isoformat
from labelcore.workflow.catalog import catalog_payload
from labelcore.workflow.declared import definition_to_data
from labelcore.workflow.engine import DECLARED_PREFIX, WorkflowEngine
from labelcore.workflow.machines import CompiledWorkflow


def workflow_payload(compiled: CompiledWorkflow) -> dict[str, Any]:
    return {
        **definition_to_data(compiled.definition),
        "declared": compiled.name.startswith(DECLARED_PREFIX),
        "initial_state": compiled.initial_state,
        "review_states": list(compiled.review_states),
    }


def catalog(engine: WorkflowEngine) -> dict[str, Any]:
    """What a workflow may be built from: installed workflows, guards, effects."""
    return {
        "workflows": [
            workflow_payload(compiled) for compiled in engine.workflows.values()
        ],
        **catalog_payload(),
        "roles": list(ROLES),
        "core_events": list(CORE_EVENTS),
    }


def state_counts_payload(
    compiled: CompiledWorkflow, counts: dict[str, int]
) -> dict[str, Any]:
    """Tasks per state of the workflow, in its order, then any state it lacks."""
    counts = dict(counts)
    if "" in counts:
        counts[compiled.initial_state] = counts.get(
            compiled.initial_state, 0
        ) + counts.pop("")
    states = [
        {
            "name": state.name,
            "title": state.title or state.name,
            "initial": state.initial,
            "final": state.final,
            "review": state.review,
            "count": counts.get(state.name, 0),
        }
        for state in compiled.definition.states
    ]
    return {
        "workflow": compiled.name,
        "title": compiled.definition.title,
        "total": sum(counts.values()),
        "states": states,
        "unknown_states": {
            state: count
            for state, count in sorted(counts.items())
            if state not in compiled.state_ids
        },
    }


def events_payload(events: Iterable[Any]) -> list[dict[str, Any]]:
    events = list(events)
    actor_ids = {event.actor_id for event in events if event.actor_id is not None}
    actors = {}
    if actor_ids:
        rows = db.session.execute(sa.select(User).where(User.id.in_(actor_ids)))
        actors = {user.id: user for user in rows.scalars()}
    return [event_payload(event, actors.get(event.actor_id)) for event in events]


def event_payload(event: Any, actor: Any = None) -> dict[str, Any]:
    return {
        "id": event.id,
        "task": event.task_id,
        "event": event.event,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "comment": event.comment or "",
        "actor": (
            {"id": actor.id, "email": actor.email, "initials": actor.initials}
            if actor is not None
            else None
        ),
        "created_at": isoformat(event.created_at),
    }


def task_state_payload(task: Any) -> dict[str, Any]:
    return {
        "id": task.id,
        "inner_id": task.inner_id,
        "project": task.project_id,
        "state": task.state,
        "version": task.version,
        "is_labeled": task.is_labeled,
        "total_annotations": task.total_annotations,
        "cancelled_annotations": task.cancelled_annotations,
    }
