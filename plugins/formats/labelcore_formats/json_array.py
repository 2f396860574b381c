"""JSON: a top-level array of tasks read incrementally, or one task object.

Well-formed arrays go through ijson's C parser, which builds each item
without holding the file. When the parser meets broken JSON it cannot go on,
so a seekable file is read again by ``ArraySplitter``: it finds where each
item starts and ends, parses items one by one and reports the broken ones
with their line, keeping the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

import ijson
import orjson

from labelcore import Importer, ImportFormatError
from labelcore_formats.json_lines import read_json_lines
from labelcore_formats.reading import (
    BYTE_ORDER_MARK,
    WHITESPACE,
    PrefixedReader,
    describe_json_value,
    read_head,
)

Item = dict | tuple[str, dict] | ImportFormatError

OPEN_BRACKET, OPEN_BRACE = ord("["), ord("{")
TOKEN = re.compile(rb'[\[\]{}",]')
CHUNK_BYTES = 1 << 20


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
    start = stream.tell() - len(head) if stream.seekable() else None
    reader = PrefixedReader(head, stream)
    yielded = 0
    try:
        for value in ijson.items(reader, "item", use_float=True):
            yielded += 1
            yield value if type(value) is dict else _checked(value, f"item {yielded}")
    except ijson.JSONError as error:
        if start is None:
            yield ImportFormatError(
                f"item {yielded + 1}",
                f"the JSON array is broken after item {yielded} ({error}); "
                f"items after it were not read. Fix the file and import the rest.",
            )
            return

        stream.seek(start)
        splitter = ArraySplitter(stream)
        for index, item in enumerate(splitter.items(), 1):
            if index > yielded:
                yield item


def _checked(value: Any, location: str) -> Item:
    if isinstance(value, dict):
        return value
    return ImportFormatError(
        location,
        f"expected an object (a task or its data), got {describe_json_value(value)}.",
    )


class ArraySplitter:
    """Cuts a JSON array into its items by bracket depth, outside strings.

    Slower than ijson, but it survives a broken item: each item is parsed on
    its own, and one that does not parse is reported with its line.
    """

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.buffer = b""
        self.buffer_line = 1
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
        self.buffer_line += self.buffer.count(b"\n", 0, offset)
        self.buffer = self.buffer[offset:]

    def items(self) -> Iterator[Item]:
        self._fill()
        if self.buffer.startswith(BYTE_ORDER_MARK):
            self.buffer = self.buffer[len(BYTE_ORDER_MARK) :]

        position = self.buffer.index(b"[") + 1
        item_start = position
        depth = 1
        index = 0
        while True:
            match = TOKEN.search(self.buffer, position)
            if match is None:
                self._drop_before(item_start)
                position -= item_start
                item_start = 0
                if self._fill():
                    continue
                index += 1
                yield ImportFormatError(
                    f"item {index} (line {self.buffer_line})",
                    "the file ends before the JSON array is closed; "
                    "add the missing ']' or '}'.",
                )
                return

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
        line = self.buffer_line + self.buffer.count(b"\n", 0, offset + leading)
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
