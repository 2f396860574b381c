"""Region geometry in pixels: rotated rectangles, polygons, envelopes.

Label Studio stores a rectangle in percent of the image with its rotation
in degrees, clockwise about the top-left corner. Rotation has to happen in
pixels: on a non-square image one percent across is not one percent down,
so rotating percent coordinates would give the wrong shape.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

Point = tuple[float, float]


def rectangle_corners(
    value: dict[str, Any], width: float, height: float
) -> list[Point]:
    """The four corners in pixels, clockwise from the rectangle's own top-left."""
    left = float(value.get("x", 0)) * width / 100
    top = float(value.get("y", 0)) * height / 100
    across = float(value.get("width", 0)) * width / 100
    down = float(value.get("height", 0)) * height / 100
    angle = math.radians(float(value.get("rotation") or 0))
    cos, sin = math.cos(angle), math.sin(angle)
    corners = []
    for dx, dy in ((0, 0), (across, 0), (across, down), (0, down)):
        # Image y points down, so this turn is clockwise on screen.
        corners.append((left + dx * cos - dy * sin, top + dx * sin + dy * cos))
    return corners


def polygon_points(value: dict[str, Any], width: float, height: float) -> list[Point]:
    return [
        (float(x) * width / 100, float(y) * height / 100)
        for x, y in value.get("points") or []
    ]


def envelope(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the axis-aligned box around ``points``."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def clamp(box: tuple[float, float, float, float], width: float, height: float):
    left, top, right, bottom = box
    return (
        min(max(left, 0.0), width),
        min(max(top, 0.0), height),
        min(max(right, 0.0), width),
        min(max(bottom, 0.0), height),
    )


def pixel(value: float) -> int:
    """A coordinate rounded half up to a whole pixel (not to even)."""
    return math.floor(value + 0.5)


def polygon_area(points: Sequence[Point]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(points, [*points[1:], points[0]], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def region_shape(item: dict[str, Any], width: float, height: float) -> list[Point]:
    """The outline of a rectangle or polygon result item, in pixels."""
    value = item.get("value") or {}
    if "points" in value:
        return polygon_points(value, width, height)
    return rectangle_corners(value, width, height)
