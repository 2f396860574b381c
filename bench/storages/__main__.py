"""``python -m bench.storages``: sync of N objects from moto's S3 server.

Starts moto's S3 server on a free 127.0.0.1 port, fills a bucket with N
small objects (PNG images under ``media/``, one-task JSON files under
``tasks/``), builds a LabelCore app in this process on a fresh SQLite data
folder, and times an import storage sync of each prefix through the API
until its job finished. It prints objects per second and the process's
memory: resident set before the sync and the peak the sync reached.
"""

from __future__ import annotations

import argparse
import base64
import json
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.server import free_port

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAA"
    "AABJRU5ErkJggg=="
)
CONFIG = """<View>
  <Image name="image" value="$image"/>
  <Choices name="kind" toName="image"><Choice value="a"/><Choice value="b"/></Choices>
</View>"""
TEXT_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="kind" toName="text"><Choice value="a"/><Choice value="b"/></Choices>
</View>"""
BUCKET = "bench-bucket"
TOKEN = "b" * 40


@dataclass
class Figure:
    what: str
    objects: int
    seconds: float
    rss_before_mib: float
    rss_peak_mib: float

    @property
    def rate(self) -> float:
        return self.objects / self.seconds


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.storages", description=__doc__
    )
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--mode", choices=("media", "json", "both"), default="both")
    parser.add_argument("--keep", action="store_true", help="Keep the data folder.")
    return parser.parse_args()


def start_moto(folder: Path) -> tuple[subprocess.Popen, str]:
    binary = Path(sys.executable).with_name("moto_server")
    if not binary.exists():
        raise SystemExit("moto's server is missing: pip install 'moto[server]'.")
    port = free_port()
    log = (folder / "moto.log").open("ab")
    process = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    import requests

    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("moto's server did not start within 60 seconds.")


def s3_client(endpoint: str):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench-secret",
        config=Config(s3={"addressing_style": "path"}, max_pool_connections=32),
    )


def fill_bucket(endpoint: str, count: int, modes: list[str]) -> None:
    client = s3_client(endpoint)
    client.create_bucket(Bucket=BUCKET)

    def put(number: int) -> None:
        if "media" in modes:
            client.put_object(Bucket=BUCKET, Key=f"media/{number:06d}.png", Body=PNG)
        if "json" in modes:
            body = json.dumps({"text": f"object {number}"}).encode()
            client.put_object(Bucket=BUCKET, Key=f"tasks/{number:06d}.json", Body=body)

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(put, range(count)))


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class PeakWatcher:
    """Samples this process's resident set every 20 ms while a sync runs."""

    def __init__(self):
        self.peak = 0.0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, rss_mib())

    def __enter__(self):
        self.peak = rss_mib()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()


def build_app(data_dir: Path):
    from labelcore.app import create_app
    from labelcore.settings import Settings

    return create_app(
        Settings(
            data_dir=str(data_dir),
            admin_email="bench@example.com",
            admin_password="bench-password-1",
            admin_token=TOKEN,
            outbound_allow=("127.0.0.1",),
            log_level="WARNING",
        )
    )


def measure_sync(client, endpoint: str, mode: str, count: int) -> Figure:
    media = mode == "media"
    project = client.post(
        "/api/projects/",
        json={
            "title": f"bench {mode}",
            "label_config": CONFIG if media else TEXT_CONFIG,
        },
    ).get_json()["id"]
    storage = client.post(
        "/api/storages/s3",
        json={
            "project": project,
            "bucket": BUCKET,
            "s3_endpoint": endpoint,
            "aws_access_key_id": "bench",
            "aws_secret_access_key": "bench-secret",
            "prefix": "media" if media else "tasks",
            "use_blob_urls": media,
            "data_key": "image" if media else None,
        },
    )
    if storage.status_code != 201:
        raise SystemExit(f"Creating the storage failed: {storage.get_json()}")

    before = rss_mib()
    with PeakWatcher() as watcher:
        started = time.perf_counter()
        job = client.post(
            f"/api/storages/s3/{storage.get_json()['id']}/sync"
        ).get_json()
        while True:
            state = client.get(f"/api/jobs/{job['job']['id']}").get_json()
            if state["state"] in {"finished", "failed", "cancelled"}:
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
    if state["state"] != "finished" or state["result"]["task_count"] != count:
        result = state.get("result") or {}
        raise SystemExit(
            f"The {mode} sync did not import {count} tasks: {state['state']}, "
            f"{result.get('task_count')} tasks, {state.get('error')}, first "
            f"problems {result.get('problems', [])[:3]}"
        )
    what = "media objects → one task each" if media else "JSON task files, read each"
    return Figure(what, count, seconds, before, watcher.peak)


def main() -> None:
    arguments = parse_arguments()
    modes = ["media", "json"] if arguments.mode == "both" else [arguments.mode]
    folder = Path(tempfile.mkdtemp(prefix="labelcore-bench-storages-"))
    moto, endpoint = start_moto(folder)
    figures = []
    try:
        filling = time.perf_counter()
        fill_bucket(endpoint, arguments.objects, modes)
        print(
            f"Filled the bucket with {arguments.objects:,} objects per prefix in "
            f"{time.perf_counter() - filling:.1f} s",
            file=sys.stderr,
        )
        app = build_app(folder / "data")
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Token {TOKEN}"
        for mode in modes:
            figures.append(measure_sync(client, endpoint, mode, arguments.objects))
        app.extensions["labelcore"].job_runner.shutdown()
    finally:
        moto.terminate()
        moto.wait(timeout=20)

    print(
        f"LabelCore storage sync from moto's S3 server on 127.0.0.1, SQLite "
        f"{sqlite3.sqlite_version}, Python {platform.python_version()}, "
        f"{platform.machine()}\n"
    )
    print("| sync | objects | seconds | objects/s | RSS before | RSS peak |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for figure in figures:
        print(
            f"| {figure.what} | {figure.objects:,} | {figure.seconds:.2f} | "
            f"{figure.rate:,.0f} | {figure.rss_before_mib:.0f} MiB | "
            f"{figure.rss_peak_mib:.0f} MiB |"
        )
    if arguments.keep:
        print(f"\nData kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
