"""The resident memory of a process, sampled while something runs."""

from __future__ import annotations

import threading
from pathlib import Path

INTERVAL = 0.01


def resident_megabytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class MemoryPeak:
    """``with MemoryPeak(pid) as memory:`` ... ``memory.before``, ``.peak``."""

    def __init__(self, pid: int):
        self.pid = pid
        self.before = 0.0
        self.peak = 0.0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> MemoryPeak:
        self.before = self.peak = resident_megabytes(self.pid)
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join()

    def _sample(self) -> None:
        while not self.stopped.wait(INTERVAL):
            self.peak = max(self.peak, resident_megabytes(self.pid))

    @property
    def growth(self) -> float:
        return self.peak - self.before
