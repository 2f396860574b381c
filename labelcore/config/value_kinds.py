"""What task data an object tag can show: the ``value_kinds`` checks.

Each check answers "is this value of that kind" cheaply, because it runs for
every task of every import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

# A URL with a scheme (http, https, s3, gs, data, ...) or a path on this
# server; a bare file name has nothing to be resolved against.
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:|/)\S")


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and _URL.match(value) is not None


def _is_list(value: Any) -> bool:
    return isinstance(value, list)


def _is_object(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_anything(value: Any) -> bool:
    return True


KIND_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "text": (_is_text, "a string"),
    "url": (_is_url, "a URL (http or https), a data URI or a path on this server"),
    "list": (_is_list, "a list"),
    "object": (_is_object, "a JSON object"),
    "number": (_is_number, "a number"),
    "any": (_is_anything, "any value"),
}


def kind_checker(kinds: tuple[str, ...]) -> tuple[Callable[[Any], bool], str]:
    """One predicate accepting a value of any of ``kinds``, and its wording."""
    unknown = [kind for kind in kinds if kind not in KIND_CHECKS]
    if unknown:
        raise ValueError(
            f"Unknown value kind {unknown[0]!r}; use one of "
            f"{', '.join(map(repr, KIND_CHECKS))}."
        )

    if not kinds or "any" in kinds:
        return _is_anything, "any value"

    checks = [KIND_CHECKS[kind][0] for kind in kinds]
    wording = " or ".join(KIND_CHECKS[kind][1] for kind in kinds)
    if len(checks) == 1:
        return checks[0], wording

    def accepts(value: Any) -> bool:
        # A plain loop: any() over a generator costs more on this hot path.
        for check in checks:  # noqa: SIM110
            if check(value):
                return True
        return False

    return accepts, wording


def describe_value(value: Any) -> str:
    """A short account of a wrong value for an error message."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    names = {list: "a list", dict: "an object"}
    return names.get(type(value), f"a {type(value).__name__}")
