"""Free text: ``TextArea`` for captions and transcripts, with ``Shortcut``s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ChildTagType, ControlTagType, ResultContext
from labelcore_templates.tags.common import CONTROL_BASE


def _normalised(value: Mapping[str, Any]) -> list[str]:
    return [" ".join(text.split()) for text in value.get("text", [])]


class TextArea(ControlTagType):
    name = "TextArea"
    description = "Type free text about an object (captions, transcripts)."
    result_type = "textarea"
    children = ("Shortcut",)
    attributes = {
        **CONTROL_BASE,
        # Label Studio's own examples leave toName out, so it stays optional.
        "toName": Attribute(help="Name of the object tag the text is about."),
        "value": Attribute("data", literal_ok=True, help="Pre-filled text."),
        "label": Attribute(help="Label shown above the area."),
        "placeholder": Attribute(),
        "maxSubmissions": Attribute("integer"),
        "editable": Attribute("boolean", default=False),
        "skipDuplicates": Attribute("boolean", default=False),
        "transcription": Attribute("boolean", default=False),
        "displayMode": Attribute("enum", choices=("tag", "region-list"), default="tag"),
        "rows": Attribute("integer", minimum=1),
        "showSubmitButton": Attribute("boolean"),
        "maxLength": Attribute("integer", minimum=0),
    }
    value_schema = {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "array", "minItems": 1, "items": {"type": "string"}}
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        limit = context.control.attribute("maxSubmissions")
        texts = value["text"]
        if isinstance(limit, int) and limit > 0 and len(texts) > limit:
            return [
                (
                    "value.text",
                    f"{context.control.name!r} takes at most {limit} texts "
                    f"(maxSubmissions); got {len(texts)}",
                )
            ]
        longest = context.control.attribute("maxLength")
        for position, text in enumerate(texts):
            if isinstance(longest, int) and longest > 0 and len(text) > longest:
                return [
                    (
                        f"value.text.{position}",
                        f"has {len(text)} characters; {context.control.name!r} "
                        f"takes at most {longest} (maxLength)",
                    )
                ]
        return []

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """1 when the texts are equal up to spacing, else 0."""
        return 1.0 if _normalised(first) == _normalised(second) else 0.0

    def sample_value(self, context: ResultContext) -> Mapping | None:
        return {"text": ["A short answer written by an annotator."]}


class Shortcut(ChildTagType):
    name = "Shortcut"
    description = "A button (and hotkey) that inserts text into a TextArea."
    children = ()
    attributes = {
        "value": Attribute("string", required=True, help="Text inserted."),
        "alias": Attribute(help="Button caption."),
        "hotkey": Attribute("hotkey"),
        "background": Attribute("color"),
    }
