"""What a plugin contributes to the web UI and the data manager."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
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


class StorageError(Exception):
    """A storage could not do what was asked.

    The message is shown to people as it is: it names the storage, says what
    went wrong and how to fix it, and never holds a credential or the body of
    the provider's answer.
    """


@dataclass
class StorageStream:
    """An object being read: its bytes in chunks, and what is known about it."""

    chunks: Iterator[bytes]
    content_type: str | None = None
    size: int | None = None
    close: Callable[[], None] = field(default=lambda: None)


class StorageConnector:
    """One configured storage: a bucket (or folder) with its credentials.

    Built by the storage plugin as ``connector(config, secrets, server)``:
    ``config`` is the storage's validated settings (the provider's own and
    the common ones such as ``prefix``), ``secrets`` its decrypted
    credentials (a dict, possibly empty), ``server`` the app's Settings (for
    ``outbound_policy(server)`` and ``local_files_root``). Every call to a
    user-given endpoint must pass ``guarded_session`` or ``check_url``.

    Subclasses implement ``iter_keys``, ``open``, ``write``, ``delete``,
    ``uri`` and ``key_for_uri``; ``presigned_url`` when the provider can sign
    a URL. Each method raises ``StorageError`` and nothing else.
    """

    def __init__(self, config: dict[str, Any], secrets: dict[str, str], server: Any):
        self.config = config
        self.secrets = secrets
        self.server = server

    def check(self) -> None:
        """Reach the storage once; raise StorageError when it cannot be used."""
        next(iter(self.iter_keys("", recursive=False)), None)

    def iter_keys(self, prefix: str, recursive: bool) -> Iterator[str]:
        """Object keys under ``prefix``; only the top level unless ``recursive``."""
        raise NotImplementedError

    def list_keys(
        self, prefix: str = "", pattern: str | None = None, recursive: bool = True
    ) -> Iterator[str]:
        """Keys under ``prefix`` that the regular expression ``pattern`` matches
        from their start (as Label Studio's ``regex_filter`` does)."""
        matcher = re.compile(pattern) if pattern else None
        for key in self.iter_keys(prefix, recursive):
            if matcher is None or matcher.match(key):
                yield key

    def open(self, key: str) -> StorageStream:
        """The object at ``key``, to be read in chunks and closed."""
        raise NotImplementedError

    def read(self, key: str, limit: int) -> bytes:
        """The whole object, refused with StorageError when over ``limit`` bytes."""
        stream = self.open(key)
        try:
            if stream.size is not None and stream.size > limit:
                raise StorageError(_too_large(key, limit))
            parts, total = [], 0
            for chunk in stream.chunks:
                total += len(chunk)
                if total > limit:
                    raise StorageError(_too_large(key, limit))
                parts.append(chunk)
            return b"".join(parts)
        finally:
            stream.close()

    def write(self, key: str, data: bytes, content_type: str) -> None:
        raise NotImplementedError

    def delete(self, key: str) -> None:
        """Remove the object; an object that is not there is no error."""
        raise NotImplementedError

    def uri(self, key: str) -> str:
        """How task data points at the object (``s3://bucket/key``)."""
        raise NotImplementedError

    def key_for_uri(self, uri: str) -> str | None:
        """The key of ``uri`` when it points into this storage, else None."""
        raise NotImplementedError

    def presigned_url(self, key: str, ttl_seconds: int) -> str | None:
        """A URL the browser may load for ``ttl_seconds``, or None when this
        storage cannot sign one (the server then streams the object)."""
        return None


def _too_large(key: str, limit: int) -> str:
    return (
        f"The object {key!r} is larger than {limit:,} bytes, the most a task "
        f"file may hold (LABELCORE_MAX_UPLOAD_BYTES); split it into smaller files."
    )


@dataclass
class StorageType:
    """A storage provider (local files, S3, GCS, Azure, ...).

    ``name`` is the path part of ``/api/storages/<name>/`` and
    ``/api/storages/export/<name>/``. ``connector`` is a StorageConnector
    subclass. ``settings_schema`` is a marshmallow Schema class with the
    provider's own fields (bucket, region, credentials); ``secret_fields``
    names those of its fields that are credentials: stored encrypted, never
    answered, only reported as set or not. ``url_schemes`` are the schemes of
    task data it resolves for the browser (``s3`` for ``s3://bucket/key``).
    """

    name: str
    title: str
    connector: Any
    settings_schema: Any = None
    secret_fields: tuple[str, ...] = ()
    url_schemes: tuple[str, ...] = ()


@dataclass
class MLBackendType:
    """A kind of ML backend: a model behind a URL, or one that runs in-process.

    ``POST /api/ml/`` with ``"type": name`` (or the URL ``labelcore://<name>``)
    connects one to a project. ``backend`` is called as ``backend(setup)``
    each time the server needs the model, and returns an object with:

    - ``setup()``: check that the model can serve the project's config and
      return the model version it serves (``""`` before it learned anything);
      raise with a sentence that says what is wrong and how to fix it.
    - ``predict(tasks, context=None)``: ``tasks`` are Label Studio task dicts
      (``id``, ``data``, ...); return one dict per task, in the same order:
      ``{"result": [...], "score": 0.83, "model_version": "..."}`` (``score``
      the model's confidence in 0-1, or None). ``context`` is what an
      annotator's smart tool sent (a click, a box) for the one task of an
      interactive call, else None.
    - ``fit(tasks)``, for ``trainable`` types: learn from ``tasks``, each with
      its ``annotations`` (Label Studio's export shape); return a dict with
      ``model_version`` (or None to let the server number it), ``state``
      (bytes the server keeps and hands back as ``setup.state``, or None) and
      ``metrics`` (a JSON-able dict).
    - ``versions()``, optional: the model versions it can serve.

    ``setup`` carries ``project_id``, ``label_config`` (the XML),
    ``parsed_config`` (compiled), ``model_version``, ``state``,
    ``extra_params`` (the dict the user gave) and, for ``needs_url`` types,
    ``url``, ``auth`` (``(user, password)`` or None), ``timeouts`` (seconds
    per call kind) and ``session`` (a ``guarded_session``: every call to a
    user-given URL must go through it).
    """

    name: str
    title: str
    backend: Any
    description: str = ""
    needs_url: bool = False
    trainable: bool = False
