"""Box geometry in percent of the image: corners, overlap, IoU.

Rotation is in degrees about the box's top-left corner, as Label Studio
stores it, and it turns the box in pixel space: on a wide image a box at 90
degrees spans a different share of the width than it did of the height. So
rotated boxes are compared in pixels when the image size is known (the
result's ``original_width`` and ``original_height``), else in percent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

Point = tuple[float, float]


def corners(
    box: Mapping[str, Any], image_width: float = 100.0, image_height: float = 100.0
) -> list[Point]:
    """The four corners of ``box`` in image units, clockwise from its top-left."""
    x_scale, y_scale = image_width / 100.0, image_height / 100.0
    x, y = float(box["x"]) * x_scale, float(box["y"]) * y_scale
    width = float(box["width"]) * x_scale
    height = float(box["height"]) * y_scale
    angle = math.radians(float(box.get("rotation") or 0.0))
    cos, sin = math.cos(angle), math.sin(angle)
    offsets = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
    return [(x + dx * cos - dy * sin, y + dx * sin + dy * cos) for dx, dy in offsets]


def polygon_area(points: list[Point]) -> float:
    area = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        area += x1 * y2 - x2 * y1
    return abs(area) / 2.0


def _clip(subject: list[Point], edge_start: Point, edge_end: Point) -> list[Point]:
    # One step of Sutherland-Hodgman: keep the part of the polygon on the
    # inner side of one edge of the (convex, clockwise) clipping polygon.
    def inside(point: Point) -> bool:
        return (edge_end[0] - edge_start[0]) * (point[1] - edge_start[1]) - (
            edge_end[1] - edge_start[1]
        ) * (point[0] - edge_start[0]) >= 0

    def crossing(first: Point, second: Point) -> Point:
        dx, dy = second[0] - first[0], second[1] - first[1]
        ex, ey = edge_end[0] - edge_start[0], edge_end[1] - edge_start[1]
        denominator = dx * ey - dy * ex
        if denominator == 0:
            return second
        t = ((edge_start[0] - first[0]) * ey - (edge_start[1] - first[1]) * ex) / (
            denominator
        )
        return first[0] + t * dx, first[1] + t * dy

    clipped: list[Point] = []
    for index, current in enumerate(subject):
        previous = subject[index - 1]
        if inside(current):
            if not inside(previous):
                clipped.append(crossing(previous, current))
            clipped.append(current)
        elif inside(previous):
            clipped.append(crossing(previous, current))
    return clipped


def intersection_area(first: list[Point], second: list[Point]) -> float:
    """Area shared by two convex polygons given clockwise."""
    clipped = first
    for index, edge_end in enumerate(second):
        if not clipped:
            return 0.0
        clipped = _clip(clipped, second[index - 1], edge_end)
    return polygon_area(clipped) if len(clipped) >= 3 else 0.0


def box_iou(
    first: Mapping[str, Any],
    second: Mapping[str, Any],
    image_width: float = 100.0,
    image_height: float = 100.0,
) -> float:
    """Intersection over union of two boxes, from 0 to 1.

    ``image_width`` and ``image_height`` (pixels) matter only for rotated
    boxes; without them the image is taken as square.
    """
    if first.get("rotation") or second.get("rotation"):
        one = corners(first, image_width, image_height)
        other = corners(second, image_width, image_height)
        shared = intersection_area(one, other)
        union = polygon_area(one) + polygon_area(other) - shared
        if union <= 0:
            return 1.0 if first == second else 0.0
        return shared / union

    left = max(first["x"], second["x"])
    top = max(first["y"], second["y"])
    right = min(first["x"] + first["width"], second["x"] + second["width"])
    bottom = min(first["y"] + first["height"], second["y"] + second["height"])
    shared = max(0.0, right - left) * max(0.0, bottom - top)
    union = first["width"] * first["height"] + second["width"] * second["height"]
    union -= shared
    if union <= 0:
        return 1.0 if first == second else 0.0
    return shared / union


def image_size(*items: Mapping[str, Any]) -> tuple[float, float]:
    """``(original_width, original_height)`` of the first item giving both."""
    for item in items:
        width, height = item.get("original_width"), item.get("original_height")
        if _positive(width) and _positive(height):
            return float(width), float(height)
    return 100.0, 100.0


def _positive(number: Any) -> bool:
    return (
        isinstance(number, (int, float)) and not isinstance(number, bool) and number > 0
    )
