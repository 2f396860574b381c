"""The import sync job: new objects of an import storage become tasks.

With ``use_blob_urls`` each media object becomes one task pointing at it
(``{"image": "s3://bucket/key"}``); otherwise each object is a task file
(JSON, JSONL, ...) read by the installed importers, whose tasks keep their
annotations and predictions. An object is all or nothing: one with a bad
name or content is reported with its key and skipped, the rest imported.

Tasks and the keys of the objects they came from commit together, batch by
batch, with the job's checkpoint; a sync run again (a re-sync, or the same
job after a crash) skips every key already recorded, so each object is
imported exactly once. The checkpoint holds the counts so far, so that a
job taken over after a crash reports all it imported, not only the part
of its last attempt.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import sqlalchemy as sa

from labelcore import StorageError, app_state, job_kind
from labelcore.models import Job, Project, User, db, utcnow
from labelcore_storages.models import Storage, StorageObject
from labelcore_storages.records import open_connector

log = logging.getLogger(__name__)

KEYS_PER_LOOKUP = 500
TASKS_PER_BATCH = 5000
KEPT_PROBLEMS = 100
READERS = 8
READ_WINDOW = 64
FALLBACK_DATA_KEY = "$undefined$"
RESUMED_COUNTS = (
    "objects_imported",
    "task_count",
    "annotation_count",
    "prediction_count",
)


@dataclass
class SyncReport:
    objects_seen: int = 0
    objects_imported: int = 0
    task_count: int = 0
    annotation_count: int = 0
    prediction_count: int = 0
    problem_count: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def resumed(cls, checkpoint: dict[str, Any]) -> SyncReport:
        """The report of a sync that goes on from its last checkpoint (a
        runner that died, replaced): the objects committed before are
        skipped this time, so their counts come from the checkpoint. Objects
        seen and problems start again, since every object is listed again
        and an object that was skipped is tried again."""
        return cls(**{name: int(checkpoint.get(name) or 0) for name in RESUMED_COUNTS})

    def problem(self, key: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append({"key": key, "message": message})

    def as_dict(self) -> dict[str, Any]:
        return {
            "objects_seen": self.objects_seen,
            "objects_imported": self.objects_imported,
            "task_count": self.task_count,
            "annotation_count": self.annotation_count,
            "prediction_count": self.prediction_count,
            "problem_count": self.problem_count,
            "problems": self.problems,
        }


def listing_prefix(prefix: str | None, recursive: bool) -> str:
    """Label Studio's rule: a flat listing looks inside the prefix's folder."""
    prefix = prefix or ""
    if recursive or not prefix:
        return prefix
    return prefix.rstrip("/") + "/"


def name_problem(key: str) -> str | None:
    if any(ord(character) < 32 or ord(character) == 127 for character in key):
        return "its name holds control characters; rename the object."
    if len(key) > 1024:
        return "its name is longer than 1,024 characters; rename the object."
    return None


def media_data_key(parsed_config: Any, settings: dict[str, Any]) -> str:
    """Where a media object's URI goes: the storage's ``data_key``, else the key
    of the config's first object tag."""
    if settings.get("data_key"):
        return settings["data_key"]
    for compiled in parsed_config.objects.values():
        key = (compiled.value_key or "").lstrip("$")
        if key:
            return key
    return FALLBACK_DATA_KEY


@job_kind("storages.sync")
def run_sync(context) -> dict[str, Any]:
    """Import the new objects of Storage ``params["storage_id"]``."""
    storage_id = context.params["storage_id"]
    storage = db.session.get(Storage, storage_id)
    if storage is None:
        raise LookupError(f"Storage {storage_id} no longer exists.")

    try:
        return _sync(context, storage)
    except BaseException as error:
        db.session.rollback()
        _fail(storage_id, error)
        raise


def _sync(context, storage: Storage) -> dict[str, Any]:
    from labelcore.config import ConfigInvalid
    from labelcore.imports.pipeline import ImportRun

    started = time.monotonic()
    state = app_state()
    project = db.session.get(Project, storage.project_id)
    try:
        parsed = state.compiler.compile(project.label_config)
    except ConfigInvalid as error:
        raise StorageError(
            f"The project's label config does not compile, so no task can be "
            f"checked: {error}"
        ) from None

    owner = _owner(context.job, storage)
    connector = open_connector(storage)
    settings = dict(storage.settings or {})
    storage_id = storage.id
    storage.status = "in_progress"
    storage.last_sync_job = context.job.id
    db.session.commit()

    run = ImportRun(project, owner, parsed, state.workflow)
    report = SyncReport.resumed(context.checkpoint)
    reader = ObjectReader(connector, settings, parsed, state, run, report)
    keys = connector.list_keys(
        listing_prefix(settings.get("prefix"), bool(settings.get("recursive_scan"))),
        settings.get("regex_filter") or None,
        bool(settings.get("recursive_scan")),
    )
    done: list[tuple[str, int]] = []
    try:
        for batch in _new_keys(storage_id, keys, report):
            for key, count in reader.take_all(batch):
                if count is not None:
                    done.append((key, count))
            if len(run.pending) >= TASKS_PER_BATCH or len(done) >= TASKS_PER_BATCH:
                _commit_batch(context, storage_id, run, done, report)
                done = []
        _commit_batch(context, storage_id, run, done, report)
    finally:
        reader.close()

    storage = db.session.get(Storage, storage_id)
    storage.status = "completed_with_errors" if report.problem_count else "completed"
    storage.last_sync = utcnow()
    storage.last_sync_count = report.task_count
    storage.traceback = None
    storage.meta = {**(storage.meta or {}), "last_sync": report.as_dict()}
    db.session.commit()

    state.plugins.hook.on_import_finished(
        project=project,
        summary={
            "task_count": report.task_count,
            "annotation_count": report.annotation_count,
            "prediction_count": report.prediction_count,
            "import_id": None,
            "storage_id": storage.id,
        },
    )
    log.info(
        "Storage %s synced: %d new objects, %d tasks into project %s in %.2f s "
        "(%d objects skipped)",
        storage.id,
        report.objects_imported,
        report.task_count,
        project.id,
        time.monotonic() - started,
        report.problem_count,
    )
    return {"storage": storage.id, **report.as_dict()}


def _owner(job: Job, storage: Storage) -> User | None:
    user_id = job.created_by_id or storage.created_by_id
    return db.session.get(User, user_id) if user_id else None


def _new_keys(storage_id: int, keys: Iterator[str], report: SyncReport):
    """Batches of the listed keys that no earlier sync imported."""
    batch: list[str] = []
    for key in keys:
        report.objects_seen += 1
        batch.append(key)
        if len(batch) >= KEYS_PER_LOOKUP:
            yield _unseen(storage_id, batch)
            batch = []
    if batch:
        yield _unseen(storage_id, batch)


def _unseen(storage_id: int, keys: list[str]) -> list[str]:
    seen = set(
        db.session.scalars(
            sa.select(StorageObject.key).where(
                StorageObject.storage_id == storage_id, StorageObject.key.in_(keys)
            )
        )
    )
    # The objects are read next, over the network: no transaction may stay
    # open meanwhile, or SQLite's write lock would wait for the storage.
    db.session.commit()
    return [key for key in dict.fromkeys(keys) if key not in seen]


def _commit_batch(context, storage_id: int, run, done, report: SyncReport) -> None:
    """Write the waiting tasks and their objects' keys in one transaction."""
    totals = run.totals
    before = (totals.task_count, totals.annotation_count, totals.prediction_count)
    run.write_pending()
    if done:
        now = utcnow()
        db.session.execute(
            sa.insert(StorageObject),
            [
                {
                    "storage_id": storage_id,
                    "key": key,
                    "task_count": count,
                    "created_at": now,
                }
                for key, count in done
            ],
        )
    report.task_count += totals.task_count - before[0]
    report.annotation_count += totals.annotation_count - before[1]
    report.prediction_count += totals.prediction_count - before[2]
    report.objects_imported += len(done)
    context.save_checkpoint(report.as_dict(), done=report.objects_seen)
    context.raise_if_cancelled()


class ObjectReader:
    """Turns objects into pending tasks of the run, or into problems.

    Task files are fetched a window at a time on a few threads, since each
    is one round trip to the storage; a window bounds what is held at once.
    """

    def __init__(self, connector, settings, parsed, state, run, report):
        self.connector = connector
        self.media = bool(settings.get("use_blob_urls"))
        self.data_key = media_data_key(parsed, settings)
        self.importers = {
            extension: importer
            for importer in state.plugins.importers.values()
            for extension in importer.extensions
        }
        self.limit = state.settings.max_upload_bytes
        self.run = run
        self.report = report
        self.index = 0
        self.pool: ThreadPoolExecutor | None = None

    def take_all(self, keys: list[str]) -> Iterator[tuple[str, int | None]]:
        """``(key, tasks added)`` for each key; None when it was skipped."""
        if self.media:
            for key in keys:
                yield key, self.take(key, None)
            return

        if self.pool is None:
            self.pool = ThreadPoolExecutor(READERS, thread_name_prefix="storage-read")
        for start in range(0, len(keys), READ_WINDOW):
            window = keys[start : start + READ_WINDOW]
            contents = self.pool.map(self._fetch, window)
            for key, content in zip(window, contents, strict=True):
                yield key, self.take(key, content)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    def _fetch(self, key: str) -> bytes | StorageError:
        if name_problem(key) is not None:
            return b""
        try:
            return self.connector.read(key, self.limit)
        except StorageError as error:
            return error

    def take(self, key: str, content: bytes | StorageError | None) -> int | None:
        problem = name_problem(key)
        if problem is not None:
            self.report.problem(key, f"Skipped: {problem}")
            return None
        try:
            items = self._items(key, content)
        except StorageError as error:
            self.report.problem(key, f"Skipped: {error}")
            return None

        start = len(self.run.pending)
        problems_before = self.run.totals.problem_count
        for location, item in items:
            self.index += 1
            self.run.add(self.index, location, item)
        if self.run.totals.problem_count > problems_before:
            del self.run.pending[start:]
            problems = self.run.totals.problems
            self.report.problem(
                key, f"Skipped: {problems[-1]['text'] if problems else ''}"
            )
            return None
        return len(self.run.pending) - start

    def _items(self, key: str, content) -> list[tuple[str, Any]]:
        if self.media:
            return [("the object", {self.data_key: self.connector.uri(key)})]
        if isinstance(content, StorageError):
            raise content

        from labelcore import ImportFormatError

        importer = self._importer(key)
        items: list[tuple[str, Any]] = []
        try:
            for number, item in enumerate(importer.read(io.BytesIO(content), {}), 1):
                if isinstance(item, tuple):
                    items.append(item)
                elif isinstance(item, ImportFormatError):
                    raise StorageError(f"{item.location}: {item.message}")
                else:
                    items.append((f"item {number}", item))
        except ImportFormatError as error:
            raise StorageError(f"{error.location}: {error.message}") from None
        except (ValueError, TypeError, UnicodeError) as error:
            raise StorageError(
                f"it cannot be read as {importer.title or importer.name}: {error}"
            ) from None
        if not items:
            raise StorageError("it holds no tasks.")
        return items

    def _importer(self, key: str):
        suffix = PurePosixPath(key).suffix.lower()
        importer = self.importers.get(suffix) or self.importers.get(".json")
        if importer is None:
            raise StorageError(
                "no installed importer reads task files (JSON); install "
                "labelcore-formats, or turn on use_blob_urls for media objects."
            )
        return importer


def _fail(storage_id: int, error: BaseException) -> None:
    storage = db.session.get(Storage, storage_id)
    if storage is None:
        return
    storage.status = "failed"
    storage.traceback = failure_message(error)
    db.session.commit()


def failure_message(error: BaseException) -> str:
    """What a person is told about a failed job: a StorageError's own sentence,
    otherwise only the kind of failure (the server log has the rest)."""
    if isinstance(error, StorageError):
        return str(error)
    from labelcore import JobCancelled, SecretKeyError

    if isinstance(error, (JobCancelled, SecretKeyError)):
        return str(error)
    return f"The sync failed ({type(error).__name__}); the server log has the details."
