"""Who may call the ML endpoints, and which calls the audit log keeps.

Each view carries its rule (``permission_rule``) and, when it connects,
changes or removes a backend, its audit action (``audited``): the core
knows no ML backend.
"""

from __future__ import annotations

from labelcore import (
    LOGGED_IN,
    Rule,
    audited,
    body_field,
    permission_rule,
    query_arg,
    view_arg,
)
from labelcore_ml_backends.models import MLBackend

BACKEND = (view_arg("backend_id", MLBackend, "ML backend"),)
PROJECT = (view_arg("project_id"),)
PROJECT_QUERY_OR_BODY = (query_arg("project"), body_field("project"))


def _needs(role: str, action: str, locate=BACKEND):
    return permission_rule(Rule(role=role, locate=locate, action=action))


types = permission_rule(LOGGED_IN)
listing = permission_rule(
    Rule(
        role="annotator",
        organization_role="administrator",
        locate=PROJECT_QUERY_OR_BODY,
        action="list ML backends",
    )
)
connecting = _needs("manager", "connect an ML backend", PROJECT_QUERY_OR_BODY)
reading = _needs("annotator", "read an ML backend")
changing = _needs("manager", "change an ML backend")
deleting = _needs("manager", "delete an ML backend")
asking = _needs("annotator", "ask an ML backend")
predicting = _needs("manager", "run predictions")
training = _needs("manager", "train a model")
training_runs = _needs("reviewer", "read training runs")
versions = _needs("reviewer", "read model versions")
project_versions = _needs("reviewer", "read model versions", PROJECT)
project_evaluation = _needs("reviewer", "read model evaluations", PROJECT)
importing_predictions = _needs("manager", "import predictions", PROJECT)
models_page = _needs("reviewer", "open the models page", PROJECT)

audit_created = audited("ml_backend.created")
audit_updated = audited("ml_backend.updated", object_id="backend_id")
audit_deleted = audited("ml_backend.deleted", object_id="backend_id")
