"""TXT: one task per line, the line going into one data key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from labelcore import Importer, ImportFormatError
from labelcore_formats.delimited import text_lines

DEFAULT_COLUMN = "text"


class TextImporter(Importer):
    name = "txt"
    title = "Text lines"
    extensions = (".txt",)
    media_types = ("text/plain",)

    def read(
        self, stream: BinaryIO, options: Mapping[str, Any]
    ) -> Iterator[tuple[str, dict] | ImportFormatError]:
        column = options.get("column") or DEFAULT_COLUMN
        line_number = 0
        try:
            for line_number, line in enumerate(text_lines(stream), 1):
                line = line.rstrip("\r\n")
                if line.strip():
                    yield f"line {line_number}", {column: line}
        except UnicodeDecodeError as error:
            # The rest of the file cannot be read: the file is refused whole.
            raise ImportFormatError(
                f"line {line_number + 1}",
                f"the file is not UTF-8 text ({error.reason}), so nothing was "
                f"imported; save it as UTF-8 and import it again.",
            ) from None

    def check(self, stream: BinaryIO, options: Mapping[str, Any]) -> None:
        """Raise ``ImportFormatError`` when the file is not UTF-8 text."""
        for _ in self.read(stream, options):
            pass
