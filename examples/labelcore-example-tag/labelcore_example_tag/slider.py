"""``Slider``: a number between ``min`` and ``max``, such as a rating or a score.

Its result item is ``{"type": "slider", "value": {"slider": <number>}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ControlTagType, ResultContext


def _number(value: Any, fallback: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return fallback


class Slider(ControlTagType):
    name = "Slider"
    description = "Pick a number on a slider between min and max, in steps of step."
    result_type = "slider"
    children = ()
    attributes = {
        "name": Attribute("string", required=True, help="Unique name of the tag."),
        "toName": Attribute(
            "string", required=True, help="Name of the object tag the number is about."
        ),
        "min": Attribute("number", default=0, help="Smallest value."),
        "max": Attribute("number", default=100, help="Largest value."),
        "step": Attribute("number", default=1, help="Distance between two values."),
        "default": Attribute("number", help="Value the slider starts at."),
        "label": Attribute(help="Text shown before the slider."),
        "required": Attribute("boolean", default=False),
    }
    value_schema = {
        "type": "object",
        "required": ["slider"],
        "properties": {"slider": {"type": "number"}},
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        low = _number(context.control.attribute("min"), 0.0)
        high = _number(context.control.attribute("max"), 100.0)
        number = value["slider"]

        if not low <= number <= high:
            return [
                (
                    "value.slider",
                    f"{number} is outside the range of Slider "
                    f"{context.control.name!r}; expected a number from {low:g} "
                    f"to {high:g}",
                )
            ]
        return []

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """1 for the same number, falling towards 0 as the numbers part."""
        distance = abs(
            _number(first.get("slider"), 0) - _number(second.get("slider"), 0)
        )
        return 1.0 / (1.0 + distance)
