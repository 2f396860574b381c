"""A CLI command that starts a job follows it with a progress bar."""

import io
import time

from labelcore.jobs import enqueue, job_kind
from labelcore.jobs.progress import follow_job


@job_kind("tests.steps_for_the_terminal")
def four_slow_steps(context):
    for step in range(1, 5):
        context.progress(step, 4)
        time.sleep(0.3)
    return {"steps": 4}


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_moves_with_the_job_and_ends_full(app):
    terminal = Terminal()
    with app.app_context():
        job_id = enqueue("tests.steps_for_the_terminal", {}, organization_id=1).id

        payload = follow_job(job_id, "Counting", file=terminal)

    assert payload["state"] == "finished"
    assert payload["progress"] == {"done": 4, "total": 4}
    drawn = terminal.getvalue()
    assert "Counting" in drawn
    assert "[" + "#" * 36 + "]  4/4" in drawn
    assert any(f"{step}/4" in drawn for step in (1, 2, 3))
