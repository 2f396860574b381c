"""Rebuild the demo data shipped in ``labelcore_templates/demos/data/``.

Run from a checkout that has the team's shared data folder beside it::

    python plugins/templates/tools/make_demo_data.py ../shared/data

It takes the 10 most common Debian sections, 50 packages of each (a fixed
seed, descriptions of readable length) and a handful of the photographs, so
the same files come out every time.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import shutil
from pathlib import Path

SECTIONS = 10
PER_SECTION = 50
SEED = 20240
TEXT_LENGTH = (120, 1200)
PHOTOS = (
    "chelsea.png",
    "coffee.png",
    "rocket.jpg",
    "camera.png",
    "coins.png",
    "horse.png",
)
OUTPUT = Path(__file__).resolve().parents[1] / "labelcore_templates/demos/data"


def _packages(source: Path) -> list[dict]:
    with gzip.open(source / "debian-packages.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared_data", type=Path)
    arguments = parser.parse_args()

    packages = _packages(arguments.shared_data)
    counts = collections.Counter(package["section"] for package in packages)
    sections = [section for section, _ in counts.most_common(SECTIONS)]

    randomness = random.Random(SEED)
    chosen = []
    for section in sections:
        readable = [
            package
            for package in packages
            if package["section"] == section
            and TEXT_LENGTH[0] <= len(package["text"]) <= TEXT_LENGTH[1]
        ]
        chosen.extend(randomness.sample(readable, PER_SECTION))
    randomness.shuffle(chosen)

    OUTPUT.mkdir(parents=True, exist_ok=True)
    target = OUTPUT / "debian-packages.jsonl.gz"
    # mtime=0 keeps the gzip bytes identical from one run to the next.
    with open(target, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        for package in chosen:
            fields = {key: package[key] for key in ("package", "section", "summary")}
            fields["text"] = package["text"]
            f.write((json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8"))

    for photo in PHOTOS:
        shutil.copyfile(arguments.shared_data / "images" / photo, OUTPUT / photo)
    print(f"{len(chosen)} packages in {', '.join(sections)}; {len(PHOTOS)} photos")


if __name__ == "__main__":
    main()
