"""Giving freed memory back to the system between the batches of a long job.

A batch of a large import or export allocates a few large buffers (the
batch's JSON document, its rows) and frees them again. glibc serves the
next ones from its heap once it has seen such a buffer freed, and keeps
the freed heap pages: the server's resident memory then grows with the
number of batches, not with what any one batch holds. ``malloc_trim``
hands those pages back; elsewhere it is a no-op.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys


@functools.cache
def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)


def release_free_memory() -> None:
    """Return the allocator's free pages to the system (glibc only)."""
    trim = _trim()
    if trim is not None:
        trim(0)
