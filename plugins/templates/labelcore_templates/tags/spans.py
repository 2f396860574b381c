"""Named entities: ``Labels`` marks spans of a ``Text`` with ``Label`` options.

Offsets are Unicode code points (Python string indexes): the web UI converts
from the browser's UTF-16 before it saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ChildTagType, ControlTagType, ResultContext
from labelcore_templates.tags.common import LABEL_SET, OPTION_CHILDREN, REGION_STYLE
from labelcore_templates.tags.objects import shows_plain_text


def _excerpt(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


class Labels(ControlTagType):
    name = "Labels"
    description = "Mark spans of a text with labels (named entities)."
    result_type = "labels"
    option_tag = "Label"
    targets = ("Text",)
    children = ("Label", *OPTION_CHILDREN)
    attributes = {**LABEL_SET, **REGION_STYLE}
    value_schema = {
        "type": "object",
        "required": ["start", "end", "labels"],
        "properties": {
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "text": {"type": "string"},
            "labels": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        start, end = value["start"], value["end"]
        problems = []
        if end < start:
            problems.append(
                ("value.end", f"must not be before start ({start}); got {end}")
            )
        if context.control.attribute("choice") == "single" and len(value["labels"]) > 1:
            problems.append(
                (
                    "value.labels",
                    f"{context.control.name!r} takes one label per span "
                    f'(choice="single"); got {len(value["labels"])}',
                )
            )

        text = context.object_value
        if problems or not isinstance(text, str):
            return problems
        if not shows_plain_text(context.target):
            return problems

        if end > len(text):
            problems.append(
                (
                    "value.end",
                    f"the span ends at {end}, past the end of the text "
                    f"({len(text)} characters); offsets count Unicode code points",
                )
            )
        elif "text" in value and text[start:end] != value["text"]:
            problems.append(
                (
                    "value.text",
                    f"does not match the text at {start}-{end}, which is "
                    f"{_excerpt(text[start:end])}; got {_excerpt(value['text'])}. "
                    f"Offsets count Unicode code points",
                )
            )
        return problems

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Overlap of the two spans (intersection over union), 0 if labels differ."""
        if set(first.get("labels", [])) != set(second.get("labels", [])):
            return 0.0
        start = max(first["start"], second["start"])
        end = min(first["end"], second["end"])
        union = max(first["end"], second["end"]) - min(first["start"], second["start"])
        if union <= 0:
            return 1.0 if first["start"] == second["start"] else 0.0
        return max(0, end - start) / union


class Label(ChildTagType):
    name = "Label"
    description = "One label of a Labels or RectangleLabels control."
    children = ()
    attributes = {
        "value": Attribute("string", required=True, help="Stored in the result."),
        "selected": Attribute("boolean", default=False),
        "maxUsages": Attribute("integer"),
        "hint": Attribute(),
        "hotkey": Attribute("hotkey"),
        "alias": Attribute(help="Stored in the result instead of value."),
        "showAlias": Attribute("boolean", default=False),
        "aliasStyle": Attribute(default="opacity:0.6"),
        "size": Attribute(default="medium"),
        "background": Attribute("color", default="#36B37E"),
        "selectedColor": Attribute("color", default="#ffffff"),
        "granularity": Attribute("enum", choices=("symbol", "word")),
        "html": Attribute(help="Rich content shown instead of value."),
        "category": Attribute("integer", help="Order of the label in exports."),
    }
