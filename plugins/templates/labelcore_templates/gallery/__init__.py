"""The template gallery: one XML config and one sample task per template.

Each template lives in this folder as ``<name>.xml`` with ``<name>.json``
beside it (the sample task, with one prediction showing a valid result for
every control). A string data value ``"@file.jpg"`` names an image shipped
here; it becomes a data URI so the sample shows without any server route.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from importlib import resources
from typing import Any

from labelcore import Template

NLP = "Natural Language Processing"
VISION = "Computer Vision"

GALLERY = (
    (
        "text-classification",
        "Text classification",
        NLP,
        "Sort texts into classes, such as the sentiment of a review.",
    ),
    (
        "named-entity-recognition",
        "Named entity recognition",
        NLP,
        "Mark people, organisations, places and other names in a text.",
    ),
    (
        "image-classification",
        "Image classification",
        VISION,
        "Choose the class of a whole image.",
    ),
    (
        "object-detection",
        "Object detection with bounding boxes",
        VISION,
        "Draw labelled boxes around the objects in an image.",
    ),
    (
        "image-captioning",
        "Image captioning",
        VISION,
        "Write a sentence that describes an image.",
    ),
)

MIME_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


def _folder():
    return resources.files(__name__)


@cache
def _data_uri(file_name: str) -> str:
    content = (_folder() / file_name).read_bytes()
    mime = MIME_TYPES[file_name.rsplit(".", 1)[-1].lower()]
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def _with_media(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _data_uri(value[1:])
        if isinstance(value, str) and value.startswith("@")
        else value
        for key, value in data.items()
    }


def templates() -> list[Template]:
    """Every template of the gallery, in gallery order."""
    found = []
    for name, title, group, description in GALLERY:
        config = (_folder() / f"{name}.xml").read_text(encoding="utf-8")
        sample_task = json.loads((_folder() / f"{name}.json").read_text("utf-8"))
        sample_task["data"] = _with_media(sample_task["data"])
        found.append(
            Template(
                name=name,
                title=title,
                group=group,
                config=config,
                description=description,
                sample_task=sample_task,
            )
        )
    return found
