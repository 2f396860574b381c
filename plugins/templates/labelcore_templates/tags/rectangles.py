"""Object detection: boxes on an ``Image``, with labels or without.

A box is ``x``, ``y``, ``width``, ``height`` in percent of the image and a
``rotation`` in degrees about its top-left corner.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute
from labelcore_templates.tags.common import EDGE_TOLERANCE, PERCENT
from labelcore_templates.tags.geometry import box_iou
from labelcore_templates.tags.shapes import Shape, register, shape_controls

BOX_PROPERTIES = {
    "x": PERCENT,
    "y": PERCENT,
    "width": PERCENT,
    "height": PERCENT,
    "rotation": {"type": "number"},
}
BOX_ATTRIBUTES = {
    "canRotate": Attribute("boolean", default=True),
    "snap": Attribute("enum", choices=("pixel", "none"), default="none"),
}


def box_problems(value: Mapping[str, Any], item: Any = None) -> list[tuple[str, str]]:
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


BOX = register(
    Shape(
        kind="rectangle",
        properties=BOX_PROPERTIES,
        required=("x", "y", "width", "height"),
        problems=box_problems,
        overlap=box_iou,
        sample=lambda: {
            "x": 10.0,
            "y": 15.0,
            "width": 40.0,
            "height": 30.0,
            "rotation": 0,
        },
        attributes=BOX_ATTRIBUTES,
    )
)

Rectangle, RectangleLabels = shape_controls(
    BOX,
    ("Rectangle", "Draw boxes on an image without labels."),
    ("RectangleLabels", "Draw labelled boxes on an image (object detection)."),
)
