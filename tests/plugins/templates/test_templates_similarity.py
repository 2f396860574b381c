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
