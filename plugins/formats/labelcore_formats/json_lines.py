"""JSON Lines: one task (or its data) per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

import orjson

from labelcore import Importer, ImportFormatError
from labelcore_formats.reading import BYTE_ORDER_MARK, describe_json_value


def read_json_lines(
    lines: Iterable[bytes], first_line: int = 1
) -> Iterator[tuple[str, dict] | ImportFormatError]:
    """Parse each non-blank line on its own, so one bad line spoils only itself."""
    for line_number, line in enumerate(lines, first_line):
        if line_number == first_line and line.startswith(BYTE_ORDER_MARK):
            line = line[len(BYTE_ORDER_MARK) :]

        if not line.strip():
            continue

        location = f"line {line_number}"
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield ImportFormatError(
                location, f"this line is not valid JSON ({error}); fix or remove it."
            )
            continue

        if isinstance(value, dict):
            yield location, value
        else:
            yield ImportFormatError(
                location,
                f"expected a JSON object (a task or its data), got "
                f"{describe_json_value(value)}.",
            )


class JSONLinesImporter(Importer):
    name = "jsonl"
    title = "JSON Lines"
    extensions = (".jsonl", ".ndjson")
    media_types = ("application/jsonl", "application/x-ndjson", "application/x-jsonl")

    def read(
        self, stream: BinaryIO, options: Mapping[str, Any]
    ) -> Iterator[tuple[str, dict] | ImportFormatError]:
        return read_json_lines(stream)
