"""Rules that read several tags at once, checked after every tag is compiled.

Relations need regions to relate, a conditional must name a tag that
exists, hotkeys should not collide, and each tag type may add rules of its
own through ``check_element``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from labelcore.config.suggest import closest, quoted_list
from labelcore.contrib.tags import ControlTagType

if TYPE_CHECKING:
    from labelcore.config.compilation import Compilation, _Node
    from labelcore.config.parsed import ParsedConfig

RELATION = "relation"
CHOICE_CONDITIONS = ("choice-selected", "choice-unselected")


def check_cross_references(
    compilation: Compilation, nodes: list[_Node], parsed: ParsedConfig
) -> None:
    """Add every cross-tag issue of ``parsed`` to ``compilation``."""
    _check_relations(compilation, nodes, parsed)

    for node in nodes:
        if node.tag_type is not None:
            _check_conditions(compilation, node, parsed)

    _check_hotkeys(compilation, nodes)
    _check_elements(compilation, nodes, parsed)


def _check_relations(compilation, nodes, parsed) -> None:
    relations = [
        node
        for node in nodes
        if isinstance(node.tag_type, ControlTagType)
        and node.tag_type.result_type == RELATION
    ]
    if not relations:
        return

    makes_regions = any(c.tag_type.creates_regions for c in parsed.controls.values())
    if makes_regions:
        return
    region_tags = [
        tag.name
        for tag in compilation.compiler.tag_types.values()
        if isinstance(tag, ControlTagType)
        and tag.creates_regions
        and tag.kind == "control"
    ]
    examples = f" (such as {quoted_list(region_tags, limit=3)})" if region_tags else ""
    compilation.issue(
        "error",
        f"{relations[0].tag!r} relates regions, but no control in this config "
        f"creates regions{examples}; add one, or remove {relations[0].tag!r}",
        relations[0],
    )


def _check_conditions(compilation, node, parsed) -> None:
    tag_names = _names(node.raw_value("whenTagName"))
    for tag_name in tag_names:
        if tag_name in compilation.named:
            continue
        guess = closest(tag_name, compilation.named)
        hint = f" (did you mean {guess!r}?)" if guess else ""
        compilation.issue(
            "error",
            f"whenTagName {tag_name!r} of {node.tag!r} names no tag in this "
            f"config; name the control whose choices or labels decide when "
            f"{node.tag!r} shows{hint}",
            node,
            "whenTagName",
        )
        return

    deciding = [parsed.controls[name] for name in tag_names if name in parsed.controls]
    condition = node.raw_value("visibleWhen")
    if condition in CHOICE_CONDITIONS:
        for control in deciding:
            if not control.tag_type.option_tag:
                compilation.issue(
                    "warning",
                    f'visibleWhen="{condition}" of {node.tag!r} waits for a choice '
                    f"of {control.name!r}, but {control.tag!r} has no choices",
                    node,
                    "visibleWhen",
                )

    for attribute in ("whenChoiceValue", "whenLabelValue"):
        _check_condition_values(compilation, node, attribute, deciding, parsed)


def _check_condition_values(compilation, node, attribute, deciding, parsed) -> None:
    values = _names(node.raw_value(attribute))
    if not values:
        return
    controls = deciding or [
        control for control in parsed.controls.values() if control.options
    ]
    if any(control.dynamic_options_key is not None for control in controls):
        return

    known: set[str] = set()
    for control in controls:
        known |= control.allowed_values
    for value in values:
        if value not in known:
            compilation.issue(
                "warning",
                f"{attribute} {value!r} of {node.tag!r} is not an option of "
                f"{quoted_list(c.name for c in controls) or 'any control'}, so "
                f"the tag never shows; use one of {quoted_list(sorted(known))}",
                node,
                attribute,
            )


def _check_hotkeys(compilation, nodes) -> None:
    first_use: dict[str, Any] = {}
    for node in nodes:
        if node.tag_type is None:
            continue
        hotkey = node.raw_value("hotkey")
        if not hotkey:
            continue
        scope = _hotkey_scope(node)
        key = (scope, hotkey.strip().lower())
        if key not in first_use:
            first_use[key] = node
            continue
        other = first_use[key]
        compilation.issue(
            "warning",
            f"the hotkey {hotkey!r} is already used by {other.tag!r} "
            f"{_label_of(other)!r} on line {other.line}; the second one never "
            f"fires, so give it another key",
            node,
            "hotkey",
        )


def _hotkey_scope(node) -> str:
    # Label Studio lets controls of different object tags share a key only
    # when both are per-region; everything else competes for the same key.
    parent = node.parent
    while parent is not None:
        if isinstance(parent.tag_type, ControlTagType):
            return "region" if parent.attributes.get("perRegion") else "task"
        parent = parent.parent
    return "region" if node.attributes.get("perRegion") else "task"


def _label_of(node) -> str:
    return node.raw_value("value") or node.raw_value("name") or node.tag


def _check_elements(compilation, nodes, parsed) -> None:
    by_name = {node.attributes.get("name"): node for node in nodes}
    # A tag that is both an object and a control (Chat) is checked once.
    elements = {**parsed.objects, **parsed.controls}
    for name, element in elements.items():
        node = by_name.get(name)
        for problem in element.tag_type.check_element(element, parsed) or ():
            attribute, message = problem[0], problem[1]
            severity = problem[2] if len(problem) > 2 else "error"
            compilation.issue(severity, message, node, attribute)


def _names(raw: str | None) -> list[str]:
    if not raw:
        return []
    return [part.strip() for part in raw.split(",") if part.strip()]
