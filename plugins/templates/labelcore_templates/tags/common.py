"""Attribute sets and checks that several Label Studio tags share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute

NAME = Attribute("string", required=True, help="Unique name of the tag.")
OPTIONAL_NAME = Attribute("string", help="Name of the tag, for results and rules.")
TO_NAME = Attribute(
    "string",
    required=True,
    help="Name of the object tag to label; several names separated by commas.",
)
DATA_VALUE = Attribute("data", required=True, help="Task data key to show, as '$key'.")
OPTIONAL_DATA_VALUE = Attribute("data", help="Task data key to show, as '$key'.")
LITERAL_OR_DATA = Attribute(
    "data", literal_ok=True, help="A literal text, or a task data key as '$key'."
)

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
    "whenRole": Attribute(help="With visibleWhen: the chat role that decides."),
}

CONTROL_BASE = {
    "name": NAME,
    "toName": TO_NAME,
    "required": Attribute("boolean", default=False, help="A result is required."),
    "requiredMessage": Attribute(help="Shown when a required result is missing."),
    "perRegion": Attribute("boolean", default=False, help="One result per region."),
    "perItem": Attribute("boolean", default=False, help="One result per item."),
    "smart": Attribute("boolean", help="Offer the ML backend's suggestions."),
    "smartOnly": Attribute("boolean", help="Only ML-assisted regions."),
    **VISIBILITY,
}

REGION_STYLE = {
    "opacity": Attribute("number", default=0.6, minimum=0, maximum=1),
    "fillColor": Attribute("color", help="Fill colour of the regions."),
    "fillOpacity": Attribute("number", minimum=0, maximum=1),
    "strokeColor": Attribute("color", default="#f48a42", help="Outline colour."),
    "strokeWidth": Attribute("number", default=1, minimum=0, help="Outline width."),
    "pointSize": Attribute(
        "enum", choices=("small", "medium", "large"), default="small"
    ),
    "pointStyle": Attribute("enum", choices=("circle", "rectangle"), default="circle"),
}

LABEL_SET = {
    **CONTROL_BASE,
    "choice": Attribute(
        "enum",
        choices=("single", "multiple"),
        default="single",
        help="One label per region, or several.",
    ),
    "maxUsages": Attribute(
        "integer", minimum=0, help="How often each label may be used per task."
    ),
    "showInline": Attribute("boolean", default=True, help="Labels on one line."),
    "value": Attribute("data", help="Task data key holding labels to load, as '$key'."),
    "allowEmpty": Attribute("boolean", help="Allow regions without a label."),
    "hotkey": Attribute("hotkey"),
    "groupDepth": Attribute("integer", minimum=0),
    "layout": Attribute("enum", choices=("horizontal", "vertical")),
}

OPTION_CHILDREN = ("View", "Header", "Style")

PERCENT = {"type": "number", "minimum": 0, "maximum": 100}
LABEL_LIST = {"type": "array", "items": {"type": "string"}}

# Label Studio's editor rounds positions, so a shape flush with an edge can
# sum to a hair above 100.
EDGE_TOLERANCE = 1e-6


def label_schema(required: list[str], properties: Mapping[str, Any], labels: str):
    """A value schema with geometry ``properties`` plus a list of labels."""
    return {
        "type": "object",
        "required": [*required, labels],
        "properties": {**properties, labels: {**LABEL_LIST, "minItems": 1}},
    }


def single_label_problem(value: Mapping[str, Any], context: Any, field: str):
    """``choice="single"``: one label per region."""
    chosen = value.get(field)
    single = context.control.attribute("choice") == "single"
    if single and isinstance(chosen, list) and len(chosen) > 1:
        return [
            (
                f"value.{field}",
                f"{context.control.name!r} takes one label per region "
                f'(choice="single"); got {len(chosen)}',
            )
        ]
    return []


def same_labels(first: Mapping[str, Any], second: Mapping[str, Any], field: str):
    return set(first.get(field) or []) == set(second.get(field) or [])


def excerpt(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def first_option(context: Any, fallback: str = "Item") -> str:
    """The first option's stored value (alias first), for sample results;
    options loaded from the task (``value="$key"``) count too."""
    control = context.control
    if control.options:
        option = control.options[0]
        return option.alias or option.value
    key = control.dynamic_options_key
    loaded = key.resolve(context.task_data or {}) if key is not None else None
    if isinstance(loaded, list) and loaded:
        first = loaded[0]
        return first.get("value", fallback) if isinstance(first, Mapping) else first
    return fallback
