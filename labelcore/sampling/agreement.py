"""How much the results of one task disagree, from the tag types' similarity."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Any


def _by_control(result: Any) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for item in result if isinstance(result, list) else ():
        if isinstance(item, dict) and isinstance(item.get("from_name"), str):
            grouped.setdefault(item["from_name"], []).append(item)
    return grouped


def _compare(parsed_config: Any, from_name: str, first: dict, second: dict) -> float:
    control = None
    if parsed_config is not None:
        control, _ = parsed_config.control_for(from_name)
    if control is None:
        return 1.0 if first.get("value") == second.get("value") else 0.0
    similarity = control.tag_type.compare(first, second)
    return min(max(float(similarity), 0.0), 1.0)


def _matched(parsed_config: Any, from_name: str, first: list, second: list) -> float:
    """Each item paired with its most similar counterpart, averaged over the
    longer side, so a missing or an extra region counts as no agreement."""
    if not first or not second:
        return 0.0
    longer, shorter = (first, second) if len(first) >= len(second) else (second, first)
    best = [
        max(_compare(parsed_config, from_name, item, other) for other in shorter)
        for item in longer
    ]
    return sum(best) / len(longer)


def agreement(first: Any, second: Any, parsed_config: Any = None) -> float:
    """How alike two results are, from 0 to 1, averaged over their controls."""
    first_items, second_items = _by_control(first), _by_control(second)
    controls = sorted(set(first_items) | set(second_items))
    if not controls:
        return 1.0
    scores = [
        _matched(
            parsed_config,
            name,
            first_items.get(name, []),
            second_items.get(name, []),
        )
        for name in controls
    ]
    return sum(scores) / len(scores)


def disagreement_of(results: Sequence[Any], parsed_config: Any = None) -> float | None:
    """1 minus the mean pairwise agreement of ``results``; ``None`` for fewer
    than two."""
    if len(results) < 2:
        return None
    pairs = list(combinations(results, 2))
    mean = sum(agreement(a, b, parsed_config) for a, b in pairs) / len(pairs)
    return round(1 - mean, 6)
