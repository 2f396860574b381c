"""Visual tags: layout and decoration, no data of their own, no result.

``View`` groups, ``Header`` shows a heading, ``Style`` adds CSS, ``Filter``
narrows long label lists, ``Collapse`` folds ``Panel``s, ``Repeater`` repeats
its tags for every item of a list, ``PagedView`` pages through its children.
"""

from __future__ import annotations

from labelcore import Attribute, ChildTagType, VisualTagType
from labelcore_templates.tags.common import LITERAL_OR_DATA, VISIBILITY

BLOCK = {
    "style": Attribute(help="CSS declarations for the block."),
    "className": Attribute(help="CSS class names."),
    "idAttr": Attribute(help="HTML id of the block."),
}


class View(VisualTagType):
    name = "View"
    description = "Groups other tags; the root of every config."
    children = None
    attributes = {
        **BLOCK,
        "display": Attribute("enum", choices=("block", "none"), default="block"),
        **VISIBILITY,
    }


class Header(VisualTagType):
    name = "Header"
    description = "A heading, literal or from the task data ('$key')."
    children = ()
    attributes = {
        "value": LITERAL_OR_DATA,
        # Label Studio's own templates use sizes past 6 (smaller headings).
        "size": Attribute("integer", default=4, minimum=1, help="Heading level."),
        "style": Attribute(help="CSS declarations for the heading."),
        "underline": Attribute("boolean", default=False),
        "idAttr": Attribute(help="HTML id of the heading."),
        "className": Attribute(),
    }


class Style(VisualTagType):
    name = "Style"
    description = "CSS rules for the labeling view, written inside the tag."
    children = ()
    attributes = {}


class Filter(VisualTagType):
    name = "Filter"
    description = "A search box that narrows the labels or choices of a control."
    children = ()
    attributes = {
        "name": Attribute(help="Name of the filter."),
        "toName": Attribute(
            required=True, help="Name of the control whose options it filters."
        ),
        "minlength": Attribute("integer", default=3, minimum=0),
        "placeholder": Attribute(default="Quick Filter"),
        "hotkey": Attribute("hotkey"),
        "cleanup": Attribute("boolean", default=True),
        "caseSensitive": Attribute("boolean", default=False),
    }


class Collapse(VisualTagType):
    name = "Collapse"
    description = "Folds its Panels so that only one (or several) shows."
    children = ("Panel",)
    attributes = {
        "accordion": Attribute("boolean", default=True),
        "bordered": Attribute("boolean", default=False),
    }


class Panel(ChildTagType):
    name = "Panel"
    description = "One foldable section of a Collapse; value is its title."
    children = None
    attributes = {"value": Attribute(required=True, help="Title of the panel.")}


class Repeater(VisualTagType):
    name = "Repeater"
    description = (
        "Repeats its tags for every item of a task list; '{{idx}}' in names "
        "and keys becomes the item's index."
    )
    children = None
    attributes = {
        "on": Attribute("data", required=True, help="Task data key of the list."),
        "indexFlag": Attribute(default="{{idx}}", help="Placeholder of the index."),
        "mode": Attribute("enum", choices=("list", "pagination"), default="list"),
    }


class PagedView(VisualTagType):
    name = "PagedView"
    description = "Shows its children one page at a time."
    children = None
    attributes = {**BLOCK}


class Dialog(VisualTagType):
    name = "Dialog"
    description = "The older way of showing a dialogue; use Paragraphs instead."
    children = ()
    attributes = {
        "name": Attribute(help="Name of the tag."),
        "value": Attribute("data", help="Task data key of the dialogue."),
    }
