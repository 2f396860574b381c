"""``python -m bench.stream.browser``: the data manager's table in chromium.

On a project that ``python -m bench.stream --reuse <folder>`` left (SQLite,
its ``data.*`` keys indexed), it opens the project page in Debian's chromium
and times, as medians and p95 in ms over ``--runs`` runs: the first page
(navigation until the rows are on screen), a filter on ``data.section``, a
sort by the indexed ``data.n``, sorts by id and by the number of annotations
both ways, and a ``contains`` on the full-text ``data.text``. Each step is
timed from the click until the server's answer is rendered (the next
animation frame after the response). It also reports the slowest API
request of the first page and whether any answer counted every task
(``total_exact`` true past 10,000 would mean a full count on the path).
Needs the built web UI (``make web``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench.stream.setup import start
from bench.web.browser import signed_in_page

NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => done(null)))"


def _tasks_answer(response) -> bool:
    return "/api/tasks/?" in response.url and response.request.method == "GET"


def _timed(page, action) -> tuple[float, dict]:
    """Milliseconds from ``action`` to its task list on screen, and the list."""
    started = time.perf_counter()
    with page.expect_response(_tasks_answer, timeout=120_000) as answer:
        action()
    body = answer.value.json()
    page.evaluate(NEXT_FRAME)
    return (time.perf_counter() - started) * 1000, body


def _filter(page, column: str, operator: str, value: str) -> None:
    page.get_by_role("button", name="Add filter").click()
    row = page.get_by_role("group", name="Filter 1")
    row.get_by_label("Column").select_option(column)
    row.get_by_label("Operator").select_option(operator)
    row.get_by_label("Value", exact=True).fill(value)
    page.get_by_role("button", name="Apply filters").click()


def _clear(page) -> None:
    page.get_by_role("button", name="Clear filters").click()


def one_run(page, url: str, project_id: int) -> dict[str, tuple[float, dict]]:
    timings: dict[str, tuple[float, dict]] = {}
    slowest: list[tuple[float, str]] = []

    def note(request) -> None:
        timing = request.timing
        if "/api/" in request.url and timing.get("responseEnd", -1) > 0:
            slowest.append(
                (timing["responseEnd"] - timing["requestStart"], request.url)
            )

    page.on("requestfinished", note)
    timings["first page"] = _timed(
        page, lambda: page.goto(f"{url}/projects/{project_id}")
    )
    page.locator(".task-table tbody tr").first.wait_for()
    page.remove_listener("requestfinished", note)
    timings["filter data.section = libs"] = _timed(
        page, lambda: _filter(page, "data.section", "equal", "libs")
    )
    timings["... then sort by data.n"] = _timed(
        page, lambda: page.get_by_role("button", name="n", exact=True).click()
    )
    timings["... then clear the filter"] = _timed(page, lambda: _clear(page))
    sort_by_id = page.get_by_role("button", name="ID", exact=True)
    timings["sort by id"] = _timed(page, sort_by_id.click)
    timings["sort by id, descending"] = _timed(
        page, page.get_by_role("button", name="ID ▲", exact=True).click
    )
    timings["contains 'library' on data.text"] = _timed(
        page, lambda: _filter(page, "data.text", "contains", "library")
    )
    _timed(page, lambda: _clear(page))
    timings["sort by annotations"] = _timed(
        page, page.get_by_role("button", name="Annotations", exact=True).click
    )
    timings["sort by annotations, descending"] = _timed(
        page, page.get_by_role("button", name="Annotations ▲", exact=True).click
    )
    # Back to no sort, as the next run's first page expects.
    _timed(page, page.get_by_role("button", name="Annotations ▼", exact=True).click)
    slowest.sort(reverse=True)
    timings["slowest API request of the first page"] = (
        slowest[0][0] if slowest else 0.0,
        {"url": slowest[0][1] if slowest else ""},
    )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stream.browser")
    parser.add_argument("--reuse", type=Path, required=True)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = args.reuse / f"sqlite-{args.size}"
    marker = folder / "project.json"
    if not marker.exists():
        raise SystemExit(
            f"No project of {args.size} tasks in {folder}: run `python -m "
            f"bench.stream --sizes {args.size} --databases sqlite --reuse "
            f"{args.reuse}` first."
        )
    project_id = json.loads(marker.read_text())["project"]
    server = start(folder / "data", f"sqlite:///{folder / 'labelcore.sqlite3'}")
    runs: list[dict] = []
    try:
        with signed_in_page(server.url, server.token) as page:
            for _ in range(args.runs):
                runs.append(one_run(page, server.url, project_id))
    finally:
        server.stop()

    print(f"| web UI, {args.size:,} tasks (SQLite) | median ms | p95 ms | answer |")
    print("| --- | ---: | ---: | --- |")
    for step in runs[0]:
        samples = sorted(run[step][0] for run in runs)
        p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
        body = runs[-1][step][1]
        answer = body.get("url") or (
            f"total {body.get('total'):,}, exact {body.get('total_exact')}"
        )
        print(f"| {step} | {statistics.median(samples):.0f} | {p95:.0f} | {answer} |")


if __name__ == "__main__":
    main()
