"""The ``workflows`` plugin: registers the default and the review task workflows."""

from __future__ import annotations

from labelcore import hookimpl
from labelcore_workflows.default import DEFAULT_WORKFLOW
from labelcore_workflows.review import REVIEW_WORKFLOW


@hookimpl
def register_workflows():
    return [DEFAULT_WORKFLOW, REVIEW_WORKFLOW]
