"""The template gallery: configs by group, each with a sample task.

The entries live in the group modules (``vision``, ``language``, ``media``,
``generative``, ``structured``); each one's sample task is
``samples/<name>.json``, written by ``tools/make_gallery_samples.py`` from
the entry's data and one generated result per control. A string
``"@file"`` in a sample names a file of ``labelcore_templates/media``; it
becomes a data URI, so samples show without any server route.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from labelcore import Template
from labelcore_templates.gallery import generative, language, media, structured, vision
from labelcore_templates.gallery.entries import GROUPS, Entry
from labelcore_templates.tags import sample_media

ENTRIES: tuple[Entry, ...] = tuple(
    vision.ENTRIES
    + language.ENTRIES
    + media.ENTRIES
    + generative.ENTRIES
    + structured.ENTRIES
)


def with_media(value: Any) -> Any:
    """``value`` with every ``"@file"`` string replaced by its data URI."""
    if isinstance(value, str) and value.startswith("@"):
        return sample_media.shipped(value[1:])
    if isinstance(value, list):
        return [with_media(item) for item in value]
    if isinstance(value, dict):
        return {key: with_media(item) for key, item in value.items()}
    return value


@cache
def _sample_text(name: str) -> str:
    return (resources.files(__name__) / "samples" / f"{name}.json").read_text("utf-8")


def sample_task(entry: Entry) -> dict[str, Any]:
    """The entry's sample task, media as data URIs."""
    return with_media(json.loads(_sample_text(entry.name)))


def templates() -> list[Template]:
    """Every template of the gallery, grouped in ``GROUPS`` order."""
    order = {group: position for position, group in enumerate(GROUPS)}
    found = []
    for entry in sorted(ENTRIES, key=lambda e: order[e.group]):
        found.append(
            Template(
                name=entry.name,
                title=entry.title,
                group=entry.group,
                config=entry.config,
                description=entry.description,
                sample_task=sample_task(entry),
            )
        )
    return found
