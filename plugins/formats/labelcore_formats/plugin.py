"""The ``formats`` plugin: registers the importers and the JSON exporter."""

from __future__ import annotations

from labelcore import hookimpl
from labelcore_formats.delimited import CSVImporter, TSVImporter
from labelcore_formats.json_array import JSONImporter
from labelcore_formats.json_export import JSONExporter
from labelcore_formats.json_lines import JSONLinesImporter
from labelcore_formats.plain_text import TextImporter


@hookimpl
def register_importers():
    return [
        JSONImporter(),
        JSONLinesImporter(),
        CSVImporter(),
        TSVImporter(),
        TextImporter(),
    ]


@hookimpl
def register_exporters():
    return [JSONExporter()]
