"""A task's event log, and replaying it to the state it leads to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa


@dataclass
class Replay:
    """Where a log leads: ``state``, and each place the chain does not hold."""

    state: str
    breaks: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.breaks


SWITCH_EVENT = "change_workflow"
"""The event logged for each task that a change of workflow moved."""


def replay(initial_state: str, events: Iterable[Any]) -> Replay:
    """Follow ``events`` (oldest first) from ``initial_state``.

    Each event must start where the one before it ended; a break is named
    with the event's id, so a damaged log says where it went wrong. A log
    that spans a change of workflow starts in the initial state of the
    first workflow, which is where its first event starts.
    """
    events = list(events)
    if events and any(event.event == SWITCH_EVENT for event in events):
        initial_state = events[0].from_state or initial_state

    result = Replay(state=initial_state)
    for event in events:
        if event.from_state not in (result.state, None, ""):
            result.breaks.append(
                f"Event {event.id} ({event.event!r}) starts from "
                f"{event.from_state!r}, but the task was {result.state!r}."
            )
        result.state = event.to_state
    return result


def task_events(task_id: int) -> list[Any]:
    from labelcore.models import TaskEvent, db

    return list(
        db.session.execute(
            sa.select(TaskEvent)
            .where(TaskEvent.task_id == task_id)
            .order_by(TaskEvent.id)
        ).scalars()
    )
