"""Classification: ``Choices`` of ``Choice`` options, and the ``Taxonomy`` tree.

A taxonomy is written as nested ``Choice`` tags; a result names paths from
the root (``[["Animal", "Cat"]]``), each step a choice's value or alias.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ChildTagType, ControlTagType, ResultContext
from labelcore_templates.tags.common import (
    CONTROL_BASE,
    OPTION_CHILDREN,
    first_option,
)
from labelcore_templates.tags.spans import span_problems_for_target

SINGLE_MODES = ("single", "single-radio")


class Choices(ControlTagType):
    name = "Choices"
    description = "Pick one or several classes for an object (or a region)."
    result_type = "choices"
    option_tag = "Choice"
    checks_value_alone = True
    children = ("Choice", *OPTION_CHILDREN)
    attributes = {
        **CONTROL_BASE,
        "choice": Attribute(
            "enum",
            choices=("single", "single-radio", "multiple"),
            default="single",
            help="Single or multi-class classification.",
        ),
        "showInline": Attribute("boolean", default=False),
        "value": Attribute("data", help="Task data key holding choices to load."),
        "allowNested": Attribute("boolean", default=False),
        "layout": Attribute("enum", choices=("select", "inline", "vertical")),
        "selection": Attribute(),
    }
    value_schema = {
        "type": "object",
        "required": ["choices"],
        "properties": {
            "choices": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        {"type": "array", "items": {"type": "string"}},
                    ]
                },
            }
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        mode = context.control.attribute("choice")
        chosen = value["choices"]
        if mode in SINGLE_MODES and len(chosen) > 1:
            return [
                (
                    "value.choices",
                    f'{context.control.name!r} takes one choice (choice="{mode}"); '
                    f"got {len(chosen)}",
                )
            ]
        return []

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Jaccard overlap of the chosen sets: 1 for the same choices."""
        return jaccard(first.get("choices", []), second.get("choices", []))

    def sample_value(self, context: ResultContext) -> Mapping | None:
        return {"choices": [first_option(context, "Option A")]}


def jaccard(first: list, second: list) -> float:
    one = {_hashable(choice) for choice in first}
    other = {_hashable(choice) for choice in second}
    if not one and not other:
        return 1.0
    return len(one & other) / len(one | other)


def _hashable(choice: Any) -> Any:
    return tuple(choice) if isinstance(choice, list) else choice


class Choice(ChildTagType):
    name = "Choice"
    description = "One option of a Choices or Taxonomy control."
    children = ("Choice", "View", "Header")
    attributes = {
        "value": Attribute("string", required=True, help="Stored in the result."),
        "selected": Attribute("boolean", default=False),
        "alias": Attribute(help="Stored in the result instead of value."),
        "style": Attribute(),
        "hotkey": Attribute("hotkey"),
        "html": Attribute(help="Rich content shown instead of value."),
        "hint": Attribute(),
        "color": Attribute("color"),
    }


class Taxonomy(ControlTagType):
    name = "Taxonomy"
    description = "Pick nodes of a tree of nested Choice tags; results are paths."
    result_type = "taxonomy"
    option_tag = "Choice"
    children = ("Choice", *OPTION_CHILDREN)
    attributes = {
        **CONTROL_BASE,
        "apiUrl": Attribute(help="Load the tree from this URL instead."),
        "value": Attribute("data", help="Task data key holding the tree."),
        "leafsOnly": Attribute("boolean", default=False),
        "showFullPath": Attribute("boolean", default=False),
        "pathSeparator": Attribute(default=" / "),
        "maxUsages": Attribute("integer", minimum=1, help="Most items selected."),
        "maxWidth": Attribute(),
        "minWidth": Attribute(),
        "placeholder": Attribute(),
        "labeling": Attribute("boolean", default=False, help="Label text spans."),
        "legacy": Attribute("boolean", default=False),
        "allowAddLabels": Attribute("boolean"),
    }
    value_schema = {
        "type": "object",
        "required": ["taxonomy"],
        "properties": {
            "taxonomy": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            },
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "text": {"type": "string"},
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        control = context.control
        problems = []
        limit = control.attribute("maxUsages")
        paths = value["taxonomy"]
        if isinstance(limit, int) and len(paths) > limit:
            problems.append(
                (
                    "value.taxonomy",
                    f"{control.name!r} allows at most {limit} selected items "
                    f"(maxUsages); got {len(paths)}",
                )
            )

        if control.attribute("labeling") and "start" in value:
            problems.extend(span_problems_for_target(value, context))

        if not _fixed_tree(control):
            return problems
        tree = _tree(control)
        for position, path in enumerate(paths):
            problem = _path_problem(tuple(path), tree, control)
            if problem:
                problems.append((f"value.taxonomy.{position}", problem))
        return problems

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Jaccard overlap of the selected paths."""
        return jaccard(first.get("taxonomy", []), second.get("taxonomy", []))

    def sample_value(self, context: ResultContext) -> Mapping | None:
        control = context.control
        if not control.options:
            return {"taxonomy": [["Item"]]}
        deepest = max(control.options, key=lambda option: len(option.path))
        return {"taxonomy": [list(deepest.path)]}


def _fixed_tree(control: Any) -> bool:
    # Trees loaded at run time, or extended by annotators, are not known here.
    loose = control.attribute("apiUrl") or control.dynamic_options_key is not None
    adds = control.attribute("allowAddLabels")
    if adds is None:
        adds = control.attribute("legacy")
    return not loose and not adds


def _tree(control: Any) -> dict[tuple[str, ...], bool]:
    """Every valid path (with aliases as well as values) -> whether a leaf."""
    has_children = {option.path[:-1] for option in control.options}
    tree: dict[tuple[str, ...], bool] = {}
    by_path = {option.path: option for option in control.options}
    for option in control.options:
        spellings = [()]
        for depth in range(1, len(option.path) + 1):
            node = by_path.get(option.path[:depth])
            names = [option.path[depth - 1]]
            if node is not None and node.alias:
                names.append(node.alias)
            spellings = [(*s, name) for s in spellings for name in names]
        for spelling in spellings:
            tree[spelling] = option.path not in has_children
    return tree


def _path_problem(path: tuple[str, ...], tree, control) -> str | None:
    if path not in tree:
        depth = 0
        while depth < len(path) and path[: depth + 1] in tree:
            depth += 1
        known = path[:depth]
        below = sorted(
            {p[depth] for p in tree if len(p) == depth + 1 and p[:depth] == known}
        )
        where = repr(" / ".join(known)) if known else "the top level"
        shown = ", ".join(map(repr, below[:12])) or "nothing"
        return (
            f"the path {' / '.join(path)!r} is not in the taxonomy: "
            f"{path[depth]!r} is not under {where}, which has {shown}"
        )
    if control.attribute("leafsOnly") and not tree[path]:
        return (
            f"the path {' / '.join(path)!r} ends at an inner node, but "
            f"{control.name!r} takes only leaves (leafsOnly); pick one of its "
            f"children"
        )
    return None
