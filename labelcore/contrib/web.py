"""What a plugin contributes to the web UI and the data manager."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class WebModule:
    """An ES module the web UI loads at run time.

    ``path`` is the file on disk; the server serves it at
    ``/plugins/<plugin>/<name>``. The module's default export is an object
    ``{tags: {TagName: Renderer, ...}}``; it may import only the names in the
    page's import map (``react``, ``react/jsx-runtime``, ``react-dom/client``,
    ``konva``, ``react-konva``, ``@labelcore/plugin-api``).
    """

    name: str
    path: str


@dataclass
class DataManagerAction:
    """An action on a selection of tasks, as ``POST /api/dm/actions?id=...``.

    ``run(project, task_ids_select, user, params)`` performs it and returns a
    JSON-able dict; ``task_ids_select`` is a select of the chosen task ids.
    """

    id: str
    title: str
    run: Any
    dialog: dict[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass
class StorageType:
    """A storage connector (local files, S3, GCS, Azure); see the storage issue."""

    name: str
    title: str
    connector: Any


@dataclass
class MLBackendType:
    """An ML backend kind (HTTP, in-process); see the ML backend issue."""

    name: str
    title: str
    backend: Any
