"""Label Studio's brush masks: the bit-packed run-length format of rle-pack.

A mask is the RGBA bytes of the image, ``width * height * 4`` values. The
stream begins with 32 bits giving how many values follow, 5 bits giving
the word size minus one, and four 4-bit fields giving run-length sizes
minus one. Then come chunks: a flag bit (1: one value repeated, 0: that
many literal values), 2 bits choosing one of the four sizes, the run
length minus one in that many bits, and the value or values. Bits are
read from the high end of each byte.
"""

from __future__ import annotations

from collections.abc import Sequence


class MaskError(ValueError):
    """A brush result whose mask cannot be decoded."""


class _BitReader:
    def __init__(self, data: bytes):
        self.data = data
        self.position = 0
        self.size = len(data) * 8

    def read(self, count: int) -> int:
        end = self.position + count
        if end > self.size:
            raise MaskError(
                "the mask ends in the middle of a chunk; the rle list is cut short"
            )
        first, last = self.position >> 3, (end + 7) >> 3
        window = int.from_bytes(self.data[first:last], "big")
        self.position = end
        return (window >> (last * 8 - end)) & ((1 << count) - 1)


def decode(rle: Sequence[int]) -> bytes:
    """The values an rle-pack stream holds, one byte each."""
    try:
        data = bytes(rle)
    except (TypeError, ValueError):
        raise MaskError("the rle list must hold bytes (whole numbers 0-255)") from None
    bits = _BitReader(data)
    count = bits.read(32)
    word = bits.read(5) + 1
    sizes = [bits.read(4) + 1 for _ in range(4)]
    if word > 8:
        raise MaskError(f"the mask uses {word}-bit values; brush masks use 8")
    out = bytearray(count)
    position = 0
    while position < count:
        repeated = bits.read(1)
        run = bits.read(sizes[bits.read(2)]) + 1
        end = min(position + run, count)
        if repeated:
            value = bits.read(word)
            out[position:end] = bytes([value]) * (end - position)
        else:
            for index in range(position, end):
                out[index] = bits.read(word)
        position = end
    return bytes(out)


def encode(values: bytes) -> list[int]:
    """An rle-pack stream of ``values`` (runs only, 16-bit lengths): enough
    for tests and for writing masks Label Studio reads."""
    chunks: list[tuple[int, int]] = []
    for value in values:
        if chunks and chunks[-1][0] == value and chunks[-1][1] < 1 << 16:
            chunks[-1] = (value, chunks[-1][1] + 1)
        else:
            chunks.append((value, 1))
    stream = 0
    length = 0

    def put(value: int, width: int) -> None:
        nonlocal stream, length
        stream = (stream << width) | value
        length += width

    put(len(values), 32)
    put(7, 5)
    for _ in range(4):
        put(15, 4)
    for value, run in chunks:
        put(1, 1)
        put(0, 2)
        put(run - 1, 16)
        put(value, 8)
    padding = (-length) % 8
    put(0, padding)
    return list(stream.to_bytes(length // 8, "big"))


def mask(rle: Sequence[int], width: int, height: int):
    """The mask as a ``height`` x ``width`` array of 0-255 (the alpha channel)."""
    import numpy

    values = decode(rle)
    if len(values) != width * height * 4:
        raise MaskError(
            f"the mask holds {len(values)} values, but a {width}x{height} image "
            f"needs {width * height * 4} (four per pixel)"
        )
    return numpy.frombuffer(values, dtype=numpy.uint8).reshape(height, width, 4)[
        :, :, 3
    ]
