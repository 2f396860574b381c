"""Small media for generated sample tasks, always as data URIs.

A sample task must show without any server route or network: images, audio,
video and PDF are either files shipped in this package or made here with the
standard library, and travel inside the task as ``data:`` URIs.
"""

from __future__ import annotations

import base64
import io
import math
import struct
import wave
from functools import cache
from importlib import resources

MIME_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "wav": "audio/wav",
    "pdf": "application/pdf",
    "csv": "text/csv",
}

IMAGE_WIDTH, IMAGE_HEIGHT = 320, 213
"""The size of the shipped sample photo, for results that record it."""


def data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


@cache
def shipped(file_name: str) -> str:
    """A file of ``labelcore_templates/media`` as a data URI."""
    content = (
        resources.files("labelcore_templates") / "media" / file_name
    ).read_bytes()
    return data_uri(content, MIME_TYPES[file_name.rsplit(".", 1)[-1].lower()])


def image() -> str:
    return shipped("sample-cat.jpg")


def video() -> str:
    return shipped("sample-video.mp4")


@cache
def audio(seconds: float = 1.0, rate: int = 8000) -> str:
    """A short rising tone as a WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(rate)
        frames = bytearray()
        for step in range(int(seconds * rate)):
            pitch = 330 + 220 * step / (seconds * rate)
            frames.append(int(128 + 90 * math.sin(2 * math.pi * pitch * step / rate)))
        sound.writeframes(bytes(frames))
    return data_uri(buffer.getvalue(), "audio/wav")


@cache
def pdf(text: str = "LabelCore sample document") -> str:
    """A one-page PDF that shows ``text``, written by hand."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    document = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n%s\nendobj\n" % (number, body)

    table = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        document += b"%010d 00000 n \n" % offset
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return data_uri(bytes(document), "application/pdf")


@cache
def mask_png(width: int = 16, height: int = 16) -> str:
    """A PNG whose left half is opaque: a small bitmask region."""
    import zlib

    rows = b"".join(
        b"\x00"
        + b"".join(
            b"\xff\x00\x00\xff" if x < width // 2 else b"\x00\x00\x00\x00"
            for x in range(width)
        )
        for _ in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        checksum = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return data_uri(content, "image/png")
