"""RQ's worker, with a command thread that wakes every second.

RQ's worker listens for stop and kill commands on a thread that it lets
wait 60 s for a message, and redis-py 8's ``stop()`` waits for that thread
to end: every worker took a minute to stop, a ``--burst`` one too after
its last job. Imported only where a worker runs, since it imports RQ.
"""

from __future__ import annotations

from rq import Worker

COMMAND_POLL_SECONDS = 1.0


class LabelCoreWorker(Worker):
    def subscribe(self):
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=COMMAND_POLL_SECONDS,
            daemon=True,
            exception_handler=self._pubsub_exception_handler,
        )
