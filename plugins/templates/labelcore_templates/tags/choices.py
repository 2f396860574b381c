"""Classification: ``Choices`` holds ``Choice`` options for a whole object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ChildTagType, ControlTagType, ResultContext
from labelcore_templates.tags.common import NAME, OPTION_CHILDREN, TO_NAME, VISIBILITY

SINGLE_MODES = ("single", "single-radio")


class Choices(ControlTagType):
    name = "Choices"
    description = "Pick one or several classes for an object (or a region)."
    result_type = "choices"
    option_tag = "Choice"
    children = ("Choice", *OPTION_CHILDREN)
    attributes = {
        "name": NAME,
        "toName": TO_NAME,
        "choice": Attribute(
            "enum",
            choices=("single", "single-radio", "multiple"),
            default="single",
            help="Single or multi-class classification.",
        ),
        "showInline": Attribute("boolean", default=False),
        "required": Attribute("boolean", default=False),
        "requiredMessage": Attribute(),
        "perRegion": Attribute("boolean", default=False),
        "perItem": Attribute("boolean", default=False),
        "value": Attribute("data", help="Task data key holding choices to load."),
        "allowNested": Attribute("boolean", default=False),
        "layout": Attribute("enum", choices=("select", "inline", "vertical")),
        **VISIBILITY,
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
        one = {_hashable(choice) for choice in first.get("choices", [])}
        other = {_hashable(choice) for choice in second.get("choices", [])}
        if not one and not other:
            return 1.0
        return len(one & other) / len(one | other)


def _hashable(choice: Any) -> Any:
    return tuple(choice) if isinstance(choice, list) else choice


class Choice(ChildTagType):
    name = "Choice"
    description = "One option of a Choices control."
    children = ("Choice",)
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
