"""Where a task's media is, what its file is called, how big an image is.

Label Studio's uploads are served at ``/data/upload/<project>/<file>`` and
local-file storage at ``/data/local-files/?d=<path>``; both resolve to files
on this server, read for their size or put into a zip. Remote URLs are never
fetched: an export makes no outbound call.
"""

from __future__ import annotations

import math
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

UPLOAD = re.compile(r"^/data/upload/(\d+)/([^/]+)$")


def file_name(url: Any, task_id: int, extension: str = "") -> str:
    """The decoded base name of a media URL (``caf%C3%A9.jpg`` is ``café.jpg``).

    A data URI or a URL without a file name gets ``task-<id><extension>``.
    """
    if not isinstance(url, str) or url.startswith("data:"):
        return f"task-{task_id}{extension}"
    parts = urlsplit(url)
    if parts.path.endswith("/data/local-files/") or parts.path == "/data/local-files":
        path = parse_qs(parts.query).get("d", [""])[0]
    else:
        path = unquote(parts.path)
    name = posixpath.basename(path.rstrip("/"))
    return name or f"task-{task_id}{extension}"


def stem(name: str) -> str:
    base, dot, _ = name.rpartition(".")
    return base if dot and base else name


def local_path(url: Any) -> Path | None:
    """The file on this server behind an upload or local-files URL, if any."""
    if not isinstance(url, str):
        return None
    from labelcore import app_state

    settings = app_state().settings
    parts = urlsplit(url)
    match = UPLOAD.match(unquote(parts.path))
    if match:
        project, name = match.groups()
        if "/" in name or name in (".", ".."):
            return None
        path = settings.data_path / "upload" / project / name
        return path if path.is_file() else None
    if parts.path.rstrip("/") == "/data/local-files" and settings.local_files_root:
        root = Path(settings.local_files_root).resolve()
        wanted = parse_qs(parts.query).get("d", [""])[0]
        path = (root / wanted.lstrip("/")).resolve()
        if path.is_file() and path.is_relative_to(root):
            return path
    return None


@lru_cache(maxsize=4096)
def _size_of_file(path: str) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None


def image_size(
    item: dict[str, Any], task: dict[str, Any], siblings: list[dict], url: Any
) -> tuple[float, float] | None:
    """An image's size in pixels: from the result item, another item on the
    same image, the task's data or meta (``original_width``/``width``), or
    the image file itself when it is on this server. A size may be a number
    or a string of one, as a CSV import stores every value."""
    for source in (item, *siblings):
        size = _size(source, "original_width", "original_height")
        if size is not None:
            return size
    for source in (task.get("meta") or {}, task.get("data") or {}):
        for width_key, height_key in (
            ("original_width", "original_height"),
            ("width", "height"),
        ):
            size = _size(source, width_key, height_key)
            if size is not None:
                return size
    path = local_path(url)
    if path is not None:
        return _size_of_file(str(path))
    return None


def _size(source: dict, width_key: str, height_key: str) -> tuple[float, float] | None:
    width, height = _pixels(source.get(width_key)), _pixels(source.get(height_key))
    return (width, height) if width is not None and height is not None else None


def _pixels(value: Any) -> float | None:
    """``value`` as a positive, finite number of pixels, or None."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if 0 < value < math.inf else None
