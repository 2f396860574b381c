"""Task state machines built from the workflow definitions that plugins register.

The core builds one ``WorkflowEngine(plugin_set.workflows, plugin_set.hook)``
per app; every change of a task's state goes through ``engine.apply``.
"""

from labelcore.workflow.engine import TransitionRefused, UnknownWorkflow, WorkflowEngine
from labelcore.workflow.machines import WorkflowDefinitionError

__all__ = [
    "TransitionRefused",
    "UnknownWorkflow",
    "WorkflowDefinitionError",
    "WorkflowEngine",
]
