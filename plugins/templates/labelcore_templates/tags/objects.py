"""Object tags: the task data an annotator looks at (``Text``, ``Image``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from labelcore import Attribute, ObjectTagType
from labelcore_templates.tags.common import DATA_VALUE, NAME


class Text(ObjectTagType):
    name = "Text"
    description = "Shows a text; spans of it can be labelled with Labels."
    children = ()
    value_kinds = ("text",)
    attributes = {
        "name": NAME,
        "value": DATA_VALUE,
        "valueType": Attribute(
            "enum",
            choices=("text", "url"),
            default="text",
            help="Whether the data holds the text itself or a URL to load.",
        ),
        "saveTextResult": Attribute("enum", choices=("yes", "no")),
        "encoding": Attribute(
            "enum", choices=("none", "base64", "base64unicode"), default="none"
        ),
        "selectionEnabled": Attribute("boolean", default=True),
        "highlightColor": Attribute("color"),
        "showLabels": Attribute("boolean"),
        "granularity": Attribute(
            "enum", choices=("symbol", "word", "sentence", "paragraph")
        ),
    }

    def value_kinds_for(self, attributes: Mapping[str, Any]) -> Sequence[str]:
        return ("url",) if attributes.get("valueType") == "url" else ("text",)


def shows_plain_text(target: Any) -> bool:
    """Whether a compiled ``Text`` holds its text directly (offsets apply)."""
    if target is None or target.tag != "Text":
        return False
    return target.attribute("valueType") != "url" and target.attribute("encoding") in (
        None,
        "none",
    )


class Image(ObjectTagType):
    name = "Image"
    description = "Shows an image; boxes on it are stored in percent of its size."
    children = ()
    value_kinds = ("url",)
    attributes = {
        "name": NAME,
        "value": DATA_VALUE,
        "valueList": Attribute("data", help="Task data key holding a list of URLs."),
        "smoothing": Attribute("boolean"),
        "width": Attribute(default="100%"),
        "height": Attribute(),
        "maxWidth": Attribute(default="750px"),
        "maxHeight": Attribute(),
        "zoom": Attribute("boolean", default=False),
        "negativeZoom": Attribute("boolean", default=False),
        "zoomBy": Attribute("number", default=1.1),
        "grid": Attribute("boolean", default=False),
        "gridSize": Attribute("number", default=30),
        "gridColor": Attribute("color", default="#EEEEF4"),
        "zoomControl": Attribute("boolean", default=False),
        "brightnessControl": Attribute("boolean", default=False),
        "contrastControl": Attribute("boolean", default=False),
        "rotateControl": Attribute("boolean", default=False),
        "crosshair": Attribute("boolean", default=False),
        "horizontalAlignment": Attribute(
            "enum", choices=("left", "center", "right"), default="left"
        ),
        "verticalAlignment": Attribute(
            "enum", choices=("top", "center", "bottom"), default="top"
        ),
        "defaultZoom": Attribute(
            "enum", choices=("auto", "original", "fit"), default="fit"
        ),
        "crossOrigin": Attribute(
            "enum", choices=("none", "anonymous", "use-credentials"), default="none"
        ),
    }
