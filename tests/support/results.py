"""Result items in Label Studio's format, as tests write them into tasks.

Each takes the control's ``from_name`` first and gives the item an ``id``
only when ``region_id`` is given, so that a test which compares exports
with hand-written files can name its regions and the others need not.
"""

from __future__ import annotations

from typing import Any


def _item(
    region_id: str | None, from_name: str, to_name: str, kind: str, value: dict
) -> dict[str, Any]:
    item = {} if region_id is None else {"id": region_id}
    item.update(from_name=from_name, to_name=to_name, type=kind, value=value)
    return item


def choice(
    from_name: str, value: str, *, to_name: str = "text", region_id: str | None = None
) -> dict[str, Any]:
    return _item(region_id, from_name, to_name, "choices", {"choices": [value]})


def span(
    from_name: str,
    start: int,
    end: int,
    text: str,
    label: str,
    *,
    to_name: str = "text",
    region_id: str | None = None,
) -> dict[str, Any]:
    """A labelled text span, ``start`` and ``end`` in code points."""
    # The value's keys in the order PostgreSQL's jsonb keeps them (shorter
    # keys first), so that an export writes them alike from both databases.
    value = {"end": end, "text": text, "start": start, "labels": [label]}
    return _item(region_id, from_name, to_name, "labels", value)


def text_area(
    from_name: str,
    text: str,
    *,
    to_name: str = "text",
    region_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A TextArea's answer; ``extra`` goes into the item (``original_length``)."""
    return {
        **_item(region_id, from_name, to_name, "textarea", {"text": [text]}),
        **extra,
    }


def rectangle(
    from_name: str,
    label: str,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    rotation: float = 0,
    size: tuple[int, int] | None = None,
    to_name: str = "image",
    region_id: str | None = None,
) -> dict[str, Any]:
    """A labelled box in percent of the image, turned ``rotation`` degrees
    about its top-left corner; ``size`` is the image's (width, height) in
    pixels, when the result carries it."""
    value = {
        "x": x,
        "y": y,
        "width": width,
        "height": height,
        "rotation": rotation,
        "rectanglelabels": [label],
    }
    item = _item(region_id, from_name, to_name, "rectanglelabels", value)
    if size:
        item["original_width"], item["original_height"] = size
    return item
