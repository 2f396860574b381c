"""Local files: a folder under the administrator's ``LABELCORE_LOCAL_FILES_ROOT``.

Task data points at files as Label Studio does, ``/data/local-files/?d=<path
relative to the root>``, and the server streams them with a permission check.
A path that is absolute, climbs out with ``..``, or leads out of the root
through a symlink is refused, wherever it comes from.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, quote, urlsplit

from marshmallow import Schema, fields

from labelcore import StorageConnector, StorageError, StorageStream

URL_PATH = "/data/local-files/"
ROOT_SETTING = "LABELCORE_LOCAL_FILES_ROOT"
CHUNK = 256 * 1024


class LocalFilesSettings(Schema):
    path = fields.String(required=True)


class LocalPathRefused(StorageError):
    """A path that would leave the local-files root."""


def files_root(server) -> Path:
    """The resolved root folder, or StorageError when local storage is off."""
    if not server.local_files_root:
        raise StorageError(
            f"Local-file storage is off on this server. An administrator turns "
            f"it on by setting {ROOT_SETTING} to the folder it may use."
        )
    root = Path(server.local_files_root).resolve()
    if not root.is_dir():
        raise StorageError(
            f"{ROOT_SETTING} names {str(root)!r}, which is not a folder; create "
            f"it or point the setting at an existing folder."
        )
    return root


def inside(root: Path, relative: str) -> Path:
    """``root / relative`` with every link followed, refused unless it stays in
    ``root``."""
    if "\x00" in relative:
        raise LocalPathRefused("A local path may not contain a NUL character.")
    parts = PurePosixPath(relative.replace("\\", "/"))
    if parts.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise LocalPathRefused(
            f"The local path {relative!r} is absolute; give it relative to the "
            f"local-files root."
        )
    if ".." in parts.parts:
        raise LocalPathRefused(
            f"The local path {relative!r} climbs out with '..'; give a path "
            f"inside the local-files root."
        )
    resolved = (root / parts).resolve()
    if not resolved.is_relative_to(root):
        raise LocalPathRefused(
            f"The local path {relative!r} leads out of the local-files root "
            f"(through a symbolic link); only files inside the root are served."
        )
    return resolved


def storage_folder(root: Path, path: str) -> Path:
    """The storage's folder: an absolute path inside the root, or one relative
    to it."""
    candidate = Path(path)
    if candidate.is_absolute():
        resolved = candidate.resolve()
        if not resolved.is_relative_to(root):
            raise LocalPathRefused(
                f"The folder {path!r} is not inside the local-files root "
                f"{str(root)!r} ({ROOT_SETTING}); pick a folder inside it."
            )
        return resolved
    return inside(root, path)


def local_files_url(root: Path, file_path: Path) -> str:
    relative = file_path.relative_to(root).as_posix()
    return f"{URL_PATH}?d={quote(relative, safe='/')}"


class LocalFilesConnector(StorageConnector):
    def __init__(self, config, secrets, server):
        super().__init__(config, secrets, server)
        self.root = files_root(server)
        self.folder = storage_folder(self.root, config["path"])

    def check(self) -> None:
        if not self.folder.is_dir():
            raise StorageError(
                f"The folder {self.config['path']!r} does not exist inside the "
                f"local-files root; create it or fix the path."
            )

    def iter_keys(self, prefix: str, recursive: bool) -> Iterator[str]:
        self.check()
        start = inside(self.folder, prefix) if prefix.strip("/") else self.folder
        if not start.is_dir():
            return
        walker = os.walk(start) if recursive else [next(os.walk(start))]
        for directory, folders, files in walker:
            folders.sort()
            for name in sorted(files):
                path = Path(directory) / name
                if path.resolve().is_relative_to(self.root):
                    yield path.relative_to(self.folder).as_posix()

    def path_of(self, key: str) -> Path:
        return inside(self.folder, key)

    def open(self, key: str) -> StorageStream:
        path = self.path_of(key)
        try:
            handle = path.open("rb")
        except OSError:
            raise StorageError(f"The local file {key!r} cannot be read.") from None
        size = os.fstat(handle.fileno()).st_size
        return StorageStream(
            chunks=iter(lambda: handle.read(CHUNK), b""),
            content_type=mimetypes.guess_type(path.name)[0],
            size=size,
            close=handle.close,
        )

    def write(self, key: str, data: bytes, content_type: str) -> None:
        path = self.path_of(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError:
            raise StorageError(
                f"The local file {key!r} cannot be written; check that the server "
                f"may write to the storage's folder."
            ) from None

    def delete(self, key: str) -> None:
        try:
            self.path_of(key).unlink(missing_ok=True)
        except OSError:
            raise StorageError(f"The local file {key!r} cannot be deleted.") from None

    def uri(self, key: str) -> str:
        return local_files_url(self.root, self.path_of(key))

    def key_for_uri(self, uri: str) -> str | None:
        parts = urlsplit(uri)
        if parts.path.rstrip("/") != URL_PATH.rstrip("/"):
            return None
        wanted = parse_qs(parts.query).get("d", [""])[0]
        try:
            path = inside(self.root, wanted)
        except LocalPathRefused:
            return None
        if not path.is_relative_to(self.folder):
            return None
        return path.relative_to(self.folder).as_posix()
