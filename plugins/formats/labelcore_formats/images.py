"""What the image dataset formats share: one entry per task's image.

Each entry has the task, its image URL and decoded file name (made unique
within the export), the image size in pixels when anything tells it, and
the regions of the task's chosen annotation. Formats that come as a zip put
the image files beside their labels when ``download_resources`` is set and
the files are on this server.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from labelcore import ExportContext, Exporter
from labelcore_formats.media import file_name, image_size, local_path, stem
from labelcore_formats.regions import (
    class_names,
    controls_of,
    image_url,
    labels_of,
    result_items,
)

BOX_CONTROLS = ("RectangleLabels", "Rectangle")
SHAPE_CONTROLS = (*BOX_CONTROLS, "PolygonLabels", "Polygon")


@dataclass
class ImageEntry:
    task: dict[str, Any]
    url: Any
    name: str
    size: tuple[float, float] | None
    items: list[dict[str, Any]]

    @property
    def stem(self) -> str:
        return stem(self.name)


class Classes:
    """Label names to class ids: the config's labels first, in its order,
    then any other label a result uses, as it is met."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        self.ids = {name: number for number, name in enumerate(self.names)}

    def id_of(self, label: str) -> int:
        if label not in self.ids:
            self.ids[label] = len(self.names)
            self.names.append(label)
        return self.ids[label]


class ImageDatasetExporter(Exporter):
    media_type = "application/zip"
    file_extension = ".zip"
    controls: tuple[str, ...] = SHAPE_CONTROLS
    region_types: frozenset[str] = frozenset(
        {"rectanglelabels", "rectangle", "polygonlabels", "polygon"}
    )

    def applies_to(self, parsed_config: Any) -> bool:
        return (
            next(controls_of(parsed_config, self.controls, ("Image",)), None)
            is not None
        )

    def classes(self, context: ExportContext) -> Classes:
        return Classes(class_names(context.parsed_config, self.controls))

    def entries(
        self, tasks: Iterable[dict], context: ExportContext
    ) -> Iterator[ImageEntry]:
        parsed = context.parsed_config
        # Hashes, not names: a million image names would fill a set of strings
        # with a hundred megabytes. A collision only adds a needless suffix.
        used: set[int] = set()
        for task in tasks:
            items = [
                item
                for item in result_items(task)
                if item.get("type") in self.region_types
                and isinstance(item.get("value"), dict)
            ]
            to_name = items[0].get("to_name") if items else None
            url = image_url(parsed, task, to_name)
            name = file_name(url, task["id"], ".jpg")
            if name in used:
                name = f"{stem(name)}-{task['id']}{name[len(stem(name)) :]}"
            used.add(name)
            size = image_size(items[0] if items else {}, task, items[1:], url)
            yield ImageEntry(task, url, name, size, items)

    def resource(self, entry: ImageEntry, context: ExportContext):
        """(member name, file) of the entry's image when resources are asked
        for and the file is on this server, else None."""
        if not context.options.get("download_resources"):
            return None
        path = local_path(entry.url)
        return (f"images/{entry.name}", path) if path is not None else None


def first_label(item: dict[str, Any], default: str) -> str:
    labels = labels_of(item)
    return labels[0] if labels else default
