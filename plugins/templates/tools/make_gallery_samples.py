"""Write ``gallery/samples/<name>.json`` for every gallery entry.

Each sample task holds the entry's own data, made-up data for the keys it
leaves out, and one generated result per control, all checked against the
config before they are written. Data URIs of shipped media are written back
as ``"@file"`` so that the files stay small. Run after adding or changing a
template: ``python plugins/templates/tools/make_gallery_samples.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import labelcore_templates.plugin
from labelcore_templates.gallery import ENTRIES, with_media
from labelcore_templates.tags import ALL_TAG_TYPES, sample_media

from labelcore.config import ConfigCompiler
from labelcore.config.samples import sample_task

TARGET = Path(labelcore_templates.plugin.__file__).parent / "gallery" / "samples"
SHIPPED = ("sample-cat.jpg", "sample-video.mp4")


def as_references(value):
    for file_name in SHIPPED:
        if value == sample_media.shipped(file_name):
            return f"@{file_name}"
    if isinstance(value, list):
        return [as_references(item) for item in value]
    if isinstance(value, dict):
        return {key: as_references(item) for key, item in value.items()}
    return value


def main() -> int:
    # The tag types directly: the plugin set would load the gallery itself.
    tags = [tag_type() for tag_type in ALL_TAG_TYPES]
    compiler = ConfigCompiler({tag.name: tag for tag in tags})
    failures = 0
    for entry in ENTRIES:
        parsed = compiler.compile(entry.config)
        task = sample_task(parsed, with_media(entry.data))
        problems = parsed.check_task_data(task["data"])
        problems += [
            str(i)
            for i in parsed.check_result(task["predictions"][0]["result"], task["data"])
        ]
        if problems:
            failures += 1
            print(f"{entry.name}: {problems}", file=sys.stderr)
            continue
        text = json.dumps(as_references(task), ensure_ascii=False, indent=1)
        (TARGET / f"{entry.name}.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(ENTRIES) - failures} samples, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
