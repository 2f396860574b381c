"""The compiled parts of a config: objects, controls and their options.

They hold plain values only (no lxml nodes), so a ``ParsedConfig`` can be
cached and shared between threads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from labelcore.config.data_keys import DataKey
from labelcore.contrib.tags import ControlTagType, ObjectTagType, TagType


def _attribute(tag_type: TagType, given: Mapping[str, Any], name: str) -> Any:
    if name in given:
        return given[name]
    declaration = tag_type.attributes.get(name)
    return declaration.default if declaration is not None else None


@dataclass(frozen=True)
class CompiledOption:
    """One ``Choice``/``Label`` of a control.

    ``attributes`` are the XML attributes as written (strings), the shape
    Label Studio's ``labels_attrs`` has; ``alias`` replaces ``value`` in
    results when set.
    """

    value: str
    alias: str | None
    attributes: Mapping[str, str]
    line: int | None = None
    path: tuple[str, ...] = ()
    """The values of the enclosing options and this one (a taxonomy path)."""

    @property
    def result_values(self) -> tuple[str, ...]:
        return (self.value,) if self.alias is None else (self.alias, self.value)


@dataclass(frozen=True)
class CompiledChild:
    """A tag inside an object tag that configures it (a ``Channel``)."""

    tag: str
    attributes: Mapping[str, Any]
    line: int | None = None


@dataclass(frozen=True)
class RepeatScope:
    """The ``Repeater`` a tag sits in: its names and keys hold ``index_flag``,
    replaced by 0, 1, ... for each item of the list at ``on``."""

    on: DataKey
    index_flag: str

    def pattern(self, name: str) -> re.Pattern:
        """A pattern matching ``name`` with any index in place of the flag."""
        parts = [re.escape(part) for part in name.split(self.index_flag)]
        return re.compile(r"(\d+)".join(parts))

    def substitute(self, text: str, index: int) -> str:
        return text.replace(self.index_flag, str(index))


@dataclass(frozen=True)
class CompiledObject:
    """An object tag of the config, such as ``<Text name="text" value="$text">``."""

    name: str
    tag: str
    tag_type: ObjectTagType
    value_key: str | None
    attributes: Mapping[str, Any]
    line: int | None = None
    data_key: DataKey | None = None
    children: tuple[CompiledChild, ...] = ()
    repeat: RepeatScope | None = None

    def attribute(self, name: str) -> Any:
        """The attribute as given, else its declared default."""
        return _attribute(self.tag_type, self.attributes, name)

    def data_key_at(self, index: int | None) -> DataKey | None:
        """The data key, with a repeater's index put in when there is one."""
        if self.repeat is None or index is None or self.value_key is None:
            return self.data_key
        return DataKey(self.repeat.substitute(self.value_key, index))


@dataclass(frozen=True)
class CompiledControl:
    """A control tag: what it labels, its options and its result checks."""

    name: str
    tag: str
    tag_type: ControlTagType
    to_name: tuple[str, ...]
    options: tuple[CompiledOption, ...]
    attributes: Mapping[str, Any]
    line: int | None = None
    dynamic_options_key: DataKey | None = None
    validate_value: Callable[[Any], Any] | None = field(default=None, repr=False)
    repeat: RepeatScope | None = None
    children: tuple[CompiledChild, ...] = ()

    @property
    def labels(self) -> list[str]:
        """The option values, in config order."""
        return [option.value for option in self.options]

    def attribute(self, name: str) -> Any:
        """The attribute as given, else its declared default."""
        return _attribute(self.tag_type, self.attributes, name)

    @cached_property
    def allowed_values(self) -> frozenset[str]:
        """What a result may name: every option's value and alias."""
        return frozenset(v for option in self.options for v in option.result_values)

    @cached_property
    def option_limits(self) -> dict[str, int]:
        """``maxUsages`` per option value (the option's own, else the control's)."""
        shared = self.attribute("maxUsages")
        limits = {}
        for option in self.options:
            raw = option.attributes.get("maxUsages")
            limit = int(raw) if raw is not None and raw.strip().isdigit() else shared
            if isinstance(limit, int) and limit > 0:
                for value in option.result_values:
                    limits[value] = limit
        return limits
