"""TXT: one task per line, the line going into one data key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from labelcore import Importer, ImportFormatError
from labelcore_formats.delimited import text_stream

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
        text = text_stream(stream)
        line_number = 0
        try:
            for line_number, line in enumerate(text, 1):
                line = line.rstrip("\r\n")
                if line.strip():
                    yield f"line {line_number}", {column: line}
        except UnicodeDecodeError as error:
            yield ImportFormatError(
                f"line {line_number + 1}",
                f"the file is not UTF-8 text ({error.reason}); save it as UTF-8 "
                f"and import it again. Lines after this one were not read.",
            )
        finally:
            text.detach()
