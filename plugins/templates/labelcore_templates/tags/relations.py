"""Relations between regions: ``Relations`` lists the ``Relation`` labels.

A relation is a result item of its own, ``{"type": "relation", "from_id",
"to_id", "direction", "labels"}``; the core checks that both ids are
regions of the same result and that the labels are ``Relation`` values.
"""

from __future__ import annotations

from labelcore import Attribute, ChildTagType, ControlTagType


class Relations(ControlTagType):
    name = "Relations"
    description = "Labels for the relations annotators draw between regions."
    result_type = "relation"
    option_tag = "Relation"
    children = ("Relation",)
    attributes = {
        "name": Attribute(help="Name of the tag."),
        "toName": Attribute(help="Not used; relations link regions by id."),
        "choice": Attribute("enum", choices=("single", "multiple"), default="multiple"),
    }
    value_schema = {"type": "object"}


class Relation(ChildTagType):
    name = "Relation"
    description = "One label a relation can carry."
    children = ()
    attributes = {
        "value": Attribute(required=True, help="Stored in the relation's labels."),
        "background": Attribute("color"),
        "hotkey": Attribute("hotkey"),
    }
