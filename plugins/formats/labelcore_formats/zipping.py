"""A zip archive written as a stream of chunks, never held whole.

``zipfile`` writes to any object with ``write`` and ``tell``; on one that
cannot seek it puts each member's sizes after its data, so members of
unknown length stream straight through. Non-ASCII member names are stored
as UTF-8, as zip readers expect.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

COPY_BYTES = 1 << 20


class _Sink:
    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.position = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def seekable(self) -> bool:
        return False

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


class ZipStream:
    """``add``/``add_file``/``open`` members, ``take()`` the bytes so far."""

    def __init__(self) -> None:
        self.sink = _Sink()
        self.archive = zipfile.ZipFile(self.sink, "w", zipfile.ZIP_DEFLATED)
        self.names: set[str] = set()

    def add(self, name: str, data: bytes | str) -> None:
        self.names.add(name)
        self.archive.writestr(name, data)

    def add_file(self, name: str, path: Path) -> Iterator[bytes]:
        """Copy a file in, yielding the archive's bytes as they come."""
        self.names.add(name)
        with path.open("rb") as source, self.open(name) as member:
            while chunk := source.read(COPY_BYTES):
                member.write(chunk)
                yield self.take()

    def open(self, name: str):
        """A writable member of unknown length (it may pass 4 GiB)."""
        self.names.add(name)
        return self.archive.open(name, "w", force_zip64=True)

    def take(self) -> bytes:
        return self.sink.take()

    def close(self) -> bytes:
        self.archive.close()
        return self.sink.take()
