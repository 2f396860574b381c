"""Pixel masks: brush strokes (RLE), the magic wand, and PNG bitmasks.

A brush value is ``{"format": "rle", "rle": [...]}``, the RGBA pixels of the
whole image run-length packed (see ``rle``); with the image size in the
result item the count of values must be ``width * height * 4``. A bitmask is
a PNG data URI of the mask.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from functools import cache
from typing import Any

from labelcore import Attribute
from labelcore_templates.tags import rle, sample_media
from labelcore_templates.tags.shapes import Shape, register, shape_controls

SAMPLE_SIZE = (sample_media.IMAGE_WIDTH, sample_media.IMAGE_HEIGHT)
PNG_PREFIX = "data:image/png;base64,"


def brush_problems(value: Mapping[str, Any], item: Mapping[str, Any]) -> list:
    if value.get("format", "rle") != "rle":
        return [("value.format", f"must be 'rle'; got {value.get('format')!r}")]
    try:
        count = rle.value_count(value["rle"])
    except rle.RleError as error:
        return [("value.rle", f"is not a complete Label Studio RLE mask: {error}")]

    width, height = item.get("original_width"), item.get("original_height")
    if isinstance(width, int) and isinstance(height, int) and width * height:
        expected = width * height * 4
        if count != expected:
            return [
                (
                    "value.rle",
                    f"holds {count} values, but an image of {width}x{height} "
                    f"pixels needs {expected} (4 per pixel); encode the mask at "
                    f"the image's original size",
                )
            ]
    return []


def _alpha(value: Mapping[str, Any]):
    import numpy

    # Every fourth value is a pixel's alpha: set where the mask is.
    values = numpy.frombuffer(bytes(rle.decode(value["rle"])), dtype=numpy.uint8)
    return values[3::4] > 0


def brush_overlap(first, second, width: float, height: float) -> float:
    one, other = _alpha(first), _alpha(second)
    if one.shape != other.shape:
        return 0.0
    either = int((one | other).sum())
    return 1.0 if either == 0 else int((one & other).sum()) / either


@cache
def _sample_rle() -> tuple[int, ...]:
    width, height = SAMPLE_SIZE
    inside = lambda x, y: 40 <= x < 120 and 50 <= y < 130  # noqa: E731
    return tuple(rle.mask_rle(width, height, inside))


def _sample_brush() -> dict:
    return {"format": "rle", "rle": list(_sample_rle())}


BRUSH_VALUE = {
    "format": {"type": "string"},
    "rle": {
        "type": "array",
        "items": {"type": "integer", "minimum": 0, "maximum": 255},
    },
}
BRUSH = register(
    Shape(
        kind="brush",
        properties=BRUSH_VALUE,
        required=("rle",),
        problems=brush_problems,
        overlap=brush_overlap,
        sample=_sample_brush,
        attributes={
            "smart": Attribute("boolean"),
            "smartOnly": Attribute("boolean"),
        },
    )
)


def bitmask_problems(value: Mapping[str, Any], item: Any = None) -> list:
    url = value["imageDataURL"]
    if not url.startswith(PNG_PREFIX):
        return [
            (
                "value.imageDataURL",
                f"must be a PNG data URI starting with {PNG_PREFIX!r}; got "
                f"{url[:30]!r}",
            )
        ]
    try:
        content = base64.b64decode(url[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return [("value.imageDataURL", "holds base64 that does not decode")]
    if not content.startswith(b"\x89PNG\r\n\x1a\n"):
        return [("value.imageDataURL", "decodes to bytes that are not a PNG image")]
    return []


def _bitmask_pixels(value: Mapping[str, Any], size: tuple[int, int] | None = None):
    """Where the PNG mask is set: its alpha channel where it has one (Label
    Studio paints opaque pixels on a transparent sheet), else any non-black
    pixel. ``size`` rescales it, so that masks saved at another resolution of
    the same image still compare."""
    import io

    import numpy
    from PIL import Image

    content = base64.b64decode(value["imageDataURL"][len(PNG_PREFIX) :])
    with Image.open(io.BytesIO(content)) as image:
        mask = image.getchannel("A") if "A" in image.getbands() else image.convert("L")
        if size is not None and mask.size != size:
            mask = mask.resize(size, Image.Resampling.NEAREST)
        return numpy.asarray(mask) > 0


def bitmask_overlap(first, second, width: float, height: float) -> float:
    """Intersection over union of the two masks' pixels."""
    if first["imageDataURL"] == second["imageDataURL"]:
        return 1.0
    one = _bitmask_pixels(first)
    other = _bitmask_pixels(second, (one.shape[1], one.shape[0]))
    either = int((one | other).sum())
    return 1.0 if either == 0 else int((one & other).sum()) / either


BITMASK = register(
    Shape(
        kind="bitmask",
        properties={"imageDataURL": {"type": "string"}, "format": {"type": "string"}},
        required=("imageDataURL",),
        problems=bitmask_problems,
        overlap=bitmask_overlap,
        sample=lambda: {"imageDataURL": sample_media.mask_png()},
    )
)

Brush, BrushLabels = shape_controls(
    BRUSH,
    ("Brush", "Paint masks on an image without labels."),
    ("BrushLabels", "Paint labelled masks on an image (semantic segmentation)."),
)
MagicWand, _ = shape_controls(
    BRUSH,
    ("MagicWand", "Flood-fill masks by colour similarity; stored as brush masks."),
    None,
)
MagicWand.attributes = {
    **MagicWand.attributes,
    "blurradius": Attribute("number", default=5, minimum=0),
    "defaultthreshold": Attribute("number", default=15, minimum=0),
}
MagicWand.value_schema = {
    **MagicWand.value_schema,
    "properties": {**BRUSH_VALUE, "brushlabels": {"type": "array"}},
}
Bitmask, BitmaskLabels = shape_controls(
    BITMASK,
    ("Bitmask", "Paint pixel masks stored as PNG, without labels."),
    ("BitmaskLabels", "Paint labelled pixel masks stored as PNG."),
)
