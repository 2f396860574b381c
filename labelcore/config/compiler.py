"""Compile a label config against the tag types that plugins registered.

``ConfigCompiler`` is built once per app from ``plugin_set.tag_types``; its
``compile`` parses and checks a config once per distinct text (an LRU cache),
so requests never pay for it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping

import fastjsonschema

from labelcore.config.compilation import Compilation
from labelcore.config.issues import ConfigInvalid, ConfigIssue
from labelcore.config.parsed import ParsedConfig
from labelcore.contrib.tags import ControlTagType, TagType
from labelcore.plugins import PluginError


class ConfigCompiler:
    """Turns label-config XML into a ``ParsedConfig``, or ``ConfigInvalid``.

    ``tag_types`` maps tag names to ``TagType`` instances (as
    ``plugin_set.tag_types`` does). Tag names match case-insensitively, the
    way Label Studio's editor reads them. Each control's value schema is
    compiled here, once, so a malformed schema fails at start-up.
    """

    def __init__(self, tag_types: Mapping[str, TagType], cache_size: int = 256):
        self.tag_types = dict(tag_types)
        self._by_lower = {name.lower(): tag for name, tag in self.tag_types.items()}
        self._validators = {
            name: _compile_schema(tag)
            for name, tag in self.tag_types.items()
            if isinstance(tag, ControlTagType)
        }
        self._cache: OrderedDict[str, ParsedConfig | list[ConfigIssue]] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def tag_type(self, name: str) -> TagType | None:
        """The registered tag type called ``name`` (any case), or ``None``."""
        return self._by_lower.get(name.lower())

    def validator(self, tag_type: TagType):
        """The compiled value-schema check of a control tag type."""
        return self._validators.get(tag_type.name)

    def compile(self, xml: str) -> ParsedConfig:
        """The compiled config; raises ``ConfigInvalid`` listing every issue."""
        if not isinstance(xml, (str, bytes)):
            return Compilation(self, xml).run()

        with self._lock:
            cached = self._cache.get(xml)
            if cached is not None:
                self._cache.move_to_end(xml)

        if cached is None:
            try:
                cached = Compilation(self, xml).run()
            except ConfigInvalid as invalid:
                cached = invalid.issues
            with self._lock:
                self._cache[xml] = cached
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)

        if isinstance(cached, list):
            raise ConfigInvalid(cached)
        return cached

    def validate(self, xml: str) -> list[ConfigIssue]:
        """Every issue of ``xml`` (errors and warnings), never raising."""
        try:
            return list(self.compile(xml).warnings)
        except ConfigInvalid as invalid:
            return invalid.issues


def _compile_schema(tag: ControlTagType):
    try:
        return fastjsonschema.compile(dict(tag.value_schema))
    except fastjsonschema.JsonSchemaDefinitionException as error:
        raise PluginError(
            f"Tag type {tag.name!r}: its value_schema is not a valid JSON "
            f"schema ({error}); fix the schema in the plugin."
        ) from error
