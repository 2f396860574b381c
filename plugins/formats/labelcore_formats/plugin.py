"""The ``formats`` plugin: the importers and every exporter."""

from __future__ import annotations

from labelcore import hookimpl
from labelcore_formats.asr_export import ASRManifestExporter
from labelcore_formats.brush_export import BrushNumpyExporter, BrushPNGExporter
from labelcore_formats.coco_export import COCOExporter
from labelcore_formats.conll_export import CoNLLExporter
from labelcore_formats.delimited import CSVImporter, TSVImporter
from labelcore_formats.json_array import JSONImporter
from labelcore_formats.json_export import JSONExporter, JSONMinExporter
from labelcore_formats.json_lines import JSONLinesImporter
from labelcore_formats.media_import import MediaImporter
from labelcore_formats.plain_text import TextImporter
from labelcore_formats.tabular_export import CSVExporter, TSVExporter
from labelcore_formats.voc_export import VOCExporter
from labelcore_formats.yolo_export import YOLOExporter, YOLOOrientedExporter


@hookimpl
def register_importers():
    return [
        JSONImporter(),
        JSONLinesImporter(),
        CSVImporter(),
        TSVImporter(),
        TextImporter(),
        MediaImporter(),
    ]


@hookimpl
def register_exporters():
    return [
        JSONExporter(),
        JSONMinExporter(),
        CSVExporter(),
        TSVExporter(),
        CoNLLExporter(),
        COCOExporter(),
        YOLOExporter(),
        YOLOOrientedExporter(),
        VOCExporter(),
        BrushPNGExporter(),
        BrushNumpyExporter(),
        ASRManifestExporter(),
    ]
