"""Task state machines built from workflow definitions.

The core builds one ``WorkflowEngine(plugin_set.workflows, plugin_set.hook)``
per app; every change of a task's state goes through ``engine.apply``. A
project uses a plugin's workflow by name, or declares its own as data
(``declared``) under the name ``project:<id>``.
"""

from labelcore.workflow.engine import (
    DECLARED_PREFIX,
    TransitionRefused,
    UnknownWorkflow,
    WorkflowEngine,
    declared_name,
)
from labelcore.workflow.history import Replay, replay, task_events
from labelcore.workflow.machines import WorkflowDefinitionError, definition_problems
from labelcore.workflow.roles import project_role
from labelcore.workflow.switching import SwitchRefused, state_counts, switch_workflow

__all__ = [
    "DECLARED_PREFIX",
    "Replay",
    "SwitchRefused",
    "TransitionRefused",
    "UnknownWorkflow",
    "WorkflowDefinitionError",
    "WorkflowEngine",
    "declared_name",
    "definition_problems",
    "project_role",
    "replay",
    "state_counts",
    "switch_workflow",
    "task_events",
]
