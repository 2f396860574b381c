"""Label Studio's uploaded files, copied into a LabelCore project's uploads.

Label Studio keeps an uploaded file at ``<media>/upload/<project>/<8 hex
digits>-<name>`` and points tasks at ``/data/upload/<project>/<file>`` (the
name URL-quoted). Each file comes from the ``--media`` folders given, else
from the running Label Studio, and lands under the new project's uploads
with a name LabelCore serves (``secure_filename``); a task then points at
``/data/upload/<new project>/<file>``.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from werkzeug.utils import secure_filename

from labelcore.imports.label_studio_export import UPLOAD_PREFIX

log = logging.getLogger(__name__)


class MediaCopier:
    """Copies one project's uploaded files; called with a file's
    ``/data/upload/...`` path, it gives the URL of its copy."""

    def __init__(self, settings, project_id: int, server=None, folders=()):
        from labelcore.uploads import upload_folder

        self.folder = upload_folder(settings, project_id)
        self.project_id = project_id
        self.server = server
        self.folders = [Path(folder) for folder in folders]
        self.copies: dict[str, str] = {}
        self.missing: list[tuple[str, int]] = []
        """Each file not found, with the first task that points at it."""

    def copy_all(self, paths: dict[str, int], progress: Iterable | None = None):
        """Copy every file of ``paths`` (path to the first task naming it);
        ``progress`` wraps the iteration (a progress bar)."""
        names: set[str] = set()
        for path in progress if progress is not None else paths:
            name = _local_name(path, names)
            if self._copy(path, self.folder / name):
                names.add(name)
                self.copies[path] = f"/data/upload/{self.project_id}/{name}"
            else:
                self.missing.append((path, paths[path]))

    def __call__(self, path: str) -> str | None:
        copy = self.copies.get(path)
        if copy is None and self.server is not None:
            # Not copied: the task keeps pointing at Label Studio itself.
            return self.server.url.rstrip("/") + path
        return copy

    def undo(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _copy(self, path: str, target: Path) -> bool:
        relative = _relative(path)
        if relative is None:
            log.warning("Media path %r leaves the upload folder; not copied", path)
            return False
        for folder in self.folders:
            for candidate in _candidates(folder, relative):
                if candidate.is_file():
                    shutil.copyfile(candidate, target)
                    return True
        if self.server is not None:
            return self.server.download(path, target)
        return False


def _relative(path: str) -> PurePosixPath | None:
    """``<project>/<file>`` of an upload path, or None for one that would
    leave the upload folder."""
    relative = PurePosixPath(unquote(path[len(UPLOAD_PREFIX) :]))
    if relative.is_absolute() or not relative.parts:
        return None
    if any(part in ("..", ".", "") or "\\" in part for part in relative.parts):
        return None
    return relative


def _candidates(folder: Path, relative: PurePosixPath) -> Iterable[Path]:
    # The folder may be Label Studio's media folder, its upload folder, or
    # the upload folder of the one project.
    for inside in (Path("upload", *relative.parts), Path(*relative.parts)):
        yield folder / inside
    if len(relative.parts) > 1:
        yield folder / Path(*relative.parts[1:])


def _local_name(path: str, taken: set[str]) -> str:
    original = unquote(path.rsplit("/", 1)[-1])
    name = secure_filename(original)
    if not name or name.startswith("."):
        suffix = secure_filename(Path(original).suffix.lstrip(".")) or "bin"
        name = f"{hashlib.sha256(path.encode()).hexdigest()[:16]}.{suffix}"
    unique, number = name, 1
    while unique in taken:
        number += 1
        unique = f"{number}-{name}"
    return unique
