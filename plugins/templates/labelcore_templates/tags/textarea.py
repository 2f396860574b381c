"""Free text: ``TextArea`` for captions and transcripts, with ``Shortcut``s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ChildTagType, ControlTagType
from labelcore_templates.tags.common import NAME, VISIBILITY


def _normalised(value: Mapping[str, Any]) -> list[str]:
    return [" ".join(text.split()) for text in value.get("text", [])]


class TextArea(ControlTagType):
    name = "TextArea"
    description = "Type free text about an object (captions, transcripts)."
    result_type = "textarea"
    children = ("Shortcut",)
    attributes = {
        "name": NAME,
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
        "rows": Attribute("integer"),
        "required": Attribute("boolean", default=False),
        "requiredMessage": Attribute(),
        "showSubmitButton": Attribute("boolean"),
        "perRegion": Attribute("boolean", default=False),
        "perItem": Attribute("boolean", default=False),
        **VISIBILITY,
    }
    value_schema = {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "array", "minItems": 1, "items": {"type": "string"}}
        },
    }

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """1 when the texts are equal up to spacing, else 0."""
        return 1.0 if _normalised(first) == _normalised(second) else 0.0


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
