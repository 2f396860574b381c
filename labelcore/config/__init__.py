"""The label-config language: safe parsing, compilation, task and result checks.

The core knows no concrete tag: ``ConfigCompiler`` is built from the tag
types that plugins register and reads them as data. Typical use::

    compiler = ConfigCompiler(plugin_set.tag_types)   # once per app
    parsed = compiler.compile(project.label_config)   # cached per config text
    parsed.check_task_data(task["data"])              # -> list[str]
    parsed.check_result(annotation["result"], task["data"])  # -> [ResultIssue]
    sample_task(parsed)                               # data and one result each
    labels_in_use(removal_between(old, new), results)  # what a change orphans
"""

from labelcore.config.compiled import CompiledControl, CompiledObject, CompiledOption
from labelcore.config.compiler import ConfigCompiler
from labelcore.config.data_keys import MISSING, DataKey, resolve_data_key
from labelcore.config.issues import ConfigInvalid, ConfigIssue, ResultIssue
from labelcore.config.parsed import ParsedConfig
from labelcore.config.safe_xml import MAX_CONFIG_BYTES, MAX_DEPTH, parse_config_xml
from labelcore.config.samples import sample_task
from labelcore.config.usage import (
    InUse,
    describe_in_use,
    labels_in_use,
    removal_between,
)

__all__ = [
    "MAX_CONFIG_BYTES",
    "MAX_DEPTH",
    "MISSING",
    "CompiledControl",
    "CompiledObject",
    "CompiledOption",
    "ConfigCompiler",
    "ConfigInvalid",
    "ConfigIssue",
    "DataKey",
    "InUse",
    "ParsedConfig",
    "ResultIssue",
    "describe_in_use",
    "labels_in_use",
    "parse_config_xml",
    "removal_between",
    "resolve_data_key",
    "sample_task",
]
