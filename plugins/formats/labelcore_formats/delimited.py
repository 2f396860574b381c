"""CSV and TSV: the header row names the data keys of every other row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, ClassVar

from labelcore import Importer, ImportFormatError

# Task texts can be long; the csv module's default field limit is 128 KiB.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024


def text_stream(stream: BinaryIO) -> io.TextIOWrapper:
    """Decode as UTF-8 without a byte-order mark, keeping line ends for csv."""
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


class DelimitedImporter(Importer):
    delimiter: ClassVar[str] = ","

    def read(
        self, stream: BinaryIO, options: Mapping[str, Any]
    ) -> Iterator[tuple[str, dict] | ImportFormatError]:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
        text = text_stream(stream)
        reader = csv.reader(text, delimiter=self.delimiter, strict=True)
        try:
            yield from self._rows(reader)
        except UnicodeDecodeError as error:
            yield ImportFormatError(
                f"line {reader.line_num + 1}",
                f"the file is not UTF-8 text ({error.reason}); save it as UTF-8 "
                f"and import it again. Rows after this line were not read.",
            )
        except csv.Error as error:
            yield ImportFormatError(
                f"line {reader.line_num}",
                f"the {self.title} is malformed here ({error}); rows after this "
                f"line were not read. Check the quotes around this row.",
            )
        finally:
            text.detach()

    def _rows(self, reader: Any) -> Iterator[tuple[str, dict] | ImportFormatError]:
        header = next(reader, None)
        if header is None:
            return
        header = [name.strip() for name in header]
        _check_header(header)

        width = len(header)
        row_start = reader.line_num + 1
        for row in reader:
            location = f"line {row_start}"
            row_start = reader.line_num + 1
            if not row:
                continue
            if len(row) != width:
                yield ImportFormatError(
                    location,
                    f"expected {width} fields as in the header "
                    f"({', '.join(header)}), got {len(row)}. Quote fields that "
                    f"contain {self.delimiter_name}s.",
                )
                continue
            yield location, dict(zip(header, row, strict=True))

    @property
    def delimiter_name(self) -> str:
        return "comma" if self.delimiter == "," else "tab"


def _check_header(header: list[str]) -> None:
    seen: set[str] = set()
    for position, name in enumerate(header, 1):
        if not name:
            raise ImportFormatError(
                "line 1",
                f"column {position} of the header has no name; every column "
                f"needs one, as it becomes the data key.",
            )
        if name in seen:
            raise ImportFormatError(
                "line 1",
                f"the header names the column {name!r} twice; rename one, as "
                f"each name becomes a data key.",
            )
        seen.add(name)


class CSVImporter(DelimitedImporter):
    name = "csv"
    title = "CSV"
    extensions = (".csv",)
    media_types = ("text/csv", "application/csv")
    delimiter = ","


class TSVImporter(DelimitedImporter):
    name = "tsv"
    title = "TSV"
    extensions = (".tsv", ".tab")
    media_types = ("text/tab-separated-values", "text/tsv")
    delimiter = "\t"
