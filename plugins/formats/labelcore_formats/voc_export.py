"""Pascal VOC: an XML file per image under ``Annotations/``, in a zip.

Boxes are in whole pixels (``xmin``, ``ymin``, ``xmax``, ``ymax``); a rotated
rectangle is given as its axis-aligned envelope. Images whose size nothing
tells are listed without boxes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from labelcore import ExportContext
from labelcore_formats.geometry import clamp, envelope, pixel, region_shape
from labelcore_formats.images import ImageDatasetExporter, ImageEntry, first_label
from labelcore_formats.zipping import ZipStream


class VOCExporter(ImageDatasetExporter):
    name = "VOC"
    title = "Pascal VOC XML"
    description = "Pascal VOC: an XML file of boxes in pixels for every image."
    tags = ("object detection",)
    controls = ("RectangleLabels", "Rectangle")
    region_types = frozenset({"rectanglelabels", "rectangle"})

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        archive = ZipStream()
        for entry in self.entries(tasks, context):
            archive.add(f"Annotations/{entry.stem}.xml", self.document(entry))
            resource = self.resource(entry, context)
            if resource is not None:
                yield from archive.add_file(*resource)
            yield archive.take()
        yield archive.close()

    def document(self, entry: ImageEntry) -> str:
        width, height = entry.size or (0, 0)
        objects = []
        for item in entry.items if entry.size else []:
            left, top, right, bottom = clamp(
                envelope(region_shape(item, width, height)), width, height
            )
            label = escape(first_label(item, item.get("from_name", "")))
            objects.append(
                "  <object>\n"
                f"    <name>{label}</name>\n"
                "    <pose>Unspecified</pose>\n"
                "    <truncated>0</truncated>\n"
                "    <difficult>0</difficult>\n"
                "    <bndbox>\n"
                f"      <xmin>{pixel(left)}</xmin>\n"
                f"      <ymin>{pixel(top)}</ymin>\n"
                f"      <xmax>{pixel(right)}</xmax>\n"
                f"      <ymax>{pixel(bottom)}</ymax>\n"
                "    </bndbox>\n"
                "  </object>\n"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            "<annotation>\n"
            "  <folder>images</folder>\n"
            f"  <filename>{escape(entry.name)}</filename>\n"
            "  <source>\n    <database>LabelCore</database>\n  </source>\n"
            "  <size>\n"
            f"    <width>{pixel(width)}</width>\n"
            f"    <height>{pixel(height)}</height>\n"
            "    <depth>3</depth>\n"
            "  </size>\n"
            "  <segmented>0</segmented>\n"
            f"{''.join(objects)}"
            "</annotation>\n"
        )
