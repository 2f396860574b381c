"""The JSON exporter: Label Studio's export shape, one array, sent in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import orjson

from labelcore import ExportContext, Exporter

CHUNK_BYTES = 256 * 1024


class JSONExporter(Exporter):
    name = "JSON"
    title = "JSON"
    description = (
        "A list of tasks with their data, annotations and predictions, in Label "
        "Studio's JSON export format."
    )
    media_type = "application/json"
    file_extension = "json"
    tags = ("common", "image segmentation", "object detection")

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        # A chunk holds many tasks: a write per task would make the response
        # thousands of tiny packets.
        chunk = bytearray(b"[")
        separator = b"\n"
        for task in tasks:
            chunk += separator
            chunk += orjson.dumps(task)
            separator = b",\n"
            if len(chunk) >= CHUNK_BYTES:
                yield bytes(chunk)
                chunk.clear()

        chunk += b"\n]\n" if separator == b",\n" else b"]\n"
        yield bytes(chunk)
