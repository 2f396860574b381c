"""How alike two results are, per control: the agreement building block."""

from __future__ import annotations

import pytest
from labelcore_templates.tags import (
    Choices,
    Labels,
    Rectangle,
    RectangleLabels,
    TextArea,
)


def test_choices_same_set_is_one_and_overlap_is_jaccard():
    choices = Choices()

    assert choices.similarity({"choices": ["a", "b"]}, {"choices": ["b", "a"]}) == 1
    assert choices.similarity({"choices": ["a"]}, {"choices": ["b"]}) == 0
    assert choices.similarity({"choices": ["a", "b"]}, {"choices": ["a"]}) == 0.5


def test_span_overlap_over_union_and_labels_must_agree():
    labels = Labels()
    first = {"start": 0, "end": 10, "labels": ["PER"]}

    assert labels.similarity(first, dict(first)) == 1
    assert labels.similarity(first, {"start": 5, "end": 15, "labels": ["PER"]}) == (
        pytest.approx(5 / 15)
    )
    assert labels.similarity(first, {"start": 10, "end": 20, "labels": ["PER"]}) == 0
    assert labels.similarity(first, {"start": 0, "end": 10, "labels": ["ORG"]}) == 0


def test_box_iou_axis_aligned():
    boxes = RectangleLabels()
    first = {"x": 0, "y": 0, "width": 20, "height": 20, "rectanglelabels": ["Cat"]}
    shifted = {**first, "x": 10}

    assert boxes.similarity(first, first) == 1
    assert boxes.similarity(first, shifted) == pytest.approx(200 / 600)
    assert boxes.similarity(first, {**first, "rectanglelabels": ["Dog"]}) == 0
    assert boxes.similarity(first, {**first, "x": 50}) == 0


def test_box_iou_with_rotation():
    rectangle = Rectangle()
    square = {"x": 10, "y": 10, "width": 10, "height": 10, "rotation": 0}
    # A quarter turn about the top-left corner covers the square to its left.
    turned = {**square, "rotation": 90}
    turned_back = {"x": 20, "y": 10, "width": 10, "height": 10, "rotation": 90}

    assert rectangle.similarity(square, turned) == pytest.approx(0, abs=1e-9)
    assert rectangle.similarity(square, turned_back) == pytest.approx(1)
    half = {"x": 15, "y": 10, "width": 10, "height": 10, "rotation": 90}
    assert rectangle.similarity(square, half) == pytest.approx(50 / 150)


def test_text_equality_ignores_spacing_only():
    area = TextArea()

    assert area.similarity({"text": ["a  cat\n"]}, {"text": ["a cat"]}) == 1
    assert area.similarity({"text": ["a cat"]}, {"text": ["a dog"]}) == 0


def test_rotated_boxes_compare_in_pixels_on_a_wide_image():
    boxes = RectangleLabels()
    # On a 200x100 image, 10% wide is 20 px and 20% high is 20 px: a square.
    square = {"x": 10, "y": 20, "width": 10, "height": 20, "rotation": 0}
    quarter = {"x": 20, "y": 20, "width": 10, "height": 20, "rotation": 90}
    wide = {"original_width": 200, "original_height": 100}

    def item(value):
        return {"value": {**value, "rectanglelabels": ["A"]}, **wide}

    # Turned a quarter about its top-left corner, the square stays on itself
    # in pixels; in percent space (a square image) it would not.
    assert boxes.compare(item(square), item(quarter)) == pytest.approx(1)
    assert boxes.similarity(
        {**square, "rectanglelabels": ["A"]}, {**quarter, "rectanglelabels": ["A"]}
    ) == pytest.approx(1 / 3)


def test_polygon_and_ellipse_overlap_as_areas():
    from labelcore_templates.tags import Ellipse, Polygon

    polygon = Polygon()
    square = {"points": [[0, 0], [10, 0], [10, 10], [0, 10]]}
    half = {"points": [[5, 0], [15, 0], [15, 10], [5, 10]]}
    assert polygon.similarity(square, square) == pytest.approx(1)
    assert polygon.similarity(square, half) == pytest.approx(50 / 150)

    ellipse = Ellipse()
    round_one = {"x": 50, "y": 50, "radiusX": 10, "radiusY": 10}
    assert ellipse.similarity(round_one, round_one) == pytest.approx(1)
    assert ellipse.similarity(round_one, {**round_one, "x": 80}) == 0


def test_key_points_are_close_within_five_percent():
    from labelcore_templates.tags import KeyPoint

    points = KeyPoint()

    assert points.similarity({"x": 10, "y": 10}, {"x": 10, "y": 10}) == 1
    assert points.similarity({"x": 10, "y": 10}, {"x": 13, "y": 14}) == pytest.approx(0)
    assert points.similarity({"x": 10, "y": 10}, {"x": 11.5, "y": 12}) == pytest.approx(
        0.5
    )


def test_brush_masks_overlap_pixel_by_pixel():
    from labelcore_templates.tags import Brush, rle

    brush = Brush()
    left = {"rle": rle.mask_rle(4, 2, lambda x, y: x < 2)}
    middle = {"rle": rle.mask_rle(4, 2, lambda x, y: 1 <= x < 3)}

    assert brush.similarity(left, left) == 1
    assert brush.similarity(left, middle) == pytest.approx(2 / 6)


def _png_mask(width: int, height: int, inside) -> str:
    import base64
    import io

    from PIL import Image

    image = Image.new("RGBA", (width, height))
    for x in range(width):
        for y in range(height):
            if inside(x, y):
                image.putpixel((x, y), (255, 0, 0, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_bitmasks_overlap_pixel_by_pixel_also_at_another_resolution():
    from labelcore_templates.tags import BitmaskLabels

    bitmask = BitmaskLabels()
    left = {"imageDataURL": _png_mask(4, 2, lambda x, y: x < 2)}
    middle = {"imageDataURL": _png_mask(4, 2, lambda x, y: 1 <= x < 3)}
    left_doubled = {"imageDataURL": _png_mask(8, 4, lambda x, y: x < 4)}

    assert bitmask.similarity(left, left) == 1
    assert bitmask.similarity(left, middle) == pytest.approx(2 / 6)
    assert bitmask.similarity(left, left_doubled) == 1
    assert bitmask.similarity(middle, left_doubled) == pytest.approx(2 / 6)


def test_rankings_agree_on_the_order_of_pairs():
    from labelcore_templates.tags import Ranker

    ranker = Ranker()
    order = {"ranker": ["a", "b", "c"]}

    assert ranker.similarity(order, order) == 1
    assert ranker.similarity(order, {"ranker": ["c", "b", "a"]}) == 0
    assert ranker.similarity(order, {"ranker": ["b", "a", "c"]}) == pytest.approx(2 / 3)


def test_ratings_and_numbers_are_closer_the_nearer_they_are():
    from labelcore_templates.tags import Number, Rating

    assert Rating().similarity({"rating": 4}, {"rating": 4}) == 1
    assert Rating().similarity({"rating": 2}, {"rating": 4}) == pytest.approx(0.5)
    assert Number().similarity({"number": 10}, {"number": 8}) == pytest.approx(0.8)


def test_timeline_frames_and_time_series_ranges_overlap():
    from labelcore_templates.tags import TimelineLabels, TimeSeriesLabels

    timeline = TimelineLabels()
    first = {"ranges": [{"start": 1, "end": 4}], "timelinelabels": ["Run"]}
    second = {"ranges": [{"start": 3, "end": 6}], "timelinelabels": ["Run"]}
    assert timeline.similarity(first, second) == pytest.approx(2 / 6)

    series = TimeSeriesLabels()
    one = {"start": 0, "end": 10, "timeserieslabels": ["Up"]}
    assert series.similarity(one, {**one, "start": 5}) == pytest.approx(0.5)
