"""Brush masks as PNG images or NumPy arrays, one file per region, in a zip.

Each brush region of a task's annotations becomes
``task-<task>-annotation-<annotation>-by-<annotator>-tag-<label>-<n>.png``
(or ``.npy``): a grey-scale image, or a ``height`` x ``width`` uint8 array,
of the mask's alpha channel.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from labelcore import ExportContext, Exporter
from labelcore_formats.regions import controls_of, labels_of
from labelcore_formats.rle import MaskError, mask
from labelcore_formats.zipping import ZipStream

UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")


def _safe(text: Any) -> str:
    return UNSAFE.sub("_", str(text)) or "_"


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
        problems = []
        for task in tasks:
            for annotation in task.get("annotations") or []:
                if annotation.get("was_cancelled"):
                    continue
                numbers: dict[str, int] = {}
                for item in annotation.get("result") or []:
                    value = item.get("value") or {}
                    if value.get("format") != "rle" or "rle" not in value:
                        continue
                    label = (labels_of(item) or [item.get("from_name", "mask")])[0]
                    numbers[label] = numbers.get(label, 0) + 1
                    name = (
                        f"task-{task['id']}-annotation-{annotation.get('id')}-by-"
                        f"{_safe(annotation.get('completed_by'))}-tag-{_safe(label)}-"
                        f"{numbers[label]}{self.extension}"
                    )
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
