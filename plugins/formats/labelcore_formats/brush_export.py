"""Brush masks as PNG images or NumPy arrays, one file per region, in a zip.

Each brush region of an annotation that was not skipped becomes, as in
Label Studio,
``task-<task>-annotation-<annotation>-by-<annotator>-<control>-<labels>-<n>.png``
(or ``.npy``): a grey-scale image, or a ``height`` x ``width`` uint8 array,
of the mask's alpha channel. ``<annotator>`` is the annotator's e-mail
with only letters, digits, ``@`` and ``.`` kept; ``<labels>`` are the
region's labels joined by ``-`` (``no_label`` when it has none); ``<n>``
counts the annotation's regions of that control and labels from 0. A
``/`` or ``\\`` in the control or labels becomes ``-``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from labelcore import ExportContext, Exporter
from labelcore_formats.minified import Annotators
from labelcore_formats.regions import controls_of, kept_annotations
from labelcore_formats.rle import MaskError, mask
from labelcore_formats.zipping import ZipStream

# The value key of a region's labels, by the result's type.
LABEL_KEYS = {"brushlabels": "brushlabels", "labels": "labels"}


def _annotator(email: Any) -> str:
    return "".join(c for c in str(email) if c.isalnum() or c in "@.")


def _layer(item: dict[str, Any], value: dict[str, Any]) -> str:
    """``<control>-<labels>``: what a mask file is named after."""
    labels = value.get(LABEL_KEYS.get(item.get("type"), ""))
    if not isinstance(labels, list):
        labels = ["no_label"]
    name = f"{item.get('from_name')}-{'-'.join(str(label) for label in labels)}"
    return name.replace("/", "-").replace("\\", "-")


class BrushExporter(Exporter):
    media_type = "application/zip"
    file_extension = ".zip"
    tags = ("image segmentation",)
    extension = ".png"

    def applies_to(self, parsed_config: Any) -> bool:
        controls = ("BrushLabels", "Brush", "MagicWand")
        return next(controls_of(parsed_config, controls, ("Image",)), None) is not None

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        archive = ZipStream()
        annotators = Annotators()
        problems = []
        for task in tasks:
            for annotation in kept_annotations(task):
                prefix = (
                    f"task-{task['id']}-annotation-{annotation.get('id')}-by-"
                    f"{_annotator(annotators.email(annotation.get('completed_by')))}"
                )
                numbers: dict[str, int] = {}
                for item in annotation.get("result") or []:
                    value = item.get("value") or {}
                    if "rle" not in value or value.get("format", "rle") != "rle":
                        continue
                    layer = _layer(item, value)
                    number = numbers.get(layer, 0)
                    numbers[layer] = number + 1
                    name = f"{prefix}-{layer}-{number}{self.extension}"
                    try:
                        archive.add(name, self.encode(item, value))
                    except MaskError as error:
                        problems.append(f"{name}: {error}")
            yield archive.take()
        if problems:
            archive.add("problems.txt", "".join(f"{line}\n" for line in problems))
        yield archive.close()

    def _mask(self, item: dict[str, Any], value: dict[str, Any]):
        width, height = item.get("original_width"), item.get("original_height")
        if not isinstance(width, int) or not isinstance(height, int):
            raise MaskError("the region has no original_width and original_height")
        return mask(value["rle"], width, height)

    def encode(self, item: dict[str, Any], value: dict[str, Any]) -> bytes:
        raise NotImplementedError


class BrushPNGExporter(BrushExporter):
    name = "BRUSH_TO_PNG"
    title = "Brush masks as PNG"
    description = "Each brush region as a grey-scale PNG mask, in a zip."

    def encode(self, item, value) -> bytes:
        from PIL import Image

        output = io.BytesIO()
        Image.fromarray(self._mask(item, value), mode="L").save(output, "PNG")
        return output.getvalue()


class BrushNumpyExporter(BrushExporter):
    name = "BRUSH_TO_NUMPY"
    title = "Brush masks as NumPy arrays"
    description = "Each brush region as a .npy array of 0-255, in a zip."
    extension = ".npy"

    def encode(self, item, value) -> bytes:
        import numpy

        output = io.BytesIO()
        numpy.save(output, numpy.ascontiguousarray(self._mask(item, value)))
        return output.getvalue()
