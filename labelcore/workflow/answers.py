"""The API's answers to workflow errors, in the one JSON error shape."""

from __future__ import annotations

from labelcore.api.errors import ApiError
from labelcore.workflow.engine import TransitionRefused
from labelcore.workflow.machines import WorkflowDefinitionError
from labelcore.workflow.switching import SwitchRefused


def refused_error(refused: TransitionRefused) -> ApiError:
    """400 with the task's state and the events allowed from it."""
    return ApiError(
        400,
        str(refused),
        {"event": [str(refused)]},
        code="transition_refused",
        state=refused.state,
        event=refused.event,
        allowed_events=refused.allowed_events,
        reason=refused.reason,
    )


def changed_error(task_id: int | None = None, detail: str = "") -> ApiError:
    """409: another request changed the task first; nothing was overwritten."""
    which = f"Task {task_id}" if task_id is not None else "The task"
    return ApiError(
        409,
        f"{which} changed while this request was working on it{detail}, so "
        f"nothing was saved. Reload the task and try again.",
        code="task_changed",
    )


def definition_error(error: WorkflowDefinitionError) -> ApiError:
    return ApiError(
        400,
        f"Invalid workflow: {error.problems[0]}",
        {"definition": list(error.problems)},
        code="invalid_workflow",
    )


def switch_error(error: SwitchRefused) -> ApiError:
    return ApiError(
        400,
        str(error),
        {"state_map": [str(error)]},
        code="states_not_in_workflow",
        stranded=error.stranded,
    )
