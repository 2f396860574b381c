"""Layout tags: ``View`` groups, ``Header`` shows a heading, ``Style`` adds CSS."""

from __future__ import annotations

from labelcore import Attribute, VisualTagType
from labelcore_templates.tags.common import VISIBILITY


class View(VisualTagType):
    name = "View"
    description = "Groups other tags; the root of every config."
    children = None
    attributes = {
        "style": Attribute(help="CSS declarations for the block."),
        "className": Attribute(help="CSS class names."),
        "display": Attribute("enum", choices=("block", "none"), default="block"),
        "idAttr": Attribute(help="HTML id of the block."),
        **VISIBILITY,
    }


class Header(VisualTagType):
    name = "Header"
    description = "A heading, literal or from the task data ('$key')."
    children = ()
    attributes = {
        "value": Attribute(
            "data", literal_ok=True, help="The heading text, or '$key'."
        ),
        "size": Attribute("integer", default=4, help="Heading level, 1 to 6."),
        "style": Attribute(help="CSS declarations for the heading."),
        "underline": Attribute("boolean", default=False),
        "idAttr": Attribute(help="HTML id of the heading."),
    }


class Style(VisualTagType):
    name = "Style"
    description = "CSS rules for the labeling view, written inside the tag."
    children = ()
    attributes = {}
