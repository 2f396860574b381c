"""A job followed from the command line, with a progress bar.

The job may run in this process (in-process jobs) or on a worker; either
way its record in the database tells how far it got.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

import click

from labelcore.jobs.dispatch import job_payload
from labelcore.models import Job, db

POLL_SECONDS = 0.25
FINAL_STATES = ("finished", "failed", "cancelled")


def follow_job(job_id: int, label: str, file: TextIO | None = None) -> dict[str, Any]:
    """Show a progress bar on ``file`` (the terminal) until job ``job_id``
    ends; its final payload. Off a terminal click prints only the label."""
    shown = 0
    total = None
    with click.progressbar(length=1, label=label, show_pos=True, file=file) as bar:
        while True:
            job = _fresh(job_id)
            if job["progress"]["total"]:
                total = job["progress"]["total"]
                bar.length = max(total, 1)
            done = job["progress"]["done"] or 0
            if done > shown:
                bar.update(done - shown)
                shown = done
            if job["state"] in FINAL_STATES:
                if job["state"] == "finished" and total:
                    bar.update(max(total - shown, 0))
                return job
            time.sleep(POLL_SECONDS)


def _fresh(job_id: int) -> dict[str, Any]:
    # Each look ends its transaction, so that on SQLite the job's writer
    # never waits for this reader.
    try:
        return job_payload(db.session.get(Job, job_id, populate_existing=True))
    finally:
        db.session.commit()
