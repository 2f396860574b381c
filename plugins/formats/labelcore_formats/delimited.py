"""CSV and TSV: the header row names the data keys of every other row.

The delimiter is detected from the first rows (comma, tab, semicolon or
bar), so a semicolon-separated file saved as ``.csv`` still reads.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, ClassVar

from labelcore import Importer, ImportFormatError
from labelcore_formats.reading import BYTE_ORDER_MARK

# Task texts can be long; the csv module's default field limit is 128 KiB.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024


def text_lines(stream: BinaryIO) -> Iterator[str]:
    """The lines of ``stream`` decoded as UTF-8 without a byte-order mark,
    their ends kept for csv. Decoded one by one, so that text that is not
    UTF-8 is found on its own line, not a chunk ahead of it."""
    first = True
    for line in stream:
        if first:
            line = line.removeprefix(BYTE_ORDER_MARK)
            first = False
        yield line.decode("utf-8")


CANDIDATES = (",", "\t", ";", "|")
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}
SNIFF_BYTES = 64 * 1024


def detect_delimiter(stream: BinaryIO, default: str) -> str:
    """The delimiter the first rows of ``stream`` use: the candidate that
    splits the header and the next row into the same number of fields (more
    than one), the most fields winning and ``default`` winning ties. The
    stream is put back where it was; one that cannot seek keeps ``default``."""
    if not stream.seekable():
        return default
    start = stream.tell()
    head = stream.read(SNIFF_BYTES)
    stream.seek(start)
    sample = head.decode("utf-8-sig", errors="ignore")
    if len(head) == SNIFF_BYTES:
        # The last line may be cut; only whole lines are compared.
        sample = sample[: sample.rfind("\n") + 1] or sample

    best, best_fields = default, 1
    for candidate in (default, *(c for c in CANDIDATES if c != default)):
        try:
            rows = list(
                itertools.islice(
                    csv.reader(io.StringIO(sample, newline=""), delimiter=candidate), 2
                )
            )
        except csv.Error:
            continue
        widths = {len(row) for row in rows if row}
        if len(widths) == 1 and (fields := widths.pop()) > best_fields:
            best, best_fields = candidate, fields
    return best


class DelimitedImporter(Importer):
    delimiter: ClassVar[str] = ","

    def read(
        self, stream: BinaryIO, options: Mapping[str, Any]
    ) -> Iterator[tuple[str, dict] | ImportFormatError]:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
        delimiter = detect_delimiter(stream, self.delimiter)
        reader = csv.reader(text_lines(stream), delimiter=delimiter, strict=True)
        try:
            yield from self._rows(reader, DELIMITER_NAMES.get(delimiter, delimiter))
        except UnicodeDecodeError as error:
            # The rest of the file cannot be read: the file is refused whole.
            raise ImportFormatError(
                f"line {reader.line_num + 1}",
                f"the file is not UTF-8 text ({error.reason}), so nothing was "
                f"imported; save it as UTF-8 and import it again.",
            ) from None
        except csv.Error as error:
            raise ImportFormatError(
                f"line {reader.line_num}",
                f"the {self.title} is malformed here ({error}), so the rows "
                f"after it cannot be told apart and nothing was imported. Check "
                f"the quotes around this row.",
            ) from None

    def check(self, stream: BinaryIO, options: Mapping[str, Any]) -> None:
        """Raise ``ImportFormatError`` when the file cannot be read as a whole
        (a quote that never closes, text that is not UTF-8)."""
        for _ in self.read(stream, options):
            pass

    def _rows(
        self, reader: Any, delimiter_name: str
    ) -> Iterator[tuple[str, dict] | ImportFormatError]:
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
                    f"contain {delimiter_name}s.",
                )
                continue
            yield location, dict(zip(header, row, strict=True))


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
