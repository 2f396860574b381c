"""``python -m bench.stream``: the label stream and the data manager at scale.

For each database (SQLite, PostgreSQL) and each project size it starts a
real ``labelcore serve``, imports the tasks (Debian package descriptions,
each with one scored prediction) and measures, as medians and p95 in ms:

- ``GET /next/`` right after an annotation, one annotator, for every
  sampler (the first request after switching is timed apart: it may
  start a job that refreshes the stored sampling keys, which is waited
  for);
- the same with 20 annotators at once, next and annotate back to back,
  checking that no task went to two of them;
- a data-manager page of 100 tasks with a filter on ``data.<key>`` and a
  sort, with the keys indexed (``value`` for equality and ranges, ``text``
  for ``contains``).

It prints a markdown table and writes every figure to ``--out`` (JSON).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
from pathlib import Path

from bench.data import DEFAULT_SOURCE, load_packages
from bench.stream import measure
from bench.stream.setup import create_annotators, create_project, start

SAMPLERS = {
    "sequential": {},
    "random": {},
    "uncertainty": {"strategy": "least_confident"},
    "uncertainty-margin": {"strategy": "margin"},
    "uncertainty-entropy": {"strategy": "entropy"},
    "disagreement": {},
    "blend": {},
}


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.stream")
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--samplers", default=",".join(SAMPLERS))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--concurrent-requests", type=int, default=20)
    parser.add_argument("--dm-requests", type=int, default=50)
    parser.add_argument("--skip-concurrent", action="store_true")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (`labelcore serve --workers`)",
    )
    parser.add_argument("--threads", type=int, default=32, help="threads per process")
    parser.add_argument("--skip-dm", action="store_true")
    parser.add_argument("--data", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=Path("bench/stream/results.json"))
    parser.add_argument("--load", choices=("direct", "api"), default="direct")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="keep each SQLite project under this folder (outside the repository) "
        "and reuse it in later runs instead of loading it again",
    )
    return parser.parse_args()


def _row(rows: list, database: str, size: int, what: str, latency) -> None:
    rows.append(
        {
            "database": database,
            "tasks": size,
            "what": what,
            "median_ms": round(latency.median, 2),
            "p95_ms": round(latency.p95, 2),
            "n": len(latency.samples),
            "note": latency.note,
        }
    )
    print(
        f"| {database} | {size:,} | {what} | {latency.median:.1f} | "
        f"{latency.p95:.1f} | {latency.note} |",
        flush=True,
    )


def _stream(args, server, project_id, database, size, rows) -> None:
    if args.reuse is not None:
        # An earlier run may have stopped before its clean-up.
        measure.reset_annotations(server, project_id)
    for name in filter(None, args.samplers.split(",")):
        sampler = name.split("-")[0]
        measure.use_sampler(server, project_id, sampler, SAMPLERS[name])
        token = create_annotators(server, 1)[0]
        first = measure.first_next(server, project_id, token)
        refreshing = measure.wait_for_jobs(server, project_id)
        samples = measure.one_annotator(server, project_id, token, args.requests)
        note = f"first request {first * 1000:.0f} ms"
        if refreshing > 1:
            note += f", then its key refresh job {refreshing:.0f} s"
        _row(
            rows,
            database,
            size,
            f"next, {name}, 1 annotator",
            measure.Latency(name, samples, note),
        )

        if args.skip_concurrent:
            measure.reset_annotations(server, project_id)
            continue
        tokens = create_annotators(server, args.concurrent)
        samples, shared, pairs = measure.many_annotators(
            server, project_id, tokens, args.concurrent_requests
        )
        note = f"tasks given twice: {shared}; {pairs:.0f} next + annotate pairs/s"
        _row(
            rows,
            database,
            size,
            f"next, {name}, {args.concurrent} annotators",
            measure.Latency(name, samples, note),
        )
        measure.reset_annotations(server, project_id)


def _data_manager(args, server, project_id, database, size, rows) -> None:
    built = {
        "data.section": measure.make_index(server, project_id, "section", "value"),
        "data.n": measure.make_index(server, project_id, "n", "value"),
        "data.text (text)": measure.make_index(server, project_id, "text", "text"),
    }
    note = ", ".join(f"{key} {seconds:.1f} s" for key, seconds in built.items())
    print(f"| {database} | {size:,} | indexes built | | | {note} |", flush=True)
    for what, query in measure.DATA_MANAGER_QUERIES.items():
        samples = measure.data_manager_page(server, project_id, query, args.dm_requests)
        _row(
            rows, database, size, f"page of 100: {what}", measure.Latency(what, samples)
        )


def _reused_project(args, database: str, size: int) -> tuple[Path, int | None]:
    """The folder of a SQLite project kept by an earlier run with ``--reuse``,
    and its project id (``None`` when it is still to be loaded)."""
    folder = args.reuse / f"{database}-{size}"
    marker = folder / "project.json"
    if marker.exists():
        return folder, json.loads(marker.read_text())["project"]
    shutil.rmtree(folder, ignore_errors=True)
    return folder, None


def _database_url(database: str, folder: Path, postgres) -> str:
    if database == "sqlite":
        return f"sqlite:///{folder / 'labelcore.sqlite3'}"
    return postgres.create_database("bench_stream")


def main() -> None:
    args = parse_arguments()
    packages = load_packages(args.data)
    rows: list[dict] = []
    print(f"Python {platform.python_version()} on {platform.machine()}\n")
    print("| database | tasks | what | median ms | p95 ms | note |")
    print("| --- | ---: | --- | ---: | ---: | --- |")

    for database in args.databases.split(","):
        postgres = None
        if database == "postgres":
            from tests.support.services import PostgresServer

            postgres = PostgresServer()
            postgres.start()
        try:
            for size in (int(value) for value in args.sizes.split(",")):
                project_id = None
                reusing = args.reuse is not None and database == "sqlite"
                if reusing:
                    folder, project_id = _reused_project(args, database, size)
                else:
                    folder = Path(tempfile.mkdtemp(prefix=f"labelcore-stream-{size}-"))
                url = _database_url(database, folder, postgres)
                server = start(folder / "data", url, args.threads, args.workers)
                try:
                    if project_id is None:
                        project_id, seconds = create_project(
                            server, packages, size, args.load
                        )
                        load_note = f"{seconds:.1f} s"
                        if reusing:
                            marker = {"project": project_id}
                            (folder / "project.json").write_text(json.dumps(marker))
                    else:
                        load_note = f"reused project {project_id} from {folder}"
                    print(
                        f"| {database} | {size:,} | load with predictions "
                        f"({args.load}) | | | {load_note} |",
                        flush=True,
                    )
                    if not args.skip_dm:
                        _data_manager(args, server, project_id, database, size, rows)
                    _stream(args, server, project_id, database, size, rows)
                finally:
                    server.stop()
                    if postgres is not None:
                        postgres.drop_database(url)
                    if not args.keep and not reusing:
                        shutil.rmtree(folder, ignore_errors=True)
        finally:
            if postgres is not None:
                postgres.stop()

    args.out.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
