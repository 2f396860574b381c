"""Numbering the items of an import's sources, and refusing unreadable files.

The rule for bad input: an item that can be read but is wrong (not an
object, invalid for the config, a line that is not JSON) is left out and
reported with its line or index, and the good items are imported. A file
that cannot be read as a whole (its importer raises ``ImportFormatError``:
a JSON array that never closes, a CSV quote that never closes, text that is
not UTF-8) refuses the whole import, which then writes nothing. An import
too large to run inline checks its files first (``check_sources``), before
its job writes a batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from labelcore.contrib.formats import ImportFormatError
from labelcore.imports.sources import ImportRequestError, Source


class FileRefused(ImportRequestError):
    """A file of an import that cannot be read as a whole; nothing is
    imported from the request."""

    def __init__(self, source: Source, error: ImportFormatError, named: bool):
        prefix = f"{source.name}, " if named and source.name else ""
        super().__init__(
            "file", f"{prefix}{error.location}: {error.message}", status=400
        )


class ItemReader:
    """Iterates (index, location, item) over every source; index counts from 1.

    ``location`` is None for an item that is only named by its position
    (``"item 7"``), so that the name is made for items with problems only.

    With several files the location names the file (``"b.csv, line 3"``).
    A file an importer refuses as a whole raises ``FileRefused``.
    ``bytes_read`` tells how far the reading got, for a progress estimate.
    """

    def __init__(self, sources: list[Source], options: Mapping[str, Any]):
        self.sources = sources
        self.options = options
        self.finished_bytes = 0
        self.stream: Any = None

    @property
    def bytes_read(self) -> int:
        if self.stream is None or self.stream.closed:
            return self.finished_bytes
        return self.finished_bytes + self.stream.tell()

    def __iter__(self) -> Iterator[tuple[int, str | None, Any]]:
        index = 0
        named = len(self.sources) > 1
        for source in self.sources:
            prefix = f"{source.name}, " if named and source.name else ""
            with source.open() as stream:
                self.stream = stream
                options = (
                    {**self.options, **source.options}
                    if source.options
                    else self.options
                )
                try:
                    for item in source.importer.read(stream, options):
                        index += 1
                        if type(item) is dict and not prefix:
                            # Named only if it has a problem: see ImportRun.add.
                            yield index, None, item
                        elif isinstance(item, tuple):
                            yield index, prefix + item[0], item[1]
                        elif isinstance(item, ImportFormatError):
                            yield index, prefix + item.location, item
                        else:
                            yield index, f"{prefix}item {index}", item
                except ImportFormatError as error:
                    raise FileRefused(source, error, named) from None
            self.finished_bytes += source.path.stat().st_size
            self.stream = None


def numbered_items(
    sources: list[Source], options: Mapping[str, Any]
) -> Iterator[tuple[int, str | None, Any]]:
    """(index, location, item) over every source; see ItemReader."""
    return iter(ItemReader(sources, options))


def check_sources(sources: list[Source], options: Mapping[str, Any]) -> None:
    """Raise ``FileRefused`` for the first file its importer's ``check``
    refuses as a whole; an importer without ``check`` passes."""
    named = len(sources) > 1
    for source in sources:
        check = getattr(source.importer, "check", None)
        if check is None:
            continue
        with source.open() as stream:
            try:
                check(stream, {**options, **(source.options or {})})
            except ImportFormatError as error:
                raise FileRefused(source, error, named) from None
