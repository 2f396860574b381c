"""Benchmark tasks from the Debian package descriptions, repeated with new ids."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "debian-packages.jsonl.gz"
CHOICES = ("devel", "libs", "utils")


def load_packages(source: Path = DEFAULT_SOURCE) -> list[dict]:
    if not source.exists():
        raise SystemExit(
            f"The benchmark data {source} is missing; pass --data with the path "
            f"of debian-packages.jsonl.gz (one JSON object a line with 'package', "
            f"'section', 'summary' and 'text')."
        )
    with gzip.open(source, "rb") as lines:
        return [orjson.loads(line) for line in lines]


def tasks(packages: list[dict], count: int, short: bool) -> Iterator[dict]:
    """``count`` bare-data tasks; ``short`` uses the one-line summary as text."""
    for number, package in enumerate(islice(cycle(packages), count), 1):
        yield {
            "text": package["summary"] if short else package["text"],
            "package": f"{package['package']}-{number}",
            "section": package["section"],
        }


def with_predictions(items: Iterator[dict]) -> Iterator[dict]:
    """Each task with one scored prediction of its section (as a choice)."""
    for number, data in enumerate(items):
        choice = CHOICES[number % len(CHOICES)]
        yield {
            "data": data,
            "predictions": [
                {
                    "model_version": "bench",
                    "score": (number % 100) / 100,
                    "result": [
                        {
                            "from_name": "section",
                            "to_name": "text",
                            "type": "choices",
                            "value": {"choices": [choice]},
                        }
                    ],
                }
            ],
        }


def json_array(items: Iterator[dict]) -> bytes:
    return b"[" + b",\n".join(orjson.dumps(item) for item in items) + b"]"
