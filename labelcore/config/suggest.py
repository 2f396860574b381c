""" "Did you mean" hints for misspelt tag, attribute and element names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``name`` was most likely meant to be, if any is close."""
    candidates = list(candidates)
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    if name.lower() in by_lower:
        return by_lower[name.lower()]
    found = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.7)
    return by_lower[found[0]] if found else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'X'?"`` for a near miss, else an empty string."""
    match = closest(name, candidates)
    return f"; did you mean {match!r}?" if match and match != name else ""


def quoted_list(names: Iterable[str], limit: int = 12) -> str:
    """``'a', 'b', 'c'`` (shortened past ``limit`` names)."""
    names = list(names)
    shown = ", ".join(repr(name) for name in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown
