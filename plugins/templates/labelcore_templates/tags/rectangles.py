"""Object detection: boxes on an ``Image``, with labels or without."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ControlTagType, ResultContext
from labelcore_templates.tags.common import (
    LABEL_SET,
    NAME,
    OPTION_CHILDREN,
    REGION_STYLE,
    TO_NAME,
)
from labelcore_templates.tags.geometry import box_iou

# Label Studio's editor rounds positions, so a box flush with the right edge
# can sum to a hair above 100.
EDGE_TOLERANCE = 1e-6

PERCENT = {"type": "number", "minimum": 0, "maximum": 100}
BOX_PROPERTIES = {
    "x": PERCENT,
    "y": PERCENT,
    "width": PERCENT,
    "height": PERCENT,
    "rotation": {"type": "number"},
}
BOX_ATTRIBUTES = {
    **REGION_STYLE,
    "canRotate": Attribute("boolean", default=True),
    "snap": Attribute("enum", choices=("pixel", "none"), default="none"),
}


def box_problems(value: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A box must lie inside the image: right and bottom edges at most 100."""
    if value.get("rotation"):
        return []
    problems = []
    for start, size in (("x", "width"), ("y", "height")):
        edge = value[start] + value[size]
        if edge > 100 + EDGE_TOLERANCE:
            problems.append(
                (
                    f"value.{size}",
                    f"the box reaches {edge:g}% ({start} {value[start]:g} + {size} "
                    f"{value[size]:g}); boxes are in percent of the image, so "
                    f"{start} + {size} must be at most 100",
                )
            )
    return problems


class RectangleLabels(ControlTagType):
    name = "RectangleLabels"
    description = "Draw labelled boxes on an image (object detection)."
    result_type = "rectanglelabels"
    option_tag = "Label"
    targets = ("Image",)
    children = ("Label", *OPTION_CHILDREN)
    attributes = {**LABEL_SET, **BOX_ATTRIBUTES}
    value_schema = {
        "type": "object",
        "required": ["x", "y", "width", "height", "rectanglelabels"],
        "properties": {
            **BOX_PROPERTIES,
            "rectanglelabels": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string"},
            },
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        return box_problems(value)

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Box IoU, 0 when the labels differ."""
        if set(first.get("rectanglelabels", [])) != set(
            second.get("rectanglelabels", [])
        ):
            return 0.0
        return box_iou(first, second)


class Rectangle(ControlTagType):
    name = "Rectangle"
    description = "Draw boxes on an image without labels."
    result_type = "rectangle"
    targets = ("Image",)
    children = ()
    attributes = {"name": NAME, "toName": TO_NAME, **BOX_ATTRIBUTES}
    value_schema = {
        "type": "object",
        "required": ["x", "y", "width", "height"],
        "properties": BOX_PROPERTIES,
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        return box_problems(value)

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Box IoU."""
        return box_iou(first, second)
