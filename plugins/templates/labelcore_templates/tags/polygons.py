"""Polygons, ellipses, key points and vector paths on an image.

Coordinates are percent of the image. Overlaps are computed with shapely
(imported on first comparison) in pixel units when the image size is known,
so that a polygon on a wide image is compared as it looks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from labelcore import Attribute
from labelcore_templates.tags.common import PERCENT
from labelcore_templates.tags.shapes import Shape, register, shape_controls

POINT = {"type": "array", "minItems": 2, "maxItems": 2, "items": PERCENT}
KEY_POINT_REACH = 5.0
"""Distance (percent of the image) at which two key points count as unrelated."""


def _area_overlap(first, second) -> float:
    first, second = first.buffer(0), second.buffer(0)
    union = first.union(second).area
    if union <= 0:
        return 1.0 if first.equals(second) else 0.0
    return first.intersection(second).area / union


def _polygon(points, width: float, height: float):
    from shapely.geometry import Polygon

    return Polygon([(x * width / 100, y * height / 100) for x, y in points])


def polygon_problems(value: Mapping[str, Any], item: Any = None) -> list:
    needed = 2 if value.get("closed") is False else 3
    if len(value["points"]) < needed:
        return [
            (
                "value.points",
                f"a polygon needs at least {needed} points; got {len(value['points'])}",
            )
        ]
    return []


def polygon_overlap(first, second, width: float, height: float) -> float:
    if len(first["points"]) < 3 or len(second["points"]) < 3:
        return 1.0 if first["points"] == second["points"] else 0.0
    return _area_overlap(
        _polygon(first["points"], width, height),
        _polygon(second["points"], width, height),
    )


POLYGON = register(
    Shape(
        kind="polygon",
        properties={
            "points": {"type": "array", "items": POINT},
            "closed": {"type": "boolean"},
        },
        required=("points",),
        problems=polygon_problems,
        overlap=polygon_overlap,
        sample=lambda: {
            "points": [[20.0, 20.0], [60.0, 25.0], [40.0, 70.0]],
            "closed": True,
        },
        attributes={
            "closed": Attribute("boolean"),
            "pointSize": Attribute(
                "enum", choices=("small", "medium", "large"), default="small"
            ),
        },
    )
)


def _ellipse(value, width: float, height: float):
    from shapely import affinity
    from shapely.geometry import Point

    centre = Point(value["x"] * width / 100, value["y"] * height / 100)
    shape = centre.buffer(1.0, 64)
    shape = affinity.scale(
        shape,
        max(value["radiusX"] * width / 100, 1e-9),
        max(value["radiusY"] * height / 100, 1e-9),
    )
    return affinity.rotate(shape, value.get("rotation") or 0.0, origin=centre)


ELLIPSE = register(
    Shape(
        kind="ellipse",
        properties={
            "x": PERCENT,
            "y": PERCENT,
            "radiusX": PERCENT,
            "radiusY": PERCENT,
            "rotation": {"type": "number"},
        },
        required=("x", "y", "radiusX", "radiusY"),
        problems=lambda value, item: [],
        overlap=lambda one, other, w, h: _area_overlap(
            _ellipse(one, w, h), _ellipse(other, w, h)
        ),
        sample=lambda: {
            "x": 50.0,
            "y": 50.0,
            "radiusX": 20.0,
            "radiusY": 10.0,
            "rotation": 0,
        },
        attributes={"canRotate": Attribute("boolean", default=True)},
    )
)


def key_point_closeness(first, second, width: float, height: float) -> float:
    """1 at the same spot, falling linearly to 0 at ``KEY_POINT_REACH`` percent."""
    dx = (first["x"] - second["x"]) * width / 100
    dy = (first["y"] - second["y"]) * height / 100
    reach = KEY_POINT_REACH * math.hypot(width, height) / math.hypot(100, 100)
    return max(0.0, 1.0 - math.hypot(dx, dy) / reach)


KEY_POINT = register(
    Shape(
        kind="keypoint",
        properties={
            "x": PERCENT,
            "y": PERCENT,
            "width": {"type": "number", "minimum": 0},
        },
        required=("x", "y"),
        problems=lambda value, item: [],
        overlap=key_point_closeness,
        sample=lambda: {"x": 42.0, "y": 37.5, "width": 0.75},
        attributes={"snap": Attribute("enum", choices=("pixel", "none"))},
    )
)


def _vector_line(value, width: float, height: float):
    from shapely.geometry import LineString, Polygon

    points = [(v["x"] * width / 100, v["y"] * height / 100) for v in value["vertices"]]
    if value.get("closed") and len(points) >= 3:
        return Polygon(points)
    if len(points) == 1:
        points = points * 2
    # An open path has no area: compare thin bands around the two paths.
    return LineString(points).buffer(0.01 * math.hypot(width, height))


def vector_problems(value: Mapping[str, Any], item: Any = None) -> list:
    ids = [vertex.get("id") for vertex in value["vertices"]]
    known = {vertex_id for vertex_id in ids if vertex_id is not None}
    for position, vertex in enumerate(value["vertices"]):
        previous = vertex.get("prevPointId")
        if previous is not None and previous not in known:
            return [
                (
                    f"value.vertices.{position}.prevPointId",
                    f"names the point {previous!r}, which is not among the "
                    f"vertices of this path",
                )
            ]
    return []


CONTROL_POINT = {
    "type": "object",
    "required": ["x", "y"],
    "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
}
VECTOR = register(
    Shape(
        kind="vector",
        properties={
            "vertices": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["x", "y"],
                    "properties": {
                        "x": PERCENT,
                        "y": PERCENT,
                        "id": {"type": ["string", "null"]},
                        "prevPointId": {"type": ["string", "null"]},
                        "isBezier": {"type": "boolean"},
                        "controlPoint1": CONTROL_POINT,
                        "controlPoint2": CONTROL_POINT,
                    },
                },
            },
            "closed": {"type": "boolean"},
        },
        required=("vertices",),
        problems=vector_problems,
        overlap=lambda one, other, w, h: _area_overlap(
            _vector_line(one, w, h), _vector_line(other, w, h)
        ),
        sample=lambda: {
            "vertices": [
                {"id": "p1", "x": 20.0, "y": 30.0, "prevPointId": None},
                {"id": "p2", "x": 70.0, "y": 60.0, "prevPointId": "p1"},
            ],
            "closed": False,
        },
        attributes={
            "closable": Attribute("boolean", default=False),
            "curves": Attribute("boolean", default=False),
            "skeleton": Attribute("boolean", default=False),
            "minPoints": Attribute("integer", minimum=0),
            "maxPoints": Attribute("integer", minimum=0),
            "constraintoriginal": Attribute("boolean"),
            "pointSizeEnabled": Attribute("integer"),
            "pointSizeDisabled": Attribute("integer"),
        },
    )
)

Polygon, PolygonLabels = shape_controls(
    POLYGON,
    ("Polygon", "Draw polygons on an image without labels."),
    ("PolygonLabels", "Draw labelled polygons on an image (segmentation)."),
)
Ellipse, EllipseLabels = shape_controls(
    ELLIPSE,
    ("Ellipse", "Draw ellipses on an image without labels."),
    ("EllipseLabels", "Draw labelled ellipses on an image."),
)
KeyPoint, KeyPointLabels = shape_controls(
    KEY_POINT,
    ("KeyPoint", "Place key points on an image without labels."),
    ("KeyPointLabels", "Place labelled key points on an image (pose, landmarks)."),
)
Vector, VectorLabels = shape_controls(
    VECTOR,
    ("Vector", "Draw paths (polylines, curves, skeletons) on an image."),
    ("VectorLabels", "Draw labelled paths on an image."),
)
