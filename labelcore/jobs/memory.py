"""Giving freed memory back to the system between the batches of a long job.

A batch of a large import or export allocates a few large buffers (the
batch's JSON document, its rows) and frees them again. glibc serves the
next ones from its heap once it has seen such a buffer freed, and keeps
the freed heap pages: the server's resident memory then grows with the
number of batches, not with what any one batch holds. ``malloc_trim``
hands those pages back; elsewhere it is a no-op. ``tune_allocator`` keeps
such buffers out of glibc's heaps in the first place, and
``small_page_cache`` keeps SQLite's page cache from filling with a whole
project's pages while a job reads or writes them.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import sqlite3
import sys
from typing import Any

import sqlalchemy as sa


@functools.cache
def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)


M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3
ARENAS = 2
"""glibc's heaps (arenas) for the server's threads: it would make up to
eight per core, each keeping what its threads freed."""
MMAP_BYTES = 256 * 1024
"""Blocks this large or larger get pages of their own, which go back to the
system when freed. glibc would raise the bar after each such block freed,
up to 32 MB, and keep an import's megabyte buffers in its heaps instead."""


def tune_allocator() -> None:
    """Bound glibc's arenas and fix its mmap threshold, for a long-running
    server or worker process; call it before the process starts threads.
    Elsewhere than on glibc it does nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is not None:
        mallopt(M_ARENA_MAX, ARENAS)
        mallopt(M_MMAP_THRESHOLD, MMAP_BYTES)


def release_free_memory() -> None:
    """Return the allocator's free pages to the system (glibc only)."""
    trim = _trim()
    if trim is not None:
        trim(0)


# -- SQLite's page cache ------------------------------------------------------
#
# Each pooled SQLite connection keeps a page cache (64 MB by the server's
# settings) that fills with whatever it reads, up to its bound. An import or
# an export touches every page of a project once, so its connection's cache
# would fill to the bound with pages nobody asks for again, and the server
# would grow by that much for as long as the connection lives. Such work
# reads and writes with a small cache instead, and the connection gets its
# own size back when it returns to the pool.

USUAL_CACHE = "labelcore_usual_cache_size"


def small_page_cache(connection: Any, kib: int) -> None:
    """Give ``connection`` (a SQLAlchemy ``Connection``) a page cache of
    ``kib`` KiB until it goes back to the pool; elsewhere than on SQLite,
    do nothing."""
    if connection.dialect.name != "sqlite":
        return
    info = connection.connection.info
    if USUAL_CACHE in info:
        return

    _restore_on_checkin(connection.engine)
    # Straight to the driver: a PRAGMA needs no transaction.
    driver = connection.connection.driver_connection
    info[USUAL_CACHE] = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute(f"PRAGMA cache_size=-{int(kib)}")


def _restore_on_checkin(engine: Any) -> None:
    if not sa.event.contains(engine, "checkin", _restore_cache_size):
        sa.event.listen(engine, "checkin", _restore_cache_size)


def _restore_cache_size(dbapi_connection: Any, record: Any) -> None:
    usual = record.info.pop(USUAL_CACHE, None)
    if usual is None or dbapi_connection is None:
        return
    # A connection that cannot take the PRAGMA any more is on its way out.
    with contextlib.suppress(sqlite3.Error):
        dbapi_connection.execute(f"PRAGMA cache_size={int(usual)}")
