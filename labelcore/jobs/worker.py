"""``labelcore worker``: RQ workers on the priority queues.

One process runs one RQ worker that takes jobs from the high, the default
and the low queue, in that order, and a reconciler that queues again the
jobs whose runner died or whose queue entry vanished. With several
processes each is a ``labelcore worker`` of its own, started and stopped
with this one.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys

from labelcore.jobs.dispatch import PRIORITIES, QUEUE_NAMES

log = logging.getLogger(__name__)


def queue_names() -> list[str]:
    return [QUEUE_NAMES[priority] for priority in PRIORITIES]


def run_worker(
    app, redis_url: str, burst: bool = False, reconcile: bool = True
) -> None:
    """Run one RQ worker in this process until it is stopped (or, with
    ``burst``, until the queues are empty)."""
    from redis import Redis
    from rq import Queue

    from labelcore.jobs.rq_worker import LabelCoreWorker
    from labelcore.jobs.runner import set_worker_app, start_reconciler

    set_worker_app(app)
    if reconcile:
        start_reconciler(app)
    connection = Redis.from_url(redis_url)
    queues = [Queue(name, connection=connection) for name in queue_names()]
    log.info("Worker listening on %s", ", ".join(queue_names()))
    LabelCoreWorker(queues, connection=connection).work(
        burst=burst, with_scheduler=False
    )


def run_workers(processes: int, burst: bool = False) -> int:
    """Start ``processes`` single-worker processes and wait for them; SIGINT
    and SIGTERM are passed on. Returns the first non-zero exit code."""
    arguments = [sys.executable, "-m", "labelcore.cli", "worker", "--processes", "1"]
    if burst:
        arguments.append("--burst")
    children = [subprocess.Popen(arguments) for _ in range(processes)]

    def forward(number, _frame):
        for child in children:
            if child.poll() is None:
                child.send_signal(number)

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, forward)
    codes = [child.wait() for child in children]
    return next((code for code in codes if code), 0)
