"""Media files (images, audio, video, PDF) imported as tasks.

The core stores an uploaded media file under the project's uploads and
tells this importer its URL (``media_url``); the importer makes the one
task that points at it, under the data key of the config's object tag for
that kind of media (``$image`` for an ``Image`` tag, ...).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from labelcore import Importer, ImportFormatError

KINDS = {
    "image": (
        (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".svg"),
        ("Image",),
    ),
    "audio": (
        (".wav", ".mp3", ".flac", ".ogg", ".oga", ".m4a", ".aac", ".opus"),
        ("Audio", "AudioPlus"),
    ),
    "video": ((".mp4", ".webm", ".mov", ".mkv", ".avi", ".m4v"), ("Video",)),
    "pdf": ((".pdf",), ("PDF", "HyperText", "Image")),
}
EXTENSIONS = tuple(ext for extensions, _ in KINDS.values() for ext in extensions)
MEDIA_TYPES = ("image/", "audio/", "video/", "application/pdf")


def kind_of(name: str) -> str | None:
    lowered = name.lower()
    for kind, (extensions, _tags) in KINDS.items():
        if lowered.endswith(extensions):
            return kind
    return None


class MediaImporter(Importer):
    name = "media"
    title = "Media files"
    extensions = EXTENSIONS
    media_types = (
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/tiff",
        "audio/wav",
        "audio/x-wav",
        "audio/mpeg",
        "audio/flac",
        "audio/ogg",
        "video/mp4",
        "video/webm",
        "application/pdf",
    )
    stores_media = True

    def read(
        self, stream: BinaryIO, options: Mapping[str, Any]
    ) -> Iterator[tuple[str, dict] | ImportFormatError]:
        url = options.get("media_url")
        name = options.get("file_name") or url or ""
        if not url:
            raise ImportFormatError(
                name or "file", "the media file was not stored, so no task can use it."
            )
        kind = kind_of(name) or "image"
        yield name, {self._key(kind, options): url}

    def _key(self, kind: str, options: Mapping[str, Any]) -> str:
        keys = options.get("object_keys") or {}
        for tag in KINDS[kind][1]:
            if keys.get(tag):
                return keys[tag]
        return options.get("column") or kind
