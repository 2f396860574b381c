"""Small helpers the importers share: byte-order marks and peeking at a stream."""

from __future__ import annotations

from typing import BinaryIO

BYTE_ORDER_MARK = b"\xef\xbb\xbf"
WHITESPACE = b" \t\r\n"


class PrefixedReader:
    """A binary reader that gives back ``head`` before the rest of ``stream``.

    Importers read the first bytes to decide what the file holds, then hand
    this reader to a parser so that nothing read is lost.
    """

    def __init__(self, head: bytes, stream: BinaryIO):
        self.head = head
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.stream.read(size)

        if size is None or size < 0:
            data, self.head = self.head + self.stream.read(), b""
            return data

        data, self.head = self.head[:size], self.head[size:]
        return data


def read_head(stream: BinaryIO, size: int = 65536) -> tuple[bytes, int | None]:
    """Read the start of ``stream`` without a byte-order mark.

    Returns the bytes read and the first byte that is not whitespace
    (``None`` for an empty or blank stream).
    """
    head = stream.read(size)
    if head.startswith(BYTE_ORDER_MARK):
        head = head[len(BYTE_ORDER_MARK) :]

    while True:
        stripped = head.lstrip(WHITESPACE)
        if stripped:
            return head, stripped[0]
        more = stream.read(size)
        if not more:
            return head, None
        head += more


def describe_json_value(value: object) -> str:
    """A person's name for the JSON type of ``value``: 'a number', 'a list'."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return type(value).__name__
