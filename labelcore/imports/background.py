"""Writing an import's batches on a thread and a connection of their own.

The database does the work of a batch in C and lets go of Python's global
lock meanwhile, so the import reads and checks the next batch while this
one is written. One batch is in flight at a time, each in its own short
transaction that commits it together with whatever ``after_write`` adds
(the job's checkpoint), so SQLite's write lock is held only while the
database itself is busy.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from labelcore.imports.writer import BatchResult, PreparedBatch, TaskWriter
from labelcore.jobs.memory import small_page_cache

AfterWrite = Callable[[Any, BatchResult], None]

IMPORT_CACHE_KIB = 16384
"""SQLite's page cache for an import's writes. Appending rows touches few
pages again, so a small cache writes as fast as the server's 64 MB one,
which would otherwise fill with pages no reader asked for."""


class BackgroundWriter:
    """Runs ``TaskWriter.write_prepared`` for one batch at a time, elsewhere.

    Every batch of a job goes through the same pooled connection, so that
    on SQLite its small page cache is set once and stays warm from one
    batch to the next; ``close`` gives the connection its own size back.
    """

    def __init__(self, engine: Any, writer: TaskWriter):
        self.engine = engine
        self.writer = writer
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="labelcore-import")
        self.in_flight: Future | None = None
        self.connection: Any = None

    def wait(self) -> BatchResult | None:
        """The result of the batch in flight once it committed (its error
        raised here), or None when nothing was in flight."""
        if self.in_flight is None:
            return None
        future, self.in_flight = self.in_flight, None
        return future.result()

    def start(self, batch: PreparedBatch, after_write: AfterWrite) -> None:
        """Start writing ``batch``; call ``wait`` before the next ``start``."""
        if self.in_flight is not None:
            raise RuntimeError("A batch is still in flight; wait for it first.")
        self.in_flight = self.executor.submit(self._write, batch, after_write)

    def _write(self, batch: PreparedBatch, after_write: AfterWrite) -> BatchResult:
        connection = self._connect()
        with connection.begin():
            result = self.writer.write_prepared(connection, batch)
            after_write(connection, result)
        return result

    def _connect(self) -> Any:
        if self.connection is None:
            self.connection = self.engine.connect()
            small_page_cache(self.connection, IMPORT_CACHE_KIB)
        return self.connection

    def close(self) -> None:
        """Let the batch in flight end (committed or rolled back), then stop
        and hand the connection back to the pool, with its own page cache."""
        self.executor.shutdown(wait=True)
        self.in_flight = None
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()
