"""LabelCore: a self-hosted data annotation server built from plugins.

This module is the public surface for plugin authors: everything a plugin
may import from the core is re-exported here, and the rest may change.
"""

import pluggy

from labelcore.contrib.formats import (
    ExportContext,
    Exporter,
    Importer,
    ImportFormatError,
)
from labelcore.contrib.samplers import Sampler, SamplingContext
from labelcore.contrib.tags import (
    Attribute,
    ChildTagType,
    ControlTagType,
    Demo,
    ObjectTagType,
    ResultContext,
    TagType,
    Template,
    VisualTagType,
)
from labelcore.contrib.web import (
    DataManagerAction,
    MLBackendType,
    StorageType,
    WebModule,
)
from labelcore.contrib.workflows import (
    State,
    Transition,
    TransitionContext,
    WorkflowDefinition,
)

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("labelcore")

# Services a plugin may use at run time. They load on first use, so that
# importing ``labelcore`` to declare a plugin stays cheap and free of cycles.
_SERVICES = {
    "ApiError": "labelcore.api.errors",
    "ImportRun": "labelcore.imports.pipeline",
    "JobCancelled": "labelcore.jobs",
    "JobContext": "labelcore.jobs",
    "LOGGED_IN": "labelcore.permissions",
    "OutboundRefused": "labelcore.outbound",
    "Rule": "labelcore.permissions",
    "SecretKeyError": "labelcore.secrets",
    "StorageConnector": "labelcore.contrib.web",
    "StorageError": "labelcore.contrib.web",
    "StorageStream": "labelcore.contrib.web",
    "app_state": "labelcore.api.access",
    "at_least": "labelcore.permissions",
    "audited": "labelcore.audit",
    "body_field": "labelcore.permissions",
    "check_url": "labelcore.outbound",
    "create_app": "labelcore.app",
    "current_user": "labelcore.auth",
    "db": "labelcore.models",
    "decrypt_secret": "labelcore.secrets",
    "effective_role": "labelcore.permissions",
    "encrypt_secret": "labelcore.secrets",
    "enqueue": "labelcore.jobs",
    "get_project": "labelcore.api.access",
    "guarded_session": "labelcore.outbound",
    "job_kind": "labelcore.jobs",
    "job_payload": "labelcore.jobs",
    "json_body": "labelcore.api.access",
    "models": "labelcore.models",
    "organization_role": "labelcore.permissions",
    "outbound_policy": "labelcore.outbound",
    "permission_rule": "labelcore.permissions",
    "project_role": "labelcore.permissions",
    "query_arg": "labelcore.permissions",
    "require_user": "labelcore.auth",
    "rotate_secret": "labelcore.secrets",
    "stream_tasks": "labelcore.exports",
    "view_arg": "labelcore.permissions",
}


def __getattr__(name: str):
    module_name = _SERVICES.get(name)
    if module_name is None:
        raise AttributeError(f"module 'labelcore' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(module_name)
    value = module if name == "models" else getattr(module, name)
    globals()[name] = value
    return value


__all__ = [
    *sorted(_SERVICES),
    "Attribute",
    "ChildTagType",
    "ControlTagType",
    "DataManagerAction",
    "Demo",
    "ExportContext",
    "Exporter",
    "ImportFormatError",
    "Importer",
    "MLBackendType",
    "ObjectTagType",
    "ResultContext",
    "Sampler",
    "SamplingContext",
    "State",
    "StorageType",
    "TagType",
    "Template",
    "Transition",
    "TransitionContext",
    "VisualTagType",
    "WebModule",
    "WorkflowDefinition",
    "__version__",
    "hookimpl",
]
