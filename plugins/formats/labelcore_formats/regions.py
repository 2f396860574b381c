"""Reading results for the export formats: which annotations, which regions.

Dataset formats (COCO, YOLO, VOC) hold one set of regions per image, so each
task contributes one annotation: a ground-truth one when there is one,
otherwise its newest annotation that was not skipped. The per-annotation
formats write every annotation that was not skipped, as Label Studio does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

BOX_TYPES = {"rectanglelabels", "rectangle"}
SHAPE_TYPES = BOX_TYPES | {"polygonlabels", "polygon"}
LABEL_KEYS = (
    "rectanglelabels",
    "polygonlabels",
    "brushlabels",
    "keypointlabels",
    "labels",
    "ellipselabels",
)


def kept_annotations(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The task's annotations that were not skipped, newest first: the rows
    of Label Studio's per-annotation formats (JSON-MIN, CSV, CoNLL 2003, the
    ASR manifest, brush masks), in its converter's order. Equal times keep
    the task's order."""
    kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    return sorted(kept, key=_created, reverse=True)


def _created(annotation: dict[str, Any]) -> str:
    # Times come as ISO 8601 in UTC, which sort as text.
    created = annotation.get("created_at")
    return created if isinstance(created, str) else ""


def chosen_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not kept:
        return None
    truths = [a for a in kept if a.get("ground_truth")]
    return max(truths or kept, key=lambda annotation: annotation.get("id") or 0)


def result_items(task: dict[str, Any]) -> list[dict[str, Any]]:
    annotation = chosen_annotation(task)
    return list(annotation.get("result") or []) if annotation else []


def labels_of(item: dict[str, Any]) -> list[str]:
    value = item.get("value") or {}
    for key in LABEL_KEYS:
        labels = value.get(key)
        if isinstance(labels, list) and labels:
            return [str(label) for label in labels]
    return []


def controls_of(parsed_config: Any, tags: Iterable[str], on: Iterable[str]):
    """The config's controls of ``tags`` that label an object of ``on``."""
    tags, on = set(tags), set(on)
    for control in parsed_config.controls.values():
        if control.tag not in tags:
            continue
        targets = [parsed_config.objects.get(name) for name in control.to_name]
        if any(target is not None and target.tag in on for target in targets):
            yield control


def class_names(parsed_config: Any, tags: Iterable[str]) -> list[str]:
    """Every label of the given controls, in config order, each once."""
    names: list[str] = []
    for control in controls_of(parsed_config, tags, ("Image",)):
        for label in control.labels:
            if label not in names:
                names.append(label)
    return names


def image_objects(parsed_config: Any) -> list[Any]:
    return [obj for obj in parsed_config.objects.values() if obj.tag == "Image"]


def image_url(parsed_config: Any, task: dict[str, Any], to_name: str | None) -> Any:
    """The URL of the image ``to_name`` shows (the first image without one)."""
    objects = image_objects(parsed_config)
    target = parsed_config.objects.get(to_name) if to_name else None
    if target is None and objects:
        target = objects[0]
    if target is None or target.data_key is None:
        return None
    value = target.data_key.resolve(task.get("data") or {})
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def shapes(items: Iterable[dict[str, Any]], types=SHAPE_TYPES) -> Iterator[dict]:
    for item in items:
        if item.get("type") in types and isinstance(item.get("value"), dict):
            yield item
