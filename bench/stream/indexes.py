"""``python -m bench.stream.indexes``: data-manager indexes built while people write.

For each database and size it starts a real ``labelcore serve``, loads a
project (as ``bench.stream`` does, or reuses one ``--reuse`` kept) and builds
each index through the API, ``value`` on ``data.section`` and ``text`` on
``data.text``: the request answers 202 and the job is followed to its end.
Meanwhile one writer changes a task's data through the API every
``--write-every`` seconds, as an annotator's edits would, and each of its
requests is timed. Then each index is dropped the same way, the writer
still writing: the request, then the drop's job if it queued one. It
prints, per index, the build's (or the drop's) seconds and the writer's
median, p95 and slowest request in ms: the figures that show whether the
build or the drop kept SQLite's write lock for long.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.data import DEFAULT_SOURCE, load_packages
from bench.stream.measure import make_index
from bench.stream.setup import Server, create_project, start

INDEXES = (("section", "value"), ("text", "text"))
DROP_JOB = "datamanager.drop_index"
BASELINE_SECONDS = 5.0
"""How long the writer is timed alone first, for comparison."""


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.stream.indexes")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--write-every", type=float, default=0.05)
    parser.add_argument("--data", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument(
        "--reuse",
        type=Path,
        help="keep each SQLite project under this folder and reuse it later",
    )
    return parser.parse_args()


class Writer:
    """Edits the data of a few tasks in turn, timing every request."""

    def __init__(self, server: Server, task_ids: list[int], every: float):
        self.session = server.session()
        self.server = server
        self.task_ids = task_ids
        self.every = every
        self.samples: list[float] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._write, daemon=True)

    def __enter__(self) -> Writer:
        self.thread.start()
        return self

    def __exit__(self, *_exception) -> None:
        self.stopped.set()
        self.thread.join()

    def _write(self) -> None:
        number = 0
        while not self.stopped.wait(self.every):
            task_id = self.task_ids[number % len(self.task_ids)]
            started = time.perf_counter()
            response = self.session.patch(
                self.server.api(f"tasks/{task_id}"),
                json={"data": {"text": f"edited while indexing {number}", "n": 0}},
            )
            self.samples.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            number += 1


def _edge_tasks(server: Server, project_id: int) -> list[int]:
    """The project's first and last tasks: the fill reaches one at once and
    the other at its end."""
    session = server.session()
    ids = []
    for ordering in ("tasks:id", "-tasks:id"):
        response = session.get(
            server.api("tasks/"),
            params={
                "project": project_id,
                "page_size": 2,
                "query": json.dumps({"ordering": [ordering]}),
            },
        )
        response.raise_for_status()
        ids += [task["id"] for task in response.json()["tasks"]]
    return ids


def _drop_indexes(server: Server, project_id: int) -> None:
    """A reused project starts without the indexes an earlier run built."""
    session = server.session()
    listed = session.get(server.api("dm/indexes/"), params={"project": project_id})
    listed.raise_for_status()
    for index in listed.json():
        if index["id"] is not None:
            session.delete(server.api(f"dm/indexes/{index['id']}/")).raise_for_status()


def drop_index(server: Server, project_id: int, index_id: int) -> tuple[float, float]:
    """Seconds until the DELETE answered, and until the drop's job (if it
    queued one) finished too."""
    session = server.session()
    started = time.perf_counter()
    session.delete(server.api(f"dm/indexes/{index_id}/")).raise_for_status()
    answered = time.perf_counter() - started
    while True:
        active = session.get(
            server.api("jobs/"),
            params={"project": project_id, "kind": DROP_JOB, "active": "true"},
        )
        active.raise_for_status()
        if not active.json():
            return answered, time.perf_counter() - started
        time.sleep(0.2)


def _built_indexes(server: Server, project_id: int) -> dict[str, int]:
    listed = server.session().get(
        server.api("dm/indexes/"), params={"project": project_id}
    )
    listed.raise_for_status()
    return {index["key"]: index["id"] for index in listed.json() if index["id"]}


def _project(args, server: Server, folder: Path, packages, size: int) -> int:
    marker = folder / "project.json"
    if marker.exists():
        return json.loads(marker.read_text())["project"]
    project_id, _seconds = create_project(server, packages, size, "direct")
    if args.reuse is not None:
        marker.write_text(json.dumps({"project": project_id}))
    return project_id


def _row(database, size, what, seconds, samples) -> None:
    samples = sorted(samples)
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    built = "" if seconds is None else f"{seconds:.1f}"
    print(
        f"| {database} | {size:,} | {what} | {built} | {len(samples)} | "
        f"{statistics.median(samples):.0f} | {p95:.0f} | {samples[-1]:.0f} |",
        flush=True,
    )


def _run(args, database: str, size: int, packages, postgres) -> None:
    if database == "sqlite" and args.reuse is not None:
        folder = args.reuse / f"indexes-{size}"
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = Path(tempfile.mkdtemp(prefix=f"labelcore-indexes-{size}-"))
    if database == "sqlite":
        url = f"sqlite:///{folder / 'labelcore.sqlite3'}"
    else:
        url = postgres.create_database("bench_indexes")
    server = start(folder / "data", url)
    try:
        project_id = _project(args, server, folder, packages, size)
        _drop_indexes(server, project_id)
        edited = _edge_tasks(server, project_id)
        with Writer(server, edited, args.write_every) as writer:
            time.sleep(BASELINE_SECONDS)
        _row(database, size, "none (the writer alone)", None, writer.samples)
        for key, kind in INDEXES:
            with Writer(server, edited, args.write_every) as writer:
                seconds = make_index(server, project_id, key, kind)
            _row(database, size, f"{kind} on data.{key}", seconds, writer.samples)
        built = _built_indexes(server, project_id)
        for key, kind in INDEXES:
            with Writer(server, edited, args.write_every) as writer:
                answered, seconds = drop_index(server, project_id, built[key])
            what = f"drop {kind} on data.{key} (answered in {answered:.2f} s)"
            _row(database, size, what, seconds, writer.samples)
    finally:
        server.stop()
        if postgres is not None:
            postgres.drop_database(url)
        if database != "sqlite" or args.reuse is None:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    args = parse_arguments()
    packages = load_packages(args.data)
    print(f"Python {platform.python_version()} on {platform.machine()}\n")
    print(
        "| database | tasks | index | build or drop s | writes | write median ms | "
        "p95 ms | slowest ms |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for database in args.databases.split(","):
        postgres = None
        if database == "postgres":
            from tests.support.services import PostgresServer

            postgres = PostgresServer()
            postgres.start()
        try:
            for size in (int(value) for value in args.sizes.split(",")):
                _run(args, database, size, packages, postgres)
        finally:
            if postgres is not None:
                postgres.stop()


if __name__ == "__main__":
    main()
