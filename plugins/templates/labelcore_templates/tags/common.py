"""Attribute sets that several Label Studio tags share."""

from __future__ import annotations

from labelcore import Attribute

NAME = Attribute("string", required=True, help="Unique name of the tag.")
TO_NAME = Attribute(
    "string",
    required=True,
    help="Name of the object tag to label; several names separated by commas.",
)
DATA_VALUE = Attribute("data", required=True, help="Task data key to show, as '$key'.")

VISIBILITY = {
    "visibleWhen": Attribute(
        "enum",
        choices=(
            "region-selected",
            "no-region-selected",
            "choice-selected",
            "choice-unselected",
        ),
        help="Show the tag only in this situation.",
    ),
    "whenTagName": Attribute(help="With visibleWhen: the tag that decides."),
    "whenLabelValue": Attribute(help="With visibleWhen: the label that decides."),
    "whenChoiceValue": Attribute(help="With visibleWhen: the choice that decides."),
}

REGION_STYLE = {
    "opacity": Attribute("number", default=0.6, help="Opacity of the regions."),
    "fillColor": Attribute("color", help="Fill colour of the regions."),
    "strokeColor": Attribute("color", default="#f48a42", help="Outline colour."),
    "strokeWidth": Attribute("number", default=1, help="Outline width in pixels."),
}

LABEL_SET = {
    "name": NAME,
    "toName": TO_NAME,
    "choice": Attribute(
        "enum",
        choices=("single", "multiple"),
        default="single",
        help="One label per region, or several.",
    ),
    "maxUsages": Attribute("integer", help="How often a label may be used per task."),
    "showInline": Attribute("boolean", default=True, help="Labels on one line."),
    "value": Attribute("data", help="Task data key holding labels to load, as '$key'."),
    "allowEmpty": Attribute("boolean", help="Allow regions without a label."),
    **VISIBILITY,
}

OPTION_CHILDREN = ("View", "Header")
