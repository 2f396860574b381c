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

__all__ = [
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
