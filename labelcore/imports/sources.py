"""Where an import's items come from: the request body or its files.

Everything is first written to ``<data_dir>/imports/`` so that an import too
large to run inline can go on as a job from the same files, and the request
is never held in memory.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labelcore.contrib.formats import Importer

COPY_CHUNK = 1 << 20


class ImportRequestError(ValueError):
    """The request cannot be read as an import at all (a 400 for the caller)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Source:
    """One file of an import and the importer that reads it."""

    path: Path
    importer: Importer
    name: str

    @property
    def extension(self) -> str:
        return self.path.suffix

    def as_dict(self) -> dict[str, str]:
        return {
            "path": str(self.path),
            "importer": self.importer.name,
            "name": self.name,
        }

    @classmethod
    def from_dict(cls, saved: Mapping[str, str], importers: Mapping[str, Importer]):
        importer = importers.get(saved["importer"])
        if importer is None:
            raise ImportRequestError(
                "file",
                f"No installed plugin provides the importer {saved['importer']!r} "
                f"that this import was started with; reinstall it and rerun the job.",
            )
        return cls(Path(saved["path"]), importer, saved.get("name", ""))

    def open(self):
        return self.path.open("rb")


def imports_folder(data_dir: Path) -> Path:
    folder = data_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def choose_importer(
    importers: Mapping[str, Importer], filename: str, media_type: str, head: bytes
) -> Importer:
    """By file extension, then by content type, then by a JSON-looking start."""
    by_name = {importer.name: importer for importer in importers.values()}
    lowered = filename.lower()
    for importer in by_name.values():
        if any(lowered.endswith(extension) for extension in importer.extensions):
            return importer

    for importer in by_name.values():
        if media_type in importer.media_types:
            return importer

    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"[", b"{"):
        for importer in by_name.values():
            if "application/json" in importer.media_types:
                return importer

    known = sorted(
        {
            extension
            for importer in by_name.values()
            for extension in importer.extensions
        }
    )
    what = repr(filename) if filename else "the request body"
    raise ImportRequestError(
        "file",
        f"Cannot tell the format of {what} (content type {media_type or 'none'}). "
        f"Use a file name ending in one of {', '.join(known) or 'none installed'}, "
        f"or send JSON with the content type application/json.",
    )


def _extension_for(importer: Importer, filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in importer.extensions:
        return suffix
    return importer.extensions[0] if importer.extensions else ".import"


def _spool(stream: Any, folder: Path) -> tuple[Path, bytes]:
    path = folder / f"upload-{uuid.uuid4().hex}.part"
    head = b""
    with path.open("wb") as target:
        while True:
            chunk = stream.read(COPY_CHUNK)
            if not chunk:
                break
            if len(head) < 4096:
                head += chunk[:4096]
            target.write(chunk)
    return path, head


def collect_sources(
    request: Any, importers: Mapping[str, Importer], folder: Path
) -> list[Source]:
    """Write the request's files (or its body) to ``folder``, one Source each."""
    sources: list[Source] = []
    try:
        uploads = [upload for _, upload in request.files.items(multi=True)]
        for upload in uploads:
            path, head = _spool(upload.stream, folder)
            sources.append(
                _named(path, head, upload.filename, upload.mimetype, importers)
            )
        if not uploads:
            path, head = _spool(request.stream, folder)
            if not head and request.get_data(cache=True):
                path.write_bytes(request.get_data(cache=True))
                head = path.read_bytes()[:4096]
            if not head.strip():
                path.unlink()
                raise ImportRequestError(
                    "tasks",
                    "The request has no tasks. Send a JSON list of tasks as the "
                    "body, or attach files (JSON, JSONL, CSV, TSV or TXT).",
                )
            sources.append(_named(path, head, "", request.mimetype, importers))
    except BaseException:
        discard(sources)
        raise
    return sources


def _named(
    path: Path,
    head: bytes,
    filename: str,
    media_type: str,
    importers: Mapping[str, Importer],
) -> Source:
    try:
        importer = choose_importer(importers, filename or "", media_type or "", head)
    except ImportRequestError:
        path.unlink()
        raise
    final = path.with_suffix(_extension_for(importer, filename or ""))
    os.replace(path, final)
    return Source(final, importer, filename or "")


def keep_for_job(sources: list[Source], folder: Path, record_id: int) -> list[Source]:
    """Rename the spooled files to ``<record id>.<ext>`` (``-2``, ``-3`` beyond one)."""
    kept = []
    for number, source in enumerate(sources, 1):
        stem = str(record_id) if number == 1 else f"{record_id}-{number}"
        target = folder / f"{stem}{source.extension}"
        shutil.move(source.path, target)
        kept.append(Source(target, source.importer, source.name))
    return kept


def discard(sources: list[Source]) -> None:
    for source in sources:
        source.path.unlink(missing_ok=True)
