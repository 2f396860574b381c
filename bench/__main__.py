"""``python -m bench``: import and next-task figures on SQLite, as a markdown table.

Starts its own ``labelcore serve`` on 127.0.0.1 with a fresh data folder,
imports the Debian package descriptions repeated with new ids, measures the
label stream on the resulting 100,000-task project, and compares the import
with sqlite3's own bulk insert of the same rows.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sqlite3
import tempfile
from pathlib import Path

from bench.data import DEFAULT_SOURCE, load_packages
from bench.measure import (
    Figure,
    measure_driver_insert,
    measure_import,
    measure_next,
)
from bench.server import start_server


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--next-requests", type=int, default=500)
    parser.add_argument("--data", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument(
        "--keep", action="store_true", help="Keep the data folder afterwards."
    )
    parser.add_argument(
        "--skip-full",
        action="store_true",
        help="Import only short texts, not the full descriptions too.",
    )
    return parser.parse_args()


def markdown(figures: list[Figure]) -> str:
    lines = ["| measurement | value | target |", "| --- | ---: | --- |"]
    for figure in figures:
        value = f"{figure.value:,.0f}" if figure.value >= 100 else f"{figure.value:.2f}"
        lines.append(f"| {figure.what} | {value} {figure.unit} | {figure.target} |")
    return "\n".join(lines)


def main() -> None:
    arguments = parse_arguments()
    packages = load_packages(arguments.data)
    folder = Path(tempfile.mkdtemp(prefix="labelcore-bench-"))
    figures: list[Figure] = []
    server = start_server(folder / "data")
    try:
        project_id, figure = measure_import(server, packages, arguments.tasks, True)
        figures.append(figure)
        if not arguments.skip_full:
            figures.append(measure_import(server, packages, arguments.tasks, False)[1])
        for sampling in ("Sequential sampling", "Uniform sampling"):
            figures.extend(
                measure_next(server, project_id, sampling, arguments.next_requests)
            )
    finally:
        server.stop()

    database = folder / "data" / "labelcore.sqlite3"
    figures.append(measure_driver_insert(database, packages, arguments.tasks, True))

    print(
        f"LabelCore on SQLite {sqlite3.sqlite_version}, Python "
        f"{platform.python_version()}, {platform.machine()}, "
        f"{arguments.tasks:,} tasks\n"
    )
    print(markdown(figures))
    if arguments.keep:
        print(f"\nData kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
