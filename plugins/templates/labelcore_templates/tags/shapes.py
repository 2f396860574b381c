"""Image regions as data: one ``Shape`` per kind, two control tags per shape.

Every drawing tool of Label Studio comes as a pair, ``Polygon`` and
``PolygonLabels``: the same geometry, without and with labels. A ``Shape``
says what its value holds and how it is checked and compared; the factory
turns it into both tags.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from labelcore import Attribute, ControlTagType, ResultContext
from labelcore_templates.tags.common import (
    CONTROL_BASE,
    LABEL_LIST,
    LABEL_SET,
    OPTION_CHILDREN,
    REGION_STYLE,
    first_option,
    same_labels,
    single_label_problem,
)
from labelcore_templates.tags.geometry import image_size

IMAGE_ITEM = {"original_width", "original_height", "image_rotation"}


@dataclass(frozen=True)
class Shape:
    """What one kind of image region holds, and how it is checked."""

    kind: str
    properties: Mapping[str, Any]
    required: tuple[str, ...]
    problems: Callable[[Mapping[str, Any], Mapping[str, Any]], list]
    """``(value, item)`` -> ``(field, message)`` pairs past the schema."""
    overlap: Callable[[Mapping, Mapping, float, float], float]
    """``(first value, second value, image width, image height)`` -> 0..1."""
    sample: Callable[[], dict]
    attributes: Mapping[str, Attribute] = field(default_factory=dict)


SHAPES: dict[str, Shape] = {}
"""Every shape by kind, so that ``Labels`` next to a tool can check its value."""


def register(shape: Shape) -> Shape:
    SHAPES[shape.kind] = shape
    return shape


def shape_of(value: Mapping[str, Any]) -> Shape | None:
    """The shape whose required keys ``value`` has (the most specific one)."""
    found = [s for s in SHAPES.values() if all(key in value for key in s.required)]
    return max(found, key=lambda shape: len(shape.required), default=None)


def geometry_problems(value: Mapping[str, Any], item=None) -> list:
    """The checks of whichever shape ``value`` is (``Labels`` on an image).

    ``Labels`` declares no geometry in its own schema, so the shape's schema
    is applied here before the shape's rules.
    """
    shape = shape_of(value)
    if shape is None:
        return []
    problem = _schema_problem(shape, value)
    if problem is not None:
        return [problem]
    return shape.problems(value, item or {})


@cache
def _validator(kind: str):
    import fastjsonschema

    shape = SHAPES[kind]
    return fastjsonschema.compile(
        {
            "type": "object",
            "required": list(shape.required),
            "properties": dict(shape.properties),
        }
    )


def _schema_problem(shape: Shape, value: Mapping[str, Any]) -> tuple | None:
    import fastjsonschema

    try:
        _validator(shape.kind)(dict(value))
    except fastjsonschema.JsonSchemaValueException as error:
        path = (error.name or "data")[len("data") :]
        rule = (error.message or "").replace(error.name or "data", "", 1).strip()
        return f"value{path}", f"{rule}; got {error.value!r}"
    return None


def geometry_similarity(first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
    shape = shape_of(first)
    if shape is None or shape is not shape_of(second):
        return 1.0 if first == second else 0.0
    return shape.overlap(first, second, 100.0, 100.0)


def sample_box() -> dict:
    return SHAPES["rectangle"].sample()


def shape_controls(
    shape: Shape,
    plain: tuple[str, str],
    labelled: tuple[str, str] | None,
    targets: tuple[str, ...] = ("Image",),
) -> tuple[type[ControlTagType], type[ControlTagType] | None]:
    """The unlabelled and the labelled control tag for ``shape``.

    ``plain`` and ``labelled`` are ``(tag name, description)``.
    """
    schema = {
        "type": "object",
        "required": list(shape.required),
        "properties": dict(shape.properties),
    }

    class Plain(ControlTagType):
        name = plain[0]
        description = plain[1]
        result_type = plain[0].lower()
        creates_regions = True
        children = ()
        attributes = {**CONTROL_BASE, **REGION_STYLE, **shape.attributes}
        value_schema = schema

        def check_value(self, value, context: ResultContext) -> list:
            return shape.problems(value, context.item or {})

        def similarity(self, first, second) -> float:
            """Overlap of the two regions (intersection over union)."""
            return shape.overlap(first, second, 100.0, 100.0)

        def compare(self, first, second) -> float:
            """Overlap in pixels when the items give the image size."""
            return shape.overlap(
                first.get("value") or {},
                second.get("value") or {},
                *image_size(first, second),
            )

        def sample_value(self, context: ResultContext) -> Mapping | None:
            return shape.sample()

    Plain.__name__ = Plain.__qualname__ = plain[0]
    Plain.targets = targets
    if labelled is None:
        return Plain, None

    field_name = labelled[0].lower()

    class Labelled(ControlTagType):
        name = labelled[0]
        description = labelled[1]
        result_type = field_name
        option_tag = "Label"
        creates_regions = True
        children = ("Label", *OPTION_CHILDREN)
        attributes = {**LABEL_SET, **REGION_STYLE, **shape.attributes}
        value_schema = {
            **schema,
            "required": [*shape.required, field_name],
            "properties": {
                **shape.properties,
                field_name: {**LABEL_LIST, "minItems": 1},
            },
        }

        def check_value(self, value, context: ResultContext) -> list:
            problems = single_label_problem(value, context, field_name)
            return problems + shape.problems(value, context.item or {})

        def similarity(self, first, second) -> float:
            """Region overlap (intersection over union); 0 if labels differ."""
            if not same_labels(first, second, field_name):
                return 0.0
            return shape.overlap(first, second, 100.0, 100.0)

        def compare(self, first, second) -> float:
            """Like ``similarity``, in pixels when the items give the size."""
            one, other = first.get("value") or {}, second.get("value") or {}
            if not same_labels(one, other, field_name):
                return 0.0
            return shape.overlap(one, other, *image_size(first, second))

        def sample_value(self, context: ResultContext) -> Mapping | None:
            return {**shape.sample(), field_name: [first_option(context)]}

    Labelled.targets = targets
    Labelled.__name__ = Labelled.__qualname__ = labelled[0]
    return Plain, Labelled
