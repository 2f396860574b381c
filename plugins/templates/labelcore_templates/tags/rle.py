"""Label Studio's brush masks: the bit-packed run-length format of rle-pack.

A mask is the RGBA bytes of the image (``width * height * 4`` values) packed
as: 32 bits with the number of values, 5 bits with the word size minus one,
four 4-bit sizes (minus one) of run lengths, then chunks. Each chunk is one
flag bit (1: one value repeated, 0: literal values), 2 bits choosing a run
size, the run length minus one in that many bits, and the value(s). Bits are
read from the high end of each byte.
"""

from __future__ import annotations

from collections.abc import Sequence

HEADER_BITS = 32 + 5 + 4 * 4


class RleError(ValueError):
    """The bytes are not a complete rle-pack stream."""


class _Bits:
    def __init__(self, data: Sequence[int]):
        self.data = data
        self.position = 0
        self.size = len(data) * 8

    def read(self, count: int) -> int:
        if self.position + count > self.size:
            raise RleError(
                f"the mask ends after {self.size} bits, in the middle of a chunk"
            )
        value = 0
        for _ in range(count):
            byte = self.data[self.position >> 3]
            value = (value << 1) | ((byte >> (7 - (self.position & 7))) & 1)
            self.position += 1
        return value

    def skip(self, count: int) -> None:
        if self.position + count > self.size:
            raise RleError(
                f"the mask ends after {self.size} bits, in the middle of a chunk"
            )
        self.position += count


def _header(bits: _Bits) -> tuple[int, int, list[int]]:
    if bits.size < HEADER_BITS:
        raise RleError(f"a mask needs at least {HEADER_BITS} bits of header")
    count = bits.read(32)
    word_size = bits.read(5) + 1
    run_sizes = [bits.read(4) + 1 for _ in range(4)]
    return count, word_size, run_sizes


def value_count(rle: Sequence[int]) -> int:
    """How many values ``rle`` encodes; raises ``RleError`` if it is cut short.

    Walks the chunks without expanding them, so it is cheap for big masks.
    """
    bits = _Bits(rle)
    count, word_size, run_sizes = _header(bits)
    done = 0
    while done < count:
        repeated = bits.read(1)
        length = bits.read(run_sizes[bits.read(2)]) + 1
        bits.skip(word_size if repeated else word_size * length)
        done += length
    if done != count:
        raise RleError(f"the chunks hold {done} values, the header says {count}")
    return count


def decode(rle: Sequence[int]) -> bytearray:
    """The values ``rle`` encodes (for masks of 8-bit words)."""
    bits = _Bits(rle)
    count, word_size, run_sizes = _header(bits)
    out = bytearray()
    while len(out) < count:
        repeated = bits.read(1)
        length = bits.read(run_sizes[bits.read(2)]) + 1
        if repeated:
            out.extend(bytes([bits.read(word_size) & 0xFF]) * length)
        else:
            out.extend(bits.read(word_size) & 0xFF for _ in range(length))
    return out[:count]


class _Writer:
    def __init__(self):
        self.bits: list[int] = []

    def write(self, value: int, count: int) -> None:
        self.bits.extend((value >> shift) & 1 for shift in range(count - 1, -1, -1))

    def packed(self) -> list[int]:
        padded = self.bits + [0] * (-len(self.bits) % 8)
        return [
            int("".join(map(str, padded[start : start + 8])), 2)
            for start in range(0, len(padded), 8)
        ]


RUN_SIZES = (3, 6, 10, 16)


def encode(values: Sequence[int]) -> list[int]:
    """``values`` (bytes) as an rle-pack stream of repeated runs."""
    writer = _Writer()
    writer.write(len(values), 32)
    writer.write(8 - 1, 5)
    for size in RUN_SIZES:
        writer.write(size - 1, 4)

    position = 0
    while position < len(values):
        value = values[position]
        end = position
        while end < len(values) and values[end] == value and end - position < 1 << 16:
            end += 1
        length = end - position
        size_index = next(i for i, size in enumerate(RUN_SIZES) if length <= 1 << size)
        writer.write(1, 1)
        writer.write(size_index, 2)
        writer.write(length - 1, RUN_SIZES[size_index])
        writer.write(value, 8)
        position = end
    return writer.packed()


def mask_rle(width: int, height: int, inside) -> list[int]:
    """The RLE of a ``width`` x ``height`` mask; ``inside(x, y)`` says which
    pixels are set (RGBA values 255 there, 0 elsewhere)."""
    values = bytearray()
    for y in range(height):
        for x in range(width):
            values.extend(b"\xff\xff\xff\xff" if inside(x, y) else b"\x00\x00\x00\x00")
    return encode(values)
