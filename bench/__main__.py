"""``python -m bench``: import, export, next-task and memory figures, as markdown.

For each database (SQLite, and PostgreSQL on a throw-away cluster) it starts
its own ``labelcore serve`` on 127.0.0.1 with a fresh data folder and, for
each project size: imports short texts through the API, then the same with a
scored prediction on every task, exports the first project as JSON and as
CSV, and samples the server's memory during each; then, with the server
stopped, inserts the same rows with the database driver alone. Imports and
exports are run ``--runs`` times and the median is reported. The label
stream's latency is measured on the project of the first size.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.data import (
    DEFAULT_SOURCE,
    json_array,
    load_packages,
    tasks,
    with_predictions,
)
from bench.driver import RawTarget, postgres_insert, sqlite_insert
from bench.measure import (
    Figure,
    create_project,
    export_tasks,
    import_tasks,
    measure_next,
    median_run,
    memory_figure,
)
from bench.memory import resident_megabytes
from bench.server import start_server

SIZES = (100_000,)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--tasks",
        default=",".join(map(str, SIZES)),
        help="Comma-separated project sizes (default 100000; e.g. 100000,1000000).",
    )
    parser.add_argument("--databases", default="sqlite", help="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=3, help="Runs per figure.")
    parser.add_argument("--next-requests", type=int, default=500)
    parser.add_argument("--data", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--keep", action="store_true", help="Keep the data folder.")
    parser.add_argument(
        "--skip-next", action="store_true", help="Leave out the label stream."
    )
    parser.add_argument(
        "--descriptions",
        action="store_true",
        help="Also import the whole package descriptions (about 430 bytes of "
        "JSON a task, against 110 for the short texts).",
    )
    return parser.parse_args()


def markdown(title: str, figures: list[Figure]) -> str:
    lines = [
        f"| {title} | value | target | note |",
        "| --- | ---: | --- | --- |",
    ]
    for figure in figures:
        value = f"{figure.value:,.0f}" if figure.value >= 100 else f"{figure.value:.1f}"
        cells = (figure.what, f"{value} {figure.unit}", figure.target, figure.note)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bench_size(
    server, packages, count: int, runs: int, descriptions: bool = False
) -> tuple[list[Figure], dict]:
    figures: list[Figure] = []
    short = list(tasks(packages, count, True))
    imports = {
        "short texts": short,
        "with a scored prediction": list(with_predictions(iter(short))),
    }
    if descriptions:
        imports["descriptions"] = list(tasks(packages, count, False))
    kept: dict = {}
    rates: dict[str, float] = {}
    for label, items in imports.items():
        body = json_array(iter(items))
        timings = []
        for run in range(runs):
            project_id = create_project(
                server, f"{count} {label} #{run}", "Sequential sampling"
            )
            timings.append(import_tasks(server, project_id, body))
            kept.setdefault(label, project_id)
        del body
        middle = median_run(timings)
        rates[label] = count / middle.seconds
        figures.append(
            Figure(
                f"import {count:,} tasks via API ({label})",
                rates[label],
                "tasks/s",
                ">= 100,000" if label == "short texts" else "",
                f"median of {runs}: {middle.seconds:.2f} s",
            )
        )
        figures.append(memory_figure(f"the import ({label})", timings))

    for kind in ("JSON", "CSV"):
        timings, sizes = [], []
        for _ in range(runs):
            timing, size = export_tasks(server, kept["short texts"], kind)
            timings.append(timing)
            sizes.append(size)
        middle = median_run(timings)
        figures.append(
            Figure(
                f"export {count:,} tasks as {kind} (streamed)",
                count / middle.seconds,
                "tasks/s",
                ">= 35,000" if kind == "JSON" else "",
                f"{statistics.median(sizes) / 1e6:.0f} MB in {middle.seconds:.2f} s",
            )
        )
        figures.append(memory_figure(f"the {kind} export", timings))
    return figures, {"items": imports, "projects": kept, "rates": rates}


def idle_memory(server) -> Figure:
    """The server's resident memory once it answers and a second has passed."""
    time.sleep(1)
    return Figure("server memory, idle", resident_megabytes(server.pid), "MB", "<= 120")


def driver_targets(server, database: str, runs: int, imports: int) -> list[RawTarget]:
    """Projects the server made for the driver's inserts, one per run."""
    needed = imports * (2 if database == "postgres" else 1) * runs
    # The import writes its user into updated_by_id; so do the driver's rows.
    user = server.session.get(server.api("current-user"))
    user.raise_for_status()
    user_id = user.json()["id"]
    targets = []
    for run in range(needed):
        project_id = create_project(server, f"raw driver {run}", "Sequential sampling")
        # A job import of a few rows makes the import record the rows point at.
        response = server.session.post(
            server.api(f"projects/{project_id}/import"),
            json=[{"text": f"seed {n}"} for n in range(1001)],
        )
        response.raise_for_status()
        targets.append(RawTarget(project_id, response.json()["import"], 2000, user_id))
    return targets


def driver_figures(
    database: str, server, count: int, runs: int, stash, targets
) -> list[Figure]:
    figures = []
    methods = [("executemany", False)]
    if database == "postgres":
        methods.append(("COPY", True))
    for label, items in stash["items"].items():
        fastest = 0.0
        for name, copy in methods:
            rates = []
            for _run in range(runs):
                target = targets.pop()
                if database == "sqlite":
                    path = server.data_dir / "labelcore.sqlite3"
                    rates.append(sqlite_insert(str(path), items, target))
                else:
                    rates.append(
                        postgres_insert(server.database_url, items, target, copy)
                    )
            figures.append(
                Figure(
                    f"raw driver {name} of the same {count:,} rows ({label})",
                    statistics.median(rates),
                    "rows/s",
                )
            )
            fastest = max(fastest, statistics.median(rates))
        imported = stash["rates"].get(label)
        if imported and fastest:
            figures.append(
                Figure(
                    f"import as a share of the fastest raw driver ({label})",
                    100 * imported / fastest,
                    "%",
                    ">= 50" if label == "short texts" else "",
                )
            )
    return figures


def bench_database(database: str, arguments, packages, folder: Path) -> list[Figure]:
    postgres = None
    database_url = ""
    if database == "postgres":
        from tests.support.services import PostgresServer

        postgres = PostgresServer()
        postgres.start()
        database_url = postgres.create_database("bench")
    figures: list[Figure] = []
    sizes = [int(size) for size in arguments.tasks.split(",") if size.strip()]
    try:
        for count in sizes:
            server = start_server(
                folder / f"{database}-{count}", database_url=database_url
            )
            try:
                figures.append(idle_memory(server))
                found, stash = bench_size(
                    server, packages, count, arguments.runs, arguments.descriptions
                )
                figures.extend(found)
                if not arguments.skip_next and count == sizes[0]:
                    project_id = stash["projects"]["short texts"]
                    for sampling in ("Sequential sampling", "Uniform sampling"):
                        figures.extend(
                            measure_next(
                                server, project_id, sampling, arguments.next_requests
                            )
                        )
                targets = driver_targets(
                    server, database, arguments.runs, len(stash["items"])
                )
            finally:
                server.stop()
            figures.extend(
                driver_figures(database, server, count, arguments.runs, stash, targets)
            )
            if database_url and count != sizes[-1]:
                postgres.drop_database(database_url)
                database_url = postgres.create_database("bench")
    finally:
        if postgres is not None:
            postgres.stop()
    return figures


def main() -> None:
    arguments = parse_arguments()
    packages = load_packages(arguments.data)
    folder = Path(tempfile.mkdtemp(prefix="labelcore-bench-"))
    print(
        f"LabelCore on Python {platform.python_version()}, {platform.machine()}, "
        f"SQLite {sqlite3.sqlite_version}; sizes {arguments.tasks}, "
        f"{arguments.runs} runs each\n"
    )
    try:
        for database in arguments.databases.split(","):
            figures = bench_database(database.strip(), arguments, packages, folder)
            print(markdown(f"{database.strip()}", figures))
            print()
    finally:
        if arguments.keep:
            print(f"Data kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
