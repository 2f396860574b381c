"""Background jobs: one interface, run on RQ or on an in-process pool.

A job is a database row first (kind, state, progress, result, error) and a
queue entry second, so that a lost queue never loses the record. Job
functions are plain functions registered with ``job_kind``; the same
function runs in both modes.
"""

from labelcore.jobs.context import JobCancelled, JobContext, JobLost
from labelcore.jobs.dispatch import enqueue, job_payload
from labelcore.jobs.registry import job_kind

__all__ = [
    "JobCancelled",
    "JobContext",
    "JobLost",
    "enqueue",
    "job_kind",
    "job_payload",
]
