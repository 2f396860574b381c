"""``python -m bench.web``: the labeling view's heavy pages, timed in chromium.

Starts its own ``labelcore serve`` on 127.0.0.1 with a fresh data folder and
prints a markdown table. Needs the built web UI and renderers (``make web``).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import tempfile
from pathlib import Path

from bench.server import start_server
from bench.web.browser import signed_in_page
from bench.web.scenarios import measure_boxes, measure_spans, measure_stream


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__)
    parser.add_argument("--boxes", type=int, default=1000)
    parser.add_argument("--spans", type=int, default=2000)
    parser.add_argument("--text-bytes", type=int, default=1_000_000)
    parser.add_argument("--submits", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="Keep the data folder.")
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="labelcore-bench-web-"))
    server = start_server(folder / "data")
    try:
        with signed_in_page(server.url, server.token) as page:
            figures = measure_boxes(server, page, arguments.boxes)
            figures += measure_spans(
                server, page, arguments.text_bytes, arguments.spans
            )
            figures += measure_stream(server, page, arguments.submits)
    finally:
        server.stop()
        if not arguments.keep:
            shutil.rmtree(folder, ignore_errors=True)

    print(
        f"Browser benchmarks on {platform.node()} ({platform.processor() or 'cpu'})\n"
    )
    print("| measurement | value | target |")
    print("| --- | ---: | --- |")
    for figure in figures:
        print(f"| {figure.what} | {figure.value:.1f} {figure.unit} | {figure.target} |")


if __name__ == "__main__":
    main()
