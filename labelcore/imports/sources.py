"""Where an import's items come from: the request body, its files, a URL.

Everything is first written to ``<data_dir>/imports/`` so that an import too
large to run inline can go on as a job from the same files, and the request
is never held in memory. A media file (an importer that ``stores_media``)
goes to the project's uploads instead, where the task it becomes points.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.utils import secure_filename

from labelcore.contrib.formats import Importer

COPY_CHUNK = 1 << 20


class ImportRequestError(ValueError):
    """The request cannot be read as an import at all (a 400 for the caller,
    or ``status`` when another fits: 413 for too much)."""

    def __init__(self, field: str, message: str, status: int = 400):
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status


@dataclass
class Source:
    """One file of an import and the importer that reads it.

    ``options`` are given to the importer for this file only (a stored
    media file's URL); a ``kept`` file outlives the import.
    """

    path: Path
    importer: Importer
    name: str
    options: dict[str, Any] = field(default_factory=dict)
    kept: bool = False

    @property
    def extension(self) -> str:
        return self.path.suffix

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "importer": self.importer.name,
            "name": self.name,
            "options": self.options,
            "kept": self.kept,
        }

    @classmethod
    def from_dict(cls, saved: Mapping[str, Any], importers: Mapping[str, Importer]):
        importer = importers.get(saved["importer"])
        if importer is None:
            raise ImportRequestError(
                "file",
                f"No installed plugin provides the importer {saved['importer']!r} "
                f"that this import was started with; reinstall it and rerun the job.",
            )
        return cls(
            Path(saved["path"]),
            importer,
            saved.get("name", ""),
            dict(saved.get("options") or {}),
            bool(saved.get("kept")),
        )

    def open(self):
        return self.path.open("rb")


@dataclass
class MediaStore:
    """The project's uploads folder, and the URL its files are served at."""

    folder: Path
    project_id: int

    def keep(self, path: Path, filename: str) -> tuple[Path, str]:
        safe = secure_filename(Path(filename).name) or "file"
        stored = f"{uuid.uuid4().hex[:8]}-{safe}"
        target = self.folder / stored
        os.replace(path, target)
        return target, f"/data/upload/{self.project_id}/{stored}"


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


def spool(chunks, folder: Path, limit: int | None = None) -> tuple[Path, bytes]:
    """Write ``chunks`` to a new file in ``folder``; (its path, its first bytes).

    Past ``limit`` bytes the file is removed and a 413 refusal raised.
    """
    path = folder / f"upload-{uuid.uuid4().hex}.part"
    head = b""
    written = 0
    with path.open("wb") as target:
        for chunk in chunks:
            written += len(chunk)
            if limit is not None and written > limit:
                target.close()
                path.unlink(missing_ok=True)
                raise ImportRequestError(
                    "file",
                    f"The import is larger than the {limit:,} bytes this server "
                    f"accepts (LABELCORE_MAX_UPLOAD_BYTES). Split it into smaller "
                    f"files, or raise the limit.",
                    status=413,
                )
            if len(head) < 4096:
                head += chunk[:4096]
            target.write(chunk)
    return path, head


def _read_chunks(stream: Any):
    while chunk := stream.read(COPY_CHUNK):
        yield chunk


def collect_sources(
    request: Any,
    importers: Mapping[str, Importer],
    folder: Path,
    media: MediaStore | None = None,
) -> list[Source]:
    """Write the request's files (or its body) to ``folder``, one Source each."""
    sources: list[Source] = []
    try:
        uploads = [upload for _, upload in request.files.items(multi=True)]
        for upload in uploads:
            path, head = spool(_read_chunks(upload.stream), folder)
            sources.append(
                named_source(
                    path, head, upload.filename, upload.mimetype, importers, media
                )
            )
        if not uploads:
            path, head = spool(_read_chunks(request.stream), folder)
            if not head and request.get_data(cache=True):
                path.write_bytes(request.get_data(cache=True))
                head = path.read_bytes()[:4096]
            if not head.strip():
                path.unlink()
                raise ImportRequestError(
                    "tasks",
                    "The request has no tasks. Send a JSON list of tasks as the "
                    "body, attach files (JSON, JSONL, CSV, TSV, TXT or media), or "
                    "give a url.",
                )
            sources.append(named_source(path, head, "", request.mimetype, importers))
    except BaseException:
        discard(sources)
        raise
    return sources


def named_source(
    path: Path,
    head: bytes,
    filename: str,
    media_type: str,
    importers: Mapping[str, Importer],
    media: MediaStore | None = None,
) -> Source:
    """The Source for a spooled file, renamed to its importer's extension (or
    moved to the uploads when it is media)."""
    try:
        importer = choose_importer(importers, filename or "", media_type or "", head)
    except ImportRequestError:
        path.unlink()
        raise
    return source_for(path, importer, filename, media)


def source_for(
    path: Path, importer: Importer, filename: str, media: MediaStore | None = None
) -> Source:
    """The Source for a spooled file that ``importer`` reads, renamed to its
    extension (or moved to the uploads when it is media)."""
    if getattr(importer, "stores_media", False):
        if media is None:
            path.unlink()
            raise ImportRequestError(
                "file",
                f"{filename or 'The body'} is a media file; send it as a file "
                f"upload (multipart/form-data) so that it can be stored.",
            )
        stored, url = media.keep(
            path, filename or f"file{_extension_for(importer, '')}"
        )
        options = {"media_url": url, "file_name": filename or stored.name}
        return Source(stored, importer, filename or "", options, kept=True)

    final = path.with_suffix(_extension_for(importer, filename or ""))
    os.replace(path, final)
    return Source(final, importer, filename or "")


def keep_for_job(sources: list[Source], folder: Path, record_id: int) -> list[Source]:
    """Rename the spooled files to ``<record id>.<ext>`` (``-2``, ``-3`` beyond one)."""
    kept = []
    for number, source in enumerate(sources, 1):
        if source.kept:
            kept.append(source)
            continue
        stem = str(record_id) if number == 1 else f"{record_id}-{number}"
        target = folder / f"{stem}{source.extension}"
        shutil.move(source.path, target)
        kept.append(Source(target, source.importer, source.name, source.options))
    return kept


def discard(sources: list[Source], media_too: bool = False) -> None:
    """Remove the spooled files; stored media stays (tasks point at it)
    unless ``media_too``, for an import that made no task."""
    for source in sources:
        if media_too or not source.kept:
            source.path.unlink(missing_ok=True)
