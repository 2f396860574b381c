"""The demo projects ``labelcore demo`` creates: real texts and photographs."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from labelcore import Demo

DATA = Path(str(resources.files(__name__) / "data"))
PACKAGES_FILE = DATA / "debian-packages.jsonl.gz"
PHOTOS = {
    "chelsea.png": "a tabby cat",
    "coffee.png": "a cup of coffee",
    "rocket.jpg": "a rocket launch",
    "camera.png": "a man with a camera",
    "coins.png": "old coins",
    "horse.png": "a horse silhouette",
}
ENTITY_LABELS = (
    ("Software", "#64b5f6"),
    ("Library", "#81c784"),
    ("Language", "#ba68c8"),
    ("Format", "#ffb74d"),
    ("Organization", "#e57373"),
)
OBJECT_LABELS = (
    ("Person", "#7986cb"),
    ("Animal", "#f06292"),
    ("Vehicle", "#ffd54f"),
    ("Cup", "#a1887f"),
    ("Coin", "#4db6ac"),
    ("Other", "#90a4ae"),
)


@cache
def packages() -> tuple[dict, ...]:
    """The 500 shipped packages, in file order."""
    with gzip.open(PACKAGES_FILE, "rt", encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines)


def sections() -> list[str]:
    """The sections of the shipped packages, most common first."""
    counts: dict[str, int] = {}
    for package in packages():
        counts[package["section"]] = counts.get(package["section"], 0) + 1
    return sorted(counts, key=lambda section: (-counts[section], section))


def _package_tasks(media_url: Callable[[str], str]) -> Iterator[dict]:
    for package in packages():
        yield {
            "data": {
                "package": package["package"],
                "summary": package["summary"],
                "text": package["text"],
            },
            "meta": {"true_section": package["section"], "source": "Debian 12"},
        }


def _photo_tasks(media_url: Callable[[str], str]) -> Iterator[dict]:
    for file_name, caption in PHOTOS.items():
        yield {
            "data": {"image": media_url(file_name), "caption": caption},
            "meta": {"file": file_name, "source": "scikit-image"},
        }


def _hotkey(index: int) -> str:
    return str((index + 1) % 10)


def classification_config() -> str:
    choices = "\n".join(
        f'    <Choice value="{section}" hotkey="{_hotkey(index)}"/>'
        for index, section in enumerate(sections())
    )
    return (
        "<View>\n"
        '  <Header value="$package"/>\n'
        '  <Header value="$summary" size="5"/>\n'
        '  <Text name="text" value="$text"/>\n'
        '  <Choices name="section" toName="text" choice="single" '
        'showInline="true">\n'
        f"{choices}\n"
        "  </Choices>\n"
        "</View>\n"
    )


def _label_lines(labels: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(
        f'    <Label value="{value}" background="{colour}" hotkey="{_hotkey(index)}"/>'
        for index, (value, colour) in enumerate(labels)
    )


def entities_config() -> str:
    return (
        "<View>\n"
        '  <Header value="$package"/>\n'
        '  <Labels name="entities" toName="text">\n'
        f"{_label_lines(ENTITY_LABELS)}\n"
        "  </Labels>\n"
        '  <Text name="text" value="$text"/>\n'
        "</View>\n"
    )


def detection_config() -> str:
    return (
        "<View>\n"
        '  <Image name="image" value="$image" zoom="true" zoomControl="true"/>\n'
        '  <RectangleLabels name="objects" toName="image">\n'
        f"{_label_lines(OBJECT_LABELS)}\n"
        "  </RectangleLabels>\n"
        "</View>\n"
    )


def demos() -> list[Demo]:
    return [
        Demo(
            name="debian-sections",
            title="Demo: Debian package sections",
            description=(
                "Classify 500 Debian package descriptions into their section "
                "(the 10 most common ones). The true section is in each "
                "task's meta.true_section."
            ),
            config=classification_config(),
            tasks=_package_tasks,
        ),
        Demo(
            name="debian-entities",
            title="Demo: names in Debian package descriptions",
            description=(
                "Mark software, libraries, languages, formats and "
                "organisations in the same 500 descriptions."
            ),
            config=entities_config(),
            tasks=_package_tasks,
        ),
        Demo(
            name="photo-objects",
            title="Demo: objects in photographs",
            description="Draw labelled boxes around the objects in six photos.",
            config=detection_config(),
            tasks=_photo_tasks,
            media={name: str(DATA / name) for name in PHOTOS},
        ),
    ]
