"""Checking one attribute value against its ``Attribute`` declaration."""

from __future__ import annotations

import re
from typing import Any

from labelcore.config.data_keys import data_key_of
from labelcore.contrib.tags import Attribute

_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_COLOR = re.compile(
    r"#[0-9A-Fa-f]{3,8}|[A-Za-z]+|(?:rgb|rgba|hsl|hsla)\([^)]*\)", re.IGNORECASE
)
BOOLEAN_WORDS = {"true": True, "false": False}


class AttributeProblem(ValueError):
    """A value does not fit its declaration; ``severity`` says how bad."""

    def __init__(self, message: str, severity: str = "error"):
        super().__init__(message)
        self.severity = severity


def convert_attribute(declaration: Attribute, raw: str) -> Any:
    """The typed value of ``raw`` (a bool, int, float or str).

    Raises ``AttributeProblem`` with the rule and the value that came.
    """
    kind = declaration.kind
    if kind == "boolean":
        word = raw.strip().lower()
        if word not in BOOLEAN_WORDS:
            raise AttributeProblem(f"must be true or false; got {raw!r}")
        return BOOLEAN_WORDS[word]

    if kind == "integer":
        if not _INTEGER.fullmatch(raw.strip()):
            raise AttributeProblem(f"must be a whole number; got {raw!r}")
        return _within_bounds(declaration, int(raw))

    if kind == "number":
        if not _NUMBER.fullmatch(raw.strip()):
            raise AttributeProblem(f"must be a number; got {raw!r}")
        return _within_bounds(declaration, float(raw))

    if kind == "enum":
        if raw not in declaration.choices:
            expected = ", ".join(repr(choice) for choice in declaration.choices)
            raise AttributeProblem(f"must be one of {expected}; got {raw!r}")
        return raw

    if kind == "color":
        if not _COLOR.fullmatch(raw.strip()):
            raise AttributeProblem(
                f"should be a CSS colour such as '#36B37E' or 'red'; got {raw!r}",
                severity="warning",
            )
        return raw

    if kind == "data":
        if data_key_of(raw) is None and not declaration.literal_ok:
            raise AttributeProblem(
                f"must name a task data key as '$key' (for example '$text'); "
                f"got {raw!r}"
            )
        return raw

    return raw


def _within_bounds(declaration: Attribute, number: int | float) -> int | float:
    low, high = declaration.minimum, declaration.maximum
    too_low = low is not None and number < low
    if too_low or (high is not None and number > high):
        if high is None:
            rule = f"must be at least {low:g}"
        elif low is None:
            rule = f"must be at most {high:g}"
        else:
            rule = f"must be from {low:g} to {high:g}"
        raise AttributeProblem(f"{rule}; got {number:g}")
    return number
