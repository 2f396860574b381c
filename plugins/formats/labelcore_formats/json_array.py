"""JSON: a top-level array of tasks read incrementally, or one task object.

An array is read a megabyte at a time and parsed by orjson a run of whole
items at a time, never the whole file at once. When a run does not parse,
an item is broken: the ``ArraySplitter`` then finds where each item starts
and ends, parses items one by one and reports the broken ones with their
line, keeping the rest. When the array itself is broken (it never closes,
or text follows it) the file is refused as a whole, with the line and the
column, since nothing after that place can be told apart; ``check`` finds
that before an import writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

import orjson

from labelcore import Importer, ImportFormatError
from labelcore_formats.json_lines import read_json_lines
from labelcore_formats.reading import (
    WHITESPACE,
    PrefixedReader,
    describe_json_value,
    read_head,
)

Item = dict | tuple[str, dict] | ImportFormatError

OPEN_BRACKET, OPEN_BRACE, COMMA = ord("["), ord("{"), ord(",")
TOKEN = re.compile(rb'[\[\]{}",]')
CHUNK_BYTES = 1 << 20
BRACKETS = (b"{", b"}", b"[", b"]")
CANDIDATES = 256
"""Places looked at, from the end of the buffer, for the end of a run."""
PARSE_ATTEMPTS = 3
"""Runs parsed, where none balances, before waiting for more of the file."""
FALLBACK_BYTES = 8 << 20
"""Bytes of a run that never parses before the splitter takes over."""


class JSONImporter(Importer):
    name = "json"
    title = "JSON"
    extensions = (".json",)
    media_types = ("application/json", "text/json")

    def read(self, stream: BinaryIO, options: Mapping[str, Any]) -> Iterator[Item]:
        head, first = read_head(stream)
        if first is None:
            return

        if first == OPEN_BRACE:
            yield from _read_objects(head, stream)
            return

        if first != OPEN_BRACKET:
            raise ImportFormatError(
                "line 1",
                "expected a JSON array of tasks or one task object, got text "
                "starting with " + repr(chr(first)) + ". Send a list such as "
                '[{"text": "..."}].',
            )

        yield from _read_array(head, stream)

    def check(self, stream: BinaryIO, options: Mapping[str, Any]) -> None:
        """Raise ``ImportFormatError`` when the file cannot be read as a whole.

        Reading it to the end is what tells: an array that never closes is
        known only at the end. Broken items are left to ``read`` to report.
        """
        head, first = read_head(stream)
        if first != OPEN_BRACKET:
            for _ in self.read(PrefixedReader(head, stream), options):
                pass
            return

        # Runs of items are parsed and dropped whole; only the splitter, where
        # an item is broken, goes item by item.
        for run in _array_runs(head, stream):
            if type(run) is ArraySplitter:
                for _ in run.items():
                    pass


def _read_objects(head: bytes, stream: BinaryIO) -> Iterator[Item]:
    first_line, newline, _ = head.lstrip(WHITESPACE).partition(b"\n")
    if newline:
        try:
            first = orjson.loads(first_line)
        except orjson.JSONDecodeError:
            first = None
        if isinstance(first, dict):
            # A whole object on the first line: JSON Lines sent as JSON, read
            # line by line like any JSON Lines file.
            yield from read_json_lines(_lines(head, stream))
            return

    try:
        yield orjson.loads(head + stream.read())
    except orjson.JSONDecodeError as error:
        raise ImportFormatError(
            f"line {error.lineno}",
            f"the JSON object is not valid JSON at column {error.colno}: "
            f"{error.msg}. Send one JSON object, or a list of them.",
        ) from None


def _lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``, read lazily."""
    *complete, tail = head.split(b"\n")
    for line in complete:
        yield line + b"\n"
    for line in stream:
        yield tail + line
        tail = b""
    if tail:
        yield tail


def _read_array(head: bytes, stream: BinaryIO) -> Iterator[Item]:
    """The items of an array: see ``_array_runs``."""
    index = 0
    for run in _array_runs(head, stream):
        if type(run) is ArraySplitter:
            yield from run.items()
            return
        for value in run:
            index += 1
            yield value if type(value) is dict else _checked(value, f"item {index}")


def _array_runs(head: bytes, stream: BinaryIO) -> Iterator[list | ArraySplitter]:
    """The items of an array, parsed by orjson a run of whole items at a time:
    lists of parsed items, and last, where a run does not parse, the
    ``ArraySplitter`` that reads the rest of the file item by item.

    A run ends at a ``}`` followed by ``,`` and ``{``; whether that is
    really between two items (and not inside a string or a nested list) is
    settled by parsing the run: from an item's start, the bytes up to any
    other place parse as a list of items only if that place is between two
    of them. Where no run parses, the file has a broken item.
    """
    # ``head`` holds the opening bracket: read_head read up to it.
    reader = stream
    buffer = head
    opening = buffer.index(b"[")
    position = Position()
    position.advance(buffer, opening + 1)
    buffer = buffer[opening + 1 :]
    index = 0
    while True:
        chunk = reader.read(CHUNK_BYTES)
        if not chunk:
            break
        buffer += chunk
        cut = _whole_items(buffer)
        if cut is not None:
            end, values = cut
            index += len(values)
            yield values
            position.advance(buffer, end)
            buffer = buffer[end:]
        elif len(buffer) > FALLBACK_BYTES:
            break

    if not chunk:
        try:
            values = orjson.loads(b"[" + buffer)
        except orjson.JSONDecodeError:
            values = None
        if isinstance(values, list):
            yield values
            return

    yield ArraySplitter(PrefixedReader(buffer, reader), position, index)


def _whole_items(buffer: bytes) -> tuple[int, list] | None:
    """(offset just past the separating comma, the parsed items) for the
    longest run of whole items found at the end of ``buffer``, or None.

    A place where the brackets before it balance is tried first: between
    two items they always do, unless a string holds a bracket, so only when
    none balances are a few other places parsed. Places are looked at from
    the end, and the first that balances ends the search.
    """
    separators = []
    balance = Brackets(buffer)
    end = len(buffer)
    for _ in range(CANDIDATES):
        close = buffer.rfind(b"}", 0, end)
        if close < 0:
            break
        end = close
        comma = _skip_whitespace(buffer, close + 1)
        if comma >= len(buffer) or buffer[comma] != COMMA:
            continue
        following = _skip_whitespace(buffer, comma + 1)
        if following >= len(buffer) or buffer[following] != OPEN_BRACE:
            continue
        if balance.before(close + 1):
            return _parsed_run(buffer, close, comma)
        separators.append((close, comma))

    for close, comma in separators[:PARSE_ATTEMPTS]:
        run = _parsed_run(buffer, close, comma)
        if run is not None:
            return run
    return None


def _parsed_run(buffer: bytes, close: int, comma: int) -> tuple[int, list] | None:
    try:
        return comma + 1, orjson.loads(b"[" + buffer[: close + 1] + b"]")
    except orjson.JSONDecodeError:
        return None


class Brackets:
    """Whether the brackets of a buffer's first bytes balance, for places
    asked about from the end towards the start: the brackets after each
    place are counted on from the place asked about before, so that all the
    places of a buffer together cost one pass over its tail."""

    def __init__(self, buffer: bytes):
        self.buffer = buffer
        self.totals: list[int] | None = None
        self.after = [0, 0, 0, 0]
        self.counted_from = len(buffer)

    def before(self, offset: int) -> bool:
        buffer = self.buffer
        if self.totals is None:
            self.totals = [buffer.count(bracket) for bracket in BRACKETS]
        if offset > self.counted_from:
            raise ValueError("Brackets are counted from the end: ask in order.")
        after = self.after
        for number, bracket in enumerate(BRACKETS):
            after[number] += buffer.count(bracket, offset, self.counted_from)
        self.counted_from = offset
        braces, closing_braces, brackets, closing_brackets = (
            total - tail for total, tail in zip(self.totals, after, strict=True)
        )
        return braces == closing_braces and brackets == closing_brackets


def _skip_whitespace(buffer: bytes, offset: int) -> int:
    while offset < len(buffer) and buffer[offset] in WHITESPACE:
        offset += 1
    return offset


class Position:
    """Line and column of the start of a buffer that a reader keeps cutting."""

    def __init__(self, line: int = 1, line_start: int = 0):
        self.line = line
        # Where the current line began, relative to the buffer's start: zero
        # or negative once the buffer starts in the middle of a line.
        self.line_start = line_start

    def advance(self, buffer: bytes, offset: int) -> None:
        """The buffer is about to lose its first ``offset`` bytes."""
        newlines = buffer.count(b"\n", 0, offset)
        if newlines:
            self.line += newlines
            self.line_start = buffer.rfind(b"\n", 0, offset) + 1 - offset
        else:
            self.line_start -= offset

    def at(self, buffer: bytes, offset: int) -> tuple[int, int]:
        """(line, column) of ``buffer[offset]``, both counted from 1."""
        newlines = buffer.count(b"\n", 0, offset)
        if newlines:
            return self.line + newlines, offset - buffer.rfind(b"\n", 0, offset)
        return self.line, offset - self.line_start + 1


def _checked(value: Any, location: str) -> Item:
    if isinstance(value, dict):
        return value
    return ImportFormatError(
        location,
        f"expected an object (a task or its data), got {describe_json_value(value)}.",
    )


class ArraySplitter:
    """Cuts the rest of a JSON array into its items by bracket depth, outside
    strings, starting just after an item (or the opening bracket).

    Slower than parsing runs of items, but it survives a broken item: each
    item is parsed on its own, and one that does not parse is reported with
    its line, the rest kept. Where the array itself is broken (it never
    closes, or text follows it) the items after that place cannot be told
    apart, so the whole file is refused with an ``ImportFormatError``.
    """

    def __init__(self, stream: Any, position: Position, items_before: int = 0):
        self.stream = stream
        self.buffer = b""
        self.position = position
        self.items_before = items_before
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK_BYTES)
        if not chunk:
            self.eof = True
            return False
        self.buffer += chunk
        return True

    def _drop_before(self, offset: int) -> None:
        self.position.advance(self.buffer, offset)
        self.buffer = self.buffer[offset:]

    def _place(self, offset: int) -> str:
        line, column = self.position.at(self.buffer, offset)
        return f"line {line}, column {column}"

    def items(self) -> Iterator[Item]:
        self._fill()
        position = 0
        item_start = 0
        depth = 1
        index = self.items_before
        while True:
            match = TOKEN.search(self.buffer, position)
            if match is None:
                if self._fill():
                    self._drop_before(item_start)
                    position -= item_start
                    item_start = 0
                    continue
                raise ImportFormatError(
                    self._place(max(len(self.buffer.rstrip(WHITESPACE)) - 1, 0)),
                    "the file ends before the JSON array is closed: a ']', '}' "
                    "or closing quote is missing before here, so the items "
                    "cannot be told apart and nothing was imported. Fix the "
                    "file and import it again.",
                )

            token = match.group()
            position = match.end()
            if token == b'"':
                end = self._string_end(position)
                if end is None:
                    position = len(self.buffer)
                    continue
                position = end
            elif token in (b"[", b"{"):
                depth += 1
            elif token in (b"]", b"}"):
                depth -= 1
            if depth > 1 or token not in (b",", b"]"):
                continue

            raw = self.buffer[item_start : match.start()]
            if raw.strip(WHITESPACE) or token == b",":
                index += 1
                yield self._parse(raw, item_start, index)
            item_start = position
            if depth == 0:
                self._refuse_text_after(position)
                return

    def _refuse_text_after(self, offset: int) -> None:
        while True:
            rest = self.buffer[offset:].lstrip(WHITESPACE)
            if rest:
                at = len(self.buffer) - len(rest)
                raise ImportFormatError(
                    self._place(at),
                    "text follows the end of the JSON array, so the file is not "
                    "one JSON array and nothing was imported. Send one list of "
                    "tasks, or one JSON object a line as JSON Lines.",
                )
            self._drop_before(len(self.buffer))
            offset = 0
            if not self._fill():
                return

    def _string_end(self, position: int) -> int | None:
        """Offset just past the closing quote of a string opened before ``position``."""
        while True:
            quote = self.buffer.find(b'"', position)
            while quote == -1:
                if not self._fill():
                    return None
                quote = self.buffer.find(b'"', position)
            backslashes = 0
            while self.buffer[quote - 1 - backslashes] == ord("\\"):
                backslashes += 1
            if backslashes % 2 == 0:
                return quote + 1
            position = quote + 1

    def _parse(self, raw: bytes, offset: int, index: int) -> Item:
        leading = len(raw) - len(raw.lstrip(WHITESPACE))
        line, _ = self.position.at(self.buffer, offset + leading)
        location = f"item {index} (line {line})"
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            return ImportFormatError(
                location, f"this item is not valid JSON ({error}); fix or remove it."
            )
        if isinstance(value, dict):
            return location, value
        return _checked(value, location)
