"""JSON (Label Studio's export shape, one array) and JSON-MIN, in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from labelcore import ExportContext, Exporter
from labelcore_formats.minified import Annotators, records

CHUNK_BYTES = 256 * 1024


def json_array(values: Iterable) -> Iterator[bytes]:
    # A chunk holds many values: a write per value would make the response
    # thousands of tiny packets.
    chunk = bytearray(b"[")
    separator = b"\n"
    for value in values:
        chunk += separator
        chunk += orjson.dumps(value)
        separator = b",\n"
        if len(chunk) >= CHUNK_BYTES:
            yield bytes(chunk)
            chunk.clear()

    chunk += b"\n]\n" if separator == b",\n" else b"]\n"
    yield bytes(chunk)


class JSONExporter(Exporter):
    name = "JSON"
    title = "JSON"
    description = (
        "A list of tasks with their data, annotations and predictions, in Label "
        "Studio's JSON export format."
    )
    media_type = "application/json"
    file_extension = ".json"
    tags = ("common", "image segmentation", "object detection")
    # Tasks are only written out again: the core may pass their JSON unparsed.
    takes_raw_json = True

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        return json_array(tasks)


class JSONMinExporter(Exporter):
    name = "JSON_MIN"
    title = "JSON-MIN"
    description = (
        "A list of flat records, one per annotation: the task's data and each "
        "control's answer, without the result format's nesting."
    )
    media_type = "application/json"
    file_extension = ".json"
    tags = ("common",)

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        annotators = Annotators()
        return json_array(
            record for task in tasks for record in records(task, annotators)
        )
