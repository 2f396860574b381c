"""SQLite's one writer at a time, as a queue instead of a poll.

SQLite lets one transaction write at a time. A writer that finds the lock
taken sleeps and retries (the busy timeout) in steps that grow to 100 ms,
so under twenty annotators at once a request could sleep long after the
lock was free. Here writers wait in line instead: a lock per process, which
a waiting thread blocks on without polling, and an advisory file lock
beside the database that the processes of one server share. The holder
starts ``BEGIN IMMEDIATE`` and lets the line move on as soon as its
``COMMIT`` or ``ROLLBACK`` has run. SQLite's own lock still guards the file
against writers outside the server.

A request reads what it needs to authenticate and check permissions in a
deferred (read) transaction, and takes the writer's place only when its
view starts (``begin_writing``), so that the line moves at the pace of the
writes, not of the whole request.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

WAIT_SECONDS = 30.0
"""How long a writer waits for its turn before it gives up, as SQLite's own
busy timeout does."""

_HELD = "labelcore_writer_held"
_thread = threading.local()


def _locked(reason: str) -> sa.exc.OperationalError:
    return sa.exc.OperationalError(
        "BEGIN IMMEDIATE", None, Exception(f"database is locked: {reason}")
    )


@contextmanager
def write_if_free() -> Iterator[None]:
    """Transactions this thread begins meanwhile are writers that take the
    turn only when it is free, and fail with OperationalError otherwise:
    for bookkeeping that may as well happen another time."""
    _thread.no_wait = True
    try:
        yield
    finally:
        _thread.no_wait = False


class WriterQueue:
    """The writer's lock of one SQLite database, for the threads and
    processes of a server."""

    def __init__(self, database: str | None):
        self.thread_lock = threading.Lock()
        self.owner: int | None = None
        """The thread whose turn it is."""
        self.path = None
        if database and database != ":memory:":
            self.path = Path(f"{database}-writer.lock")
        self._file: tuple[int, int] | None = None
        """(process id, file descriptor): a forked process opens its own."""

    def acquire(self, wait: bool = True) -> None:
        if self.owner == threading.get_ident():
            # Waiting would be waiting for itself: a thread that writes on one
            # connection began writing on another.
            raise _locked("this thread's other connection is writing")
        if not self.thread_lock.acquire(timeout=WAIT_SECONDS if wait else 0):
            raise _locked(f"no turn to write within {WAIT_SECONDS if wait else 0} s")
        try:
            self._lock_file(wait)
        except BaseException:
            self.thread_lock.release()
            raise
        self.owner = threading.get_ident()

    def release(self) -> None:
        self.owner = None
        try:
            descriptor = self._descriptor()
            if descriptor is not None:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            self.thread_lock.release()

    def _descriptor(self) -> int | None:
        if self.path is None:
            return None
        if self._file is None or self._file[0] != os.getpid():
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._file = (os.getpid(), descriptor)
        return self._file[1]

    def _lock_file(self, wait: bool) -> None:
        descriptor = self._descriptor()
        if descriptor is None:
            return
        # Only one thread per process gets here, so polling costs little: the
        # other process holds the lock for the length of one write.
        deadline = time.monotonic() + (WAIT_SECONDS if wait else 0)
        pause = 0.0002
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _locked("another process is writing") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.002)


def install(engine: sa.Engine, wants_write) -> WriterQueue:
    """Begin each transaction of ``engine`` as a reader or, when
    ``wants_write()`` says so, as a writer in line; end writers' turns."""
    queue = WriterQueue(engine.url.database)

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        if getattr(_thread, "no_wait", False) or wants_write():
            start_writer(connection, queue)
        else:
            connection.exec_driver_sql("BEGIN DEFERRED")

    @sa.event.listens_for(engine, "commit")
    def _on_commit(connection):
        _end(connection, queue, "COMMIT")

    @sa.event.listens_for(engine, "rollback")
    def _on_rollback(connection):
        _end(connection, queue, "ROLLBACK")

    @sa.event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        # A connection handed back with its transaction still open (the pool
        # rolls it back itself) must not keep the turn.
        if record.info.pop(_HELD, False):
            queue.release()

    return queue


def start_writer(connection: sa.Connection, queue: WriterQueue) -> None:
    """Wait for the turn, then ``BEGIN IMMEDIATE`` on ``connection``."""
    queue.acquire(wait=not getattr(_thread, "no_wait", False))
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        queue.release()
        raise
    connection.connection.info[_HELD] = True


def upgrade_to_writer(connection: sa.Connection, queue: WriterQueue) -> None:
    """End ``connection``'s read transaction under SQLAlchemy's feet and go
    on in a write one: SQLAlchemy sees one transaction, SQLite two."""
    if connection.connection.info.get(_HELD):
        return
    raw = connection.connection.dbapi_connection
    if raw.in_transaction:
        raw.execute("COMMIT")
    start_writer(connection, queue)


def _end(connection: sa.Connection, queue: WriterQueue, statement: str) -> None:
    # SQLAlchemy's commit() and rollback() come after these events; once the
    # transaction is over here they have nothing left to do.
    info = connection.connection.info
    raw: Any = connection.connection.dbapi_connection
    try:
        if raw is not None and raw.in_transaction:
            raw.execute(statement)
    finally:
        if info.get(_HELD) and (raw is None or not raw.in_transaction):
            info.pop(_HELD)
            queue.release()
