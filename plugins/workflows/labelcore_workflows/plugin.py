"""The ``workflows`` plugin: registers the default task workflow."""

from __future__ import annotations

from labelcore import hookimpl
from labelcore_workflows.default import DEFAULT_WORKFLOW


@hookimpl
def register_workflows():
    return [DEFAULT_WORKFLOW]
