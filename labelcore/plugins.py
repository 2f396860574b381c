"""The plugin manager: finds plugins, checks what they contribute, lists them.

Built inside ``create_app()`` (never at import time) so that each app, and
each test, has its own set of plugins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pluggy

from labelcore import hookspecs
from labelcore.contrib.formats import Exporter, Importer
from labelcore.contrib.samplers import Sampler
from labelcore.contrib.tags import ControlTagType, Demo, TagType, Template
from labelcore.contrib.web import (
    DataManagerAction,
    MLBackendType,
    StorageType,
    WebModule,
)
from labelcore.contrib.workflows import WorkflowDefinition

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "labelcore"
TAG_KINDS = {"object", "control", "visual", "child"}


class PluginError(RuntimeError):
    """A plugin could not be loaded or contributed something malformed."""


@dataclass(frozen=True)
class Family:
    """One ``register_*`` hook: what it must return and how items are named."""

    hook: str
    kind: type | tuple[type, ...] | None
    key: str | None
    global_names: bool = True


FAMILIES = {
    "tag_types": Family("register_tag_types", TagType, "name"),
    "templates": Family("register_templates", Template, "name"),
    "demos": Family("register_demos", Demo, "name"),
    "samplers": Family("register_samplers", Sampler, "name"),
    "workflows": Family("register_workflows", WorkflowDefinition, "name"),
    "importers": Family("register_importers", Importer, "name"),
    "exporters": Family("register_exporters", Exporter, "name"),
    "storage_types": Family("register_storage_types", StorageType, "name"),
    "ml_backend_types": Family("register_ml_backend_types", MLBackendType, "name"),
    "data_manager_actions": Family(
        "register_data_manager_actions", DataManagerAction, "id"
    ),
    "web_modules": Family("register_web_modules", WebModule, "name", False),
    "blueprints": Family("register_blueprints", None, "name"),
    "cli_commands": Family("register_cli_commands", None, "name"),
    "migration_folders": Family("register_migration_folders", str, None),
}


@dataclass
class PluginInfo:
    name: str
    distribution: str | None = None
    version: str | None = None
    contributions: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "contributions": self.contributions,
        }


class PluginSet:
    """The loaded plugins and everything they contributed, checked once."""

    def __init__(self, manager: pluggy.PluginManager, infos: dict[str, PluginInfo]):
        self.manager = manager
        self.hook = manager.hook
        self.infos = infos
        self.owners: dict[tuple[str, str], str] = {}
        self.families: dict[str, dict[str, Any]] = {}
        self.web_modules: list[tuple[str, WebModule]] = []
        for family_name, family in FAMILIES.items():
            self.families[family_name] = self._collect(family_name, family)

    def __getattr__(self, family_name: str) -> dict[str, Any]:
        try:
            return self.__dict__["families"][family_name]
        except KeyError:
            raise AttributeError(family_name) from None

    def _collect(self, family_name: str, family: Family) -> dict[str, Any]:
        collected: dict[str, Any] = {}
        for impl in reversed(getattr(self.hook, family.hook).get_hookimpls()):
            plugin_name = impl.plugin_name
            try:
                items = impl.function() or []
            except Exception as error:
                raise PluginError(
                    f"Plugin {plugin_name!r} failed in {family.hook}: {error}"
                ) from error
            for item in _as_list(items, plugin_name, family):
                name = _check_item(item, plugin_name, family_name, family)
                self.infos[plugin_name].contributions.setdefault(family_name, [])
                self.infos[plugin_name].contributions[family_name].append(name)
                if family_name == "web_modules":
                    self.web_modules.append((plugin_name, item))
                    continue
                if family_name == "samplers":
                    for alias in item.aliases:
                        self._claim(family_name, alias, plugin_name)
                        collected[alias] = item
                self._claim(family_name, name, plugin_name)
                collected[name] = item
        return collected

    def _claim(self, family_name: str, name: str, plugin_name: str) -> None:
        owner = self.owners.get((family_name, name))
        if owner is not None:
            raise PluginError(
                f"Plugins {owner!r} and {plugin_name!r} both register "
                f"{_singular(family_name)} {name!r}; names must be unique. "
                f"Uninstall or disable one of them (LABELCORE_PLUGINS)."
            )
        self.owners[(family_name, name)] = plugin_name

    def owner_of(self, family_name: str, name: str) -> str | None:
        return self.owners.get((family_name, name))

    def describe(self) -> list[dict[str, Any]]:
        return [info.as_dict() for info in sorted(self.infos.values(), key=_by_name)]


def _by_name(info: PluginInfo) -> str:
    return info.name


def _singular(family_name: str) -> str:
    return family_name.replace("_", " ").rstrip("s")


def _as_list(items: Any, plugin_name: str, family: Family) -> list:
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise PluginError(
            f"Plugin {plugin_name!r}: {family.hook} must return a list, "
            f"got {type(items).__name__}."
        )
    return list(items)


def _check_item(item: Any, plugin_name: str, family_name: str, family: Family) -> str:
    if family.kind is not None and not isinstance(item, family.kind):
        expected = family.kind.__name__
        raise PluginError(
            f"Plugin {plugin_name!r}: {family.hook} returned "
            f"{type(item).__name__}, expected labelcore.{expected}."
        )
    name = item if family.key is None else getattr(item, family.key, None)
    if not isinstance(name, str) or not name:
        raise PluginError(
            f"Plugin {plugin_name!r}: a {_singular(family_name)} from "
            f"{family.hook} has no {family.key!r}."
        )
    if family_name == "tag_types":
        _check_tag_type(item, plugin_name)
    return name


def _check_tag_type(tag: TagType, plugin_name: str) -> None:
    where = f"Plugin {plugin_name!r}: tag type {tag.name!r}"
    if tag.kind not in TAG_KINDS:
        raise PluginError(f"{where} has kind {tag.kind!r}; use one of {TAG_KINDS}.")
    if not isinstance(tag.attributes, dict):
        raise PluginError(f"{where}: attributes must be a dict of Attribute.")
    if isinstance(tag, ControlTagType):
        schema = tag.value_schema
        if not isinstance(schema, dict) or schema.get("type") != "object":
            raise PluginError(
                f"{where}: value_schema must be a JSON schema of type 'object'."
            )
        if not tag.result_type:
            raise PluginError(f"{where}: a control tag needs a result_type.")


def build_plugin_set(settings, extra_plugins: Iterable[Any] = ()) -> PluginSet:
    """Load entry-point plugins (as ``settings`` allow) and ``extra_plugins``."""
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}

    if not settings.disable_plugin_autoload:
        for entry_point in _entry_points(settings.plugins):
            plugin = _load_entry_point(entry_point)
            _register(manager, plugin, entry_point.name)
            distribution = entry_point.dist
            infos[entry_point.name] = PluginInfo(
                name=entry_point.name,
                distribution=distribution.metadata["Name"] if distribution else None,
                version=distribution.version if distribution else None,
            )

    for plugin in extra_plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        name = getattr(plugin, "LABELCORE_PLUGIN_NAME", name)
        _register(manager, plugin, name)
        infos[name] = PluginInfo(name=name)

    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        name = manager.get_name(error.plugin) or repr(error.plugin)
        raise PluginError(
            f"Plugin {name!r} implements a hook that does not exist: {error}. "
            f"Check the hook name against docs/plugins.md."
        ) from error

    missing = [name for name in settings.required_plugins if name not in infos]
    if missing:
        raise PluginError(
            f"Required plugins are not installed: {', '.join(missing)} "
            f"(LABELCORE_REQUIRED_PLUGINS). Install them with pip."
        )

    if settings.trace_hooks:
        manager.trace.root.setwriter(log.info)
        manager.enable_tracing()

    plugin_set = PluginSet(manager, infos)
    log.info("Loaded %d plugins: %s", len(infos), ", ".join(sorted(infos)) or "none")
    return plugin_set


def _register(manager: pluggy.PluginManager, plugin: Any, name: str) -> None:
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        raise PluginError(
            f"Plugin {name!r} implements a hook wrongly: {error}. Check its "
            f"arguments against docs/plugins.md."
        ) from error


def _entry_points(only: tuple[str, ...]) -> list[metadata.EntryPoint]:
    found = list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    if only:
        by_name = {entry_point.name: entry_point for entry_point in found}
        unknown = [name for name in only if name not in by_name]
        if unknown:
            raise PluginError(
                f"LABELCORE_PLUGINS names plugins that are not installed: "
                f"{', '.join(unknown)}. Installed: {', '.join(sorted(by_name))}."
            )
        found = [by_name[name] for name in only]
    return sorted(found, key=lambda entry_point: entry_point.name)


def _load_entry_point(entry_point: metadata.EntryPoint) -> Any:
    try:
        return entry_point.load()
    except Exception as error:
        raise PluginError(
            f"Plugin {entry_point.name!r} ({entry_point.value}) failed to import: "
            f"{error}"
        ) from error
