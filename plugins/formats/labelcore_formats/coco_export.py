"""COCO: ``result.json`` with images, categories and annotations, in a zip.

Every image is listed, also one without regions. A rectangle's ``bbox`` is
its axis-aligned envelope in pixels, so a rotated one gets the box that
really holds it, and its ``segmentation`` gives the four corners. The
annotations are kept in a temporary file while the images stream, so the
export holds no more than a page of tasks in memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from labelcore import ExportContext
from labelcore_formats.geometry import envelope, polygon_area, region_shape
from labelcore_formats.images import ImageDatasetExporter, first_label
from labelcore_formats.zipping import ZipStream

SPOOL_BYTES = 8 << 20


def _number(value: float) -> float:
    return round(value, 4)


class COCOExporter(ImageDatasetExporter):
    name = "COCO"
    title = "COCO"
    description = (
        "The COCO object detection format: images, categories and boxes or "
        "polygons in pixels, with the images when resources are asked for."
    )
    tags = ("image segmentation", "object detection")

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        archive = ZipStream()
        files: list = []
        with (
            tempfile.SpooledTemporaryFile(SPOOL_BYTES) as annotations,
            archive.open("result.json") as result,
        ):
            yield from self._result(tasks, context, archive, result, annotations, files)
        for name, path in files:
            yield from archive.add_file(name, path)
        yield archive.close()

    def _result(self, tasks, context, archive, result, annotations, files):
        classes = self.classes(context)
        skipped = 0
        annotation_count = 0
        result.write(b'{"images": [')
        for image_id, entry in enumerate(self.entries(tasks, context)):
            width, height = entry.size or (None, None)
            image = {
                "width": width and round(width),
                "height": height and round(height),
                "id": image_id,
                "file_name": f"images/{entry.name}",
            }
            result.write((b", " if image_id else b"") + orjson.dumps(image))
            for item in entry.items:
                if entry.size is None:
                    skipped += 1
                    continue
                record = self._annotation(item, entry.size, image_id, classes)
                separator = b", " if annotation_count else b""
                annotations.write(
                    separator + orjson.dumps({"id": annotation_count, **record})
                )
                annotation_count += 1
            resource = self.resource(entry, context)
            if resource is not None:
                files.append(resource)
            yield archive.take()

        result.write(b'], "annotations": [')
        annotations.seek(0)
        while chunk := annotations.read(1 << 20):
            result.write(chunk)
            yield archive.take()
        categories = [
            {"id": number, "name": name} for number, name in enumerate(classes.names)
        ]
        info = {
            "year": None,
            "version": "1.0",
            "description": "",
            "contributor": "LabelCore",
            "skipped_regions_without_image_size": skipped,
        }
        result.write(
            b'], "categories": '
            + orjson.dumps(categories)
            + b', "info": '
            + orjson.dumps(info)
            + b"}"
        )

    def _annotation(self, item, size, image_id: int, classes) -> dict[str, Any]:
        width, height = size
        outline = region_shape(item, width, height)
        left, top, right, bottom = envelope(outline)
        value = item["value"]
        polygon = "points" in value
        area = (
            polygon_area(outline)
            if polygon
            else float(value.get("width", 0))
            * width
            / 100
            * float(value.get("height", 0))
            * height
            / 100
        )
        segmentation = []
        if polygon or value.get("rotation"):
            segmentation = [[_number(c) for point in outline for c in point]]
        return {
            "image_id": image_id,
            "category_id": classes.id_of(first_label(item, item.get("from_name", ""))),
            "segmentation": segmentation,
            "bbox": [
                _number(left),
                _number(top),
                _number(right - left),
                _number(bottom - top),
            ],
            "ignore": 0,
            "iscrowd": 0,
            "area": _number(area),
        }
