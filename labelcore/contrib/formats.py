"""What importers and exporters are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, ClassVar


class ImportFormatError(ValueError):
    """An item of an import that cannot be read at all.

    ``location`` names it for a person: ``"line 12"``, ``"item 3"``,
    ``"row 7"``. Raised for the whole file (bad syntax before any item) or
    yielded in place of one item so that the rest of the file still imports.
    """

    def __init__(self, location: str, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


class Importer:
    """Reads one file format into task objects.

    ``read(stream, options)`` takes a binary stream and yields, in order,
    each item as a ``dict`` (a whole task, or bare data that the core wraps
    in ``{"data": ...}``), or an ``ImportFormatError`` for an item it could
    not read. An item may also come as a ``(location, dict)`` pair, such as
    ``("line 12", {...})``, so that the core's validation errors about it
    name its place in the file; a bare ``dict`` is named by its position
    (``"item 7"``). It must read incrementally: a file may hold millions of
    items. ``options`` carries what the request said (``column`` for TXT:
    the data key the line goes to).

    Two kinds of error: a *yielded* ``ImportFormatError`` is one bad item,
    left out and reported while the good items are imported; a *raised* one
    says the file cannot be read as a whole (an array that never closes, an
    open quote) and refuses the import, writing nothing. ``check(stream,
    options)`` raises that error before a background import writes its first
    batch; by default it reads the file through ``read`` once, and a format
    that can tell sooner overrides it.

    ``extensions`` are lower-case file name endings with their dot
    (``".csv"``); ``media_types`` are the content types of a request body
    in this format. The core picks the importer by extension first.
    """

    name: ClassVar[str]
    title: ClassVar[str] = ""
    extensions: ClassVar[Sequence[str]] = ()
    media_types: ClassVar[Sequence[str]] = ()

    def read(
        self, stream: BinaryIO, options: Mapping[str, Any]
    ) -> Iterator[dict | ImportFormatError]:
        raise NotImplementedError

    def check(self, stream: BinaryIO, options: Mapping[str, Any]) -> None:
        """Raise ``ImportFormatError`` when the file cannot be read as a whole."""
        for _ in self.read(stream, options):
            pass


@dataclass
class ExportContext:
    """What an exporter is told about the project it exports."""

    project: Any
    parsed_config: Any
    options: Mapping[str, Any]


class Exporter:
    """Writes tasks in one format, streamed.

    ``export(tasks, context)`` receives an iterable of tasks in Label
    Studio's JSON export shape (``id``, ``data``, ``annotations``,
    ``predictions``, ...) that the core reads page by page, and yields
    ``bytes`` chunks. It must not hold the whole project in memory.
    ``applies_to(parsed_config)`` says whether the format can express the
    project's config.
    """

    name: ClassVar[str]
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    media_type: ClassVar[str] = "application/octet-stream"
    file_extension: ClassVar[str] = ""
    tags: ClassVar[Sequence[str]] = ()

    def applies_to(self, parsed_config: Any) -> bool:
        return True

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        raise NotImplementedError
