"""A conversation that annotators extend: ``Chat`` is an object and a control.

It shows the messages of the task (``[{"role", "content"}]``) and its own
results are the messages annotators add, ``{"chatmessage": {"role",
"content", "createdAt"?}}``, with ``from_name`` and ``to_name`` both the
chat's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ControlTagType, ObjectTagType, ResultContext
from labelcore_templates.tags.common import DATA_VALUE, NAME

ROLES = ("user", "assistant", "system", "tool", "developer")


class Chat(ObjectTagType, ControlTagType):
    name = "Chat"
    kind = "object"
    description = "Shows a conversation; annotators add messages as results."
    children = ()
    value_kinds = ("list",)
    result_type = "chatmessage"
    creates_regions = True
    attributes = {
        "name": NAME,
        "value": DATA_VALUE,
        "toName": Attribute(help="Its own name, to be used without other controls."),
        "llm": Attribute(help="Model that answers, as provider/model."),
        "minMessages": Attribute("integer", minimum=0),
        "maxMessages": Attribute("integer", minimum=0),
        "editable": Attribute(help="true, or the roles whose messages can be edited."),
        "messageroles": Attribute(help="Roles annotators may write as."),
    }
    value_schema = {
        "type": "object",
        "required": ["chatmessage"],
        "properties": {
            "chatmessage": {
                "type": "object",
                "required": ["role", "content"],
                "properties": {
                    "role": {"type": "string"},
                    "content": {"type": "string"},
                    "createdAt": {"type": "number"},
                },
            }
        },
    }

    def check_data_for(self, value: Any, element: Any) -> str | None:
        for position, message in enumerate(value):
            if not isinstance(message, Mapping):
                return f"message {position} must be an object with role and content"
        return None

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        role = value["chatmessage"]["role"]
        if role not in ROLES:
            return [
                (
                    "value.chatmessage.role",
                    f"must be one of {', '.join(map(repr, ROLES))}; got {role!r}",
                )
            ]
        return []

    def sample_data(self, element: Any) -> Any:
        return [
            {"role": "user", "content": "How do I export my annotations?"},
            {"role": "assistant", "content": "Open the project and press Export."},
        ]

    def sample_value(self, context: ResultContext) -> Mapping | None:
        return {
            "chatmessage": {
                "role": "user",
                "content": "And in which formats?",
                "createdAt": 1715950000000,
            }
        }
