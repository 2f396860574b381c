"""Waiting for a job through the API, with a deadline."""

from __future__ import annotations

import time

FINAL_STATES = {"finished", "failed", "cancelled"}


def wait_for_job(client, job_id: int, timeout: float = 60) -> dict:
    """Poll ``GET /api/jobs/<id>`` until the job is finished, failed or cancelled."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}").json
        if job["state"] in FINAL_STATES:
            return job
        assert time.monotonic() < deadline, f"job {job_id} still {job['state']}"
        time.sleep(0.05)
