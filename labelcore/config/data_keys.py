"""``$key`` references into task data, resolved the same way everywhere.

``$a.b`` means the literal key ``a.b`` when the task has one, otherwise the
path ``a`` -> ``b`` (a digit indexes a list, and ``$a[0].b`` is the same
path as ``$a.0.b``). Validation, rendering and export all go through
``resolve_data_key`` or a precompiled ``DataKey``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""Returned by ``DataKey.resolve`` when the task has nothing at that key."""

_REFERENCE = re.compile(r"\$([^\s$]+)")
_PATH_PART = re.compile(r"[^.\[\]]+")


def data_key_of(reference: str) -> str | None:
    """The key a ``$key`` attribute value names, or ``None`` for a literal."""
    match = _REFERENCE.fullmatch(reference.strip())
    return match.group(1) if match else None


class DataKey:
    """A data key split once, so that resolving it per task costs little."""

    __slots__ = ("key", "parts")

    def __init__(self, key: str):
        self.key = key[1:] if key.startswith("$") else key
        has_path = "." in self.key or "[" in self.key
        self.parts = tuple(_PATH_PART.findall(self.key)) if has_path else None

    def resolve(self, data: Any) -> Any:
        """The value at this key in ``data``, or ``MISSING``."""
        # JSON task data is a dict; the abstract check is only the fallback.
        if type(data) is not dict and not isinstance(data, Mapping):
            return MISSING

        value = data.get(self.key, MISSING)
        if value is not MISSING or self.parts is None:
            return value

        for part in self.parts:
            if type(data) is dict or isinstance(data, Mapping):
                data = data.get(part, MISSING)
            elif isinstance(data, Sequence) and not isinstance(data, str):
                data = _item(data, part)
            else:
                return MISSING
            if data is MISSING:
                return MISSING
        return data

    def __repr__(self) -> str:
        return f"DataKey({self.key!r})"


def _item(items: Sequence, part: str) -> Any:
    if not part.isdigit() or int(part) >= len(items):
        return MISSING
    return items[int(part)]


_RAISE: Any = object()


def resolve_data_key(data: Mapping[str, Any], key: str, default: Any = _RAISE) -> Any:
    """Resolve ``key`` (``$a.b`` or ``a.b``) in task ``data``.

    The literal key ``a.b`` wins over the path ``a`` -> ``b``. Raises
    ``KeyError`` naming the key when nothing is there, unless ``default`` is
    given.
    """
    value = DataKey(key).resolve(data)
    if value is not MISSING:
        return value
    if default is _RAISE:
        raise KeyError(key)
    return default
