"""YOLO and YOLO with oriented boxes, in a zip.

``classes.txt`` names the classes by line, ``notes.json`` lists them as
categories, ``labels/<image name>.txt`` holds one line per region, and
``images/`` the images when resources are asked for. Label files are named
after the decoded image name, so ``café.jpg`` gets ``labels/café.txt``.

YOLO lines are ``class x_center y_center width height`` in fractions of the
image; a rotated rectangle becomes its true axis-aligned envelope, worked
out in pixels. Oriented-box lines are ``class x1 y1 x2 y2 x3 y3 x4 y4``:
the four corners, clockwise from the rectangle's own top-left. Polygons
become YOLO segment lines (``class x1 y1 x2 y2 ...``). Values are cut to
the image.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from labelcore import ExportContext
from labelcore_formats.geometry import clamp, envelope, region_shape
from labelcore_formats.images import Classes, ImageDatasetExporter, first_label
from labelcore_formats.zipping import ZipStream


def _fraction(value: float) -> str:
    return f"{min(max(value, 0.0), 1.0):.6f}"


class YOLOExporter(ImageDatasetExporter):
    name = "YOLO"
    title = "YOLO"
    description = (
        "YOLO labels, a text file per image with one box a line in fractions "
        "of the image, and classes.txt."
    )
    tags = ("image segmentation", "object detection")
    oriented = False

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        classes = self.classes(context)
        archive = ZipStream()
        for entry in self.entries(tasks, context):
            lines = []
            for item in entry.items:
                line = self.line(item, entry.size, classes)
                if line is not None:
                    lines.append(line)
            archive.add(f"labels/{entry.stem}.txt", "".join(lines))
            resource = self.resource(entry, context)
            if resource is not None:
                yield from archive.add_file(*resource)
            yield archive.take()

        archive.add("classes.txt", "".join(f"{name}\n" for name in classes.names))
        notes = {
            "categories": [
                {"id": number, "name": name}
                for number, name in enumerate(classes.names)
            ],
            "info": {"year": None, "version": "1.0", "contributor": "LabelCore"},
        }
        archive.add("notes.json", orjson.dumps(notes, option=orjson.OPT_INDENT_2))
        yield archive.close()

    def line(self, item: dict[str, Any], size, classes: Classes) -> str | None:
        value = item["value"]
        class_id = classes.id_of(first_label(item, item.get("from_name", "")))
        rotated = bool(value.get("rotation"))
        if (rotated or "points" in value) and size is None:
            # Turning or tracing needs pixels; without the image size the
            # region cannot be placed.
            return None
        width, height = size or (100.0, 100.0)
        outline = region_shape(item, width, height)
        if "points" in value:
            coordinates = " ".join(
                f"{_fraction(x / width)} {_fraction(y / height)}" for x, y in outline
            )
            return f"{class_id} {coordinates}\n"
        if self.oriented:
            coordinates = " ".join(
                f"{_fraction(x / width)} {_fraction(y / height)}" for x, y in outline
            )
            return f"{class_id} {coordinates}\n"
        left, top, right, bottom = clamp(envelope(outline), width, height)
        centre_x, centre_y = (left + right) / 2 / width, (top + bottom) / 2 / height
        across, down = (right - left) / width, (bottom - top) / height
        return (
            f"{class_id} {_fraction(centre_x)} {_fraction(centre_y)} "
            f"{_fraction(across)} {_fraction(down)}\n"
        )


class YOLOOrientedExporter(YOLOExporter):
    name = "YOLO_OBB"
    title = "YOLO with oriented boxes"
    description = (
        "YOLO oriented bounding boxes: the four corners of each rectangle, "
        "rotation included, in fractions of the image."
    )
    tags = ("object detection",)
    oriented = True
