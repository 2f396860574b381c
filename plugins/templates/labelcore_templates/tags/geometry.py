"""Box geometry in percent of the image: corners, overlap, IoU.

Rotation is in degrees about the box's top-left corner, as Label Studio
stores it. Rotated boxes are compared in percent space, which matches pixel
space exactly for square images and closely for others.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

Point = tuple[float, float]


def corners(box: Mapping[str, Any]) -> list[Point]:
    """The four corners of ``box``, clockwise from its top-left."""
    x, y = float(box["x"]), float(box["y"])
    width, height = float(box["width"]), float(box["height"])
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


def box_iou(first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
    """Intersection over union of two boxes, from 0 to 1."""
    if not (first.get("rotation") or second.get("rotation")):
        left = max(first["x"], second["x"])
        top = max(first["y"], second["y"])
        right = min(first["x"] + first["width"], second["x"] + second["width"])
        bottom = min(first["y"] + first["height"], second["y"] + second["height"])
        shared = max(0.0, right - left) * max(0.0, bottom - top)
    else:
        shared = intersection_area(corners(first), corners(second))

    union = first["width"] * first["height"] + second["width"] * second["height"]
    union -= shared
    if union <= 0:
        return 1.0 if first == second else 0.0
    return shared / union
