"""What a config change removes that existing annotations still use.

Changing a project's config must not orphan its annotations silently: a
control (``from_name``) or a label that results use and the new config no
longer has is listed with how often it is used, and the change is refused
unless the client forces it. Comparing the two configs first means that a
change that removes nothing never reads a single annotation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from labelcore.config.parsed import ParsedConfig

RELATION = "relation"


@dataclass(frozen=True)
class Removal:
    """What ``new`` no longer offers compared with ``old``."""

    controls: frozenset[str] = frozenset()
    """Controls gone (or now of another tag, so their results no longer fit)."""
    labels: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per kept control, the option values (and aliases) gone."""
    result_types: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.controls or self.labels)


@dataclass(frozen=True)
class InUse:
    """A removed control (``label`` is ``None``) or label, and its use count."""

    control: str
    label: str | None
    count: int

    def __str__(self) -> str:
        times = "once" if self.count == 1 else f"{self.count} times"
        if self.label is None:
            return f"the control {self.control!r} (used {times})"
        return f"the label {self.label!r} of {self.control!r} (used {times})"

    def as_dict(self) -> dict[str, Any]:
        return {"control": self.control, "label": self.label, "count": self.count}


def removal_between(old: ParsedConfig, new: ParsedConfig) -> Removal:
    """What ``new`` drops of ``old``: controls, and labels of kept controls."""
    gone = set()
    labels: dict[str, frozenset[str]] = {}
    for name, control in old.controls.items():
        kept = new.controls.get(name)
        if kept is None or kept.tag != control.tag:
            gone.add(name)
            continue
        if kept.dynamic_options_key is not None:
            continue
        dropped = control.allowed_values - kept.allowed_values
        if dropped:
            labels[name] = frozenset(dropped)
    types = {name: c.tag_type.result_type for name, c in old.controls.items()}
    return Removal(frozenset(gone), labels, types)


def labels_in_use(removal: Removal, results: Iterable[Any]) -> list[InUse]:
    """How often ``results`` (annotation result lists) use what is removed.

    Sorted by control, then label; an empty list means the change is safe.
    """
    counts: Counter[tuple[str, str | None]] = Counter()
    for result in results:
        if not isinstance(result, list):
            continue
        for item in result:
            if isinstance(item, Mapping):
                _count_item(removal, item, counts)
    return [
        InUse(control, label, count)
        for (control, label), count in sorted(
            counts.items(), key=lambda entry: (entry[0][0], entry[0][1] or "")
        )
    ]


def _count_item(removal: Removal, item: Mapping[str, Any], counts: Counter) -> None:
    if item.get("type") == RELATION:
        for name, dropped in removal.labels.items():
            if removal.result_types.get(name) != RELATION:
                continue
            for label in item.get("labels") or ():
                if label in dropped:
                    counts[(name, label)] += 1
        return

    name = item.get("from_name")
    if name in removal.controls:
        counts[(name, None)] += 1
        return
    dropped = removal.labels.get(name)
    value = item.get("value")
    if not dropped or not isinstance(value, Mapping):
        return
    for label in _labels_of(value, removal.result_types.get(name, "")):
        if label in dropped:
            counts[(name, label)] += 1


def _labels_of(value: Mapping[str, Any], result_type: str) -> list[str]:
    chosen = value.get(result_type)
    if chosen is None:
        chosen = value.get("labels")
    if not isinstance(chosen, list):
        return []
    found = []
    for entry in chosen:
        # Taxonomy paths: every step of the path is an option.
        found.extend(entry if isinstance(entry, list) else [entry])
    return [label for label in found if isinstance(label, str)]


def describe_in_use(in_use: list[InUse]) -> str:
    """One sentence for people: what is in use, and how to go on."""
    listed = "; ".join(str(entry) for entry in in_use[:10])
    if len(in_use) > 10:
        listed += f"; and {len(in_use) - 10} more"
    return (
        f"The new label config removes what existing annotations use: {listed}. "
        f"Keep those tags and labels, delete or fix the annotations first, or "
        f"send the change again with force=true to keep the annotations as they "
        f"are."
    )
