"""Controls that give a value rather than a region: ``Rating``, ``Number``,
``DateTime``, ``Pairwise`` and ``Ranker`` (with ``Bucket``s).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from labelcore import Attribute, ChildTagType, ControlTagType, ResultContext
from labelcore_templates.tags.common import CONTROL_BASE
from labelcore_templates.tags.objects import list_item_ids

# Label Studio's templates put a Rating (or a Number) on the task as a whole,
# without toName; such a result names no object.
SCORE_BASE = {
    **CONTROL_BASE,
    "toName": Attribute(help="Name of the object tag the score is about."),
}


class Rating(ControlTagType):
    name = "Rating"
    description = "Give stars, from 1 to maxRating."
    result_type = "rating"
    checks_value_alone = True
    children = ()
    attributes = {
        **SCORE_BASE,
        "maxRating": Attribute("integer", default=5, minimum=1),
        "defaultValue": Attribute("integer", default=0, minimum=0),
        "icon": Attribute("enum", choices=("star", "heart", "fire", "smile")),
        "size": Attribute("enum", choices=("small", "medium", "large")),
        "hotkey": Attribute("hotkey"),
    }
    value_schema = {
        "type": "object",
        "required": ["rating"],
        "properties": {"rating": {"type": "integer", "minimum": 0}},
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        top = context.control.attribute("maxRating")
        if value["rating"] > top:
            return [
                (
                    "value.rating",
                    f"must be at most {top} (maxRating of {context.control.name!r}); "
                    f"got {value['rating']}",
                )
            ]
        return []

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """1 for the same rating, falling linearly with the difference."""
        one, other = first.get("rating", 0), second.get("rating", 0)
        spread = max(one, other, 1)
        return max(0.0, 1.0 - abs(one - other) / spread)

    def sample_value(self, context: ResultContext) -> Mapping | None:
        return {"rating": min(4, context.control.attribute("maxRating"))}


class Number(ControlTagType):
    name = "Number"
    description = "Type a number, within min and max, in steps of step."
    result_type = "number"
    checks_value_alone = True
    children = ()
    attributes = {
        **SCORE_BASE,
        "min": Attribute("number"),
        "max": Attribute("number"),
        "step": Attribute("number", default=1, minimum=0),
        "defaultValue": Attribute("number"),
        "slider": Attribute("boolean", default=False),
        "hotkey": Attribute("hotkey"),
        "placeholder": Attribute(),
    }
    value_schema = {
        "type": "object",
        "required": ["number"],
        "properties": {"number": {"type": "number"}},
    }

    def check_element(self, element: Any, config: Any) -> list:
        low, high = element.attribute("min"), element.attribute("max")
        if low is not None and high is not None and low > high:
            return [("max", f"max ({high:g}) must not be below min ({low:g})")]
        return []

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        number = value["number"]
        low, high = context.control.attribute("min"), context.control.attribute("max")
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"from {low:g}" if low is not None else ""
            bounds += f" to {high:g}" if high is not None else ""
            return [
                (
                    "value.number",
                    f"must be{' ' + bounds.strip() if bounds else ''} (min and max of "
                    f"{context.control.name!r}); got {number:g}",
                )
            ]
        return []

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """1 for equal numbers, less the further apart they are (relative)."""
        one, other = first.get("number", 0), second.get("number", 0)
        spread = max(abs(one), abs(other))
        return 1.0 if spread == 0 else max(0.0, 1.0 - abs(one - other) / spread)

    def sample_value(self, context: ResultContext) -> Mapping | None:
        control = context.control
        low, high = control.attribute("min"), control.attribute("max")
        if low is not None:
            return {"number": low}
        return {"number": high if high is not None and high < 1 else 1}


DATE_FORMATS = {
    "date": ("%Y-%m-%d", "2024-05-17"),
    "time": ("%H:%M", "14:30"),
    "month": ("%Y-%m", "2024-05"),
    "year": ("%Y", "2024"),
    "datetime": ("%Y-%m-%dT%H:%M", "2024-05-17T14:30"),
}


def _parts(control: Any) -> str:
    only = {part.strip() for part in (control.attribute("only") or "").split(",")}
    if "date" in only and "time" in only:
        return "datetime"
    for part in ("date", "time", "month", "year"):
        if part in only:
            return part
    return "datetime"


class DateTime(ControlTagType):
    name = "DateTime"
    description = "Pick a date, a time, a month or a year."
    result_type = "datetime"
    children = ()
    attributes = {
        **SCORE_BASE,
        "only": Attribute(help="Comma-separated: date, time, month, year."),
        "format": Attribute(help="strftime format of the stored value."),
        "min": Attribute(),
        "max": Attribute(),
    }
    value_schema = {
        "type": "object",
        "required": ["datetime"],
        "properties": {"datetime": {"type": "string"}},
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        control = context.control
        parts = _parts(control)
        pattern, example = DATE_FORMATS[parts]
        pattern = control.attribute("format") or pattern
        stored = value["datetime"]
        parsed = _parse(stored, pattern)
        if parsed is None:
            return [
                (
                    "value.datetime",
                    f"must be a {parts} written as {pattern!r} (such as "
                    f"{_format(example, pattern, parts)!r}); got {stored!r}",
                )
            ]
        for bound in ("min", "max"):
            limit = _parse(control.attribute(bound) or "", pattern)
            if limit is None:
                continue
            if (bound == "min" and parsed < limit) or (
                bound == "max" and parsed > limit
            ):
                word = "before" if bound == "min" else "after"
                return [
                    (
                        "value.datetime",
                        f"is {word} the {bound} of {control.name!r} "
                        f"({control.attribute(bound)}); got {stored!r}",
                    )
                ]
        return []

    def sample_value(self, context: ResultContext) -> Mapping | None:
        control = context.control
        parts = _parts(control)
        pattern, example = DATE_FORMATS[parts]
        low = control.attribute("min")
        if low and _parse(low, control.attribute("format") or pattern):
            return {"datetime": low}
        return {
            "datetime": _format(example, control.attribute("format") or pattern, parts)
        }


def _parse(text: str, pattern: str) -> datetime | None:
    try:
        return datetime.strptime(text, pattern)
    except ValueError:
        # ISO with seconds or a zone is what browsers often send.
        if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text
        ):
            try:
                return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(
                    tzinfo=None
                )
            except ValueError:
                return None
        return None


def _format(example: str, pattern: str, parts: str) -> str:
    default = DATE_FORMATS[parts][0]
    moment = datetime.strptime(example, default)
    if parts == "time":
        moment = datetime.combine(date(2024, 5, 17), time(moment.hour, moment.minute))
    return moment.strftime(pattern)


class Pairwise(ControlTagType):
    name = "Pairwise"
    description = "Choose the better of two objects: left or right."
    result_type = "pairwise"
    children = ()
    attributes = {
        **CONTROL_BASE,
        "selectionStyle": Attribute(),
        "leftClass": Attribute(),
        "rightClass": Attribute(),
    }
    value_schema = {
        "type": "object",
        "required": ["selected"],
        "properties": {"selected": {"enum": ["left", "right"]}},
    }

    def check_element(self, element: Any, config: Any) -> list:
        if len(element.to_name) != 2:
            return [
                (
                    "toName",
                    f"'Pairwise' compares two objects, so toName names two tags "
                    f'separated by a comma (toName="left,right"); got '
                    f"{len(element.to_name)}",
                )
            ]
        return []

    def sample_value(self, context: ResultContext) -> Mapping | None:
        return {"selected": "left"}


class Ranker(ControlTagType):
    name = "Ranker"
    description = "Order the items of a List, or sort them into Buckets."
    result_type = "ranker"
    targets = ("List",)
    children = ("Bucket",)
    attributes = {**CONTROL_BASE}
    value_schema = {
        "type": "object",
        "required": ["ranker"],
        "properties": {
            "ranker": {
                "anyOf": [
                    {"type": "array", "items": {"type": ["string", "integer"]}},
                    {
                        "type": "object",
                        "additionalProperties": {
                            "type": "array",
                            "items": {"type": ["string", "integer"]},
                        },
                    },
                ]
            }
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        ranked = value["ranker"]
        groups = ranked if isinstance(ranked, Mapping) else {"": ranked}
        buckets = _bucket_names(context)
        allowed_keys = buckets | {context.control.name, *context.control.to_name}
        ids = list_item_ids(context.object_value)
        problems = []
        seen: set[str] = set()
        for key, items in groups.items():
            if key and buckets and key not in allowed_keys:
                problems.append(
                    (
                        f"value.ranker.{key}",
                        f"names no Bucket of {context.control.name!r}; buckets "
                        f"here: {', '.join(map(repr, sorted(buckets)))}",
                    )
                )
            for item in items:
                item = str(item)
                if ids is not None and item not in ids:
                    problems.append(
                        (
                            "value.ranker",
                            f"item {item!r} is not in the list; its ids are "
                            f"{', '.join(map(repr, sorted(ids)))}",
                        )
                    )
                elif item in seen:
                    problems.append(("value.ranker", f"item {item!r} is ranked twice"))
                seen.add(item)
        return problems

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Share of item pairs in the same order (buckets: same bucket)."""
        one, other = _positions(first.get("ranker")), _positions(second.get("ranker"))
        shared = sorted(set(one) & set(other))
        if len(shared) < 2:
            return 1.0 if one == other else float(bool(shared))
        agree = total = 0
        for index, a in enumerate(shared):
            for b in shared[index + 1 :]:
                total += 1
                agree += (one[a] < one[b]) == (other[a] < other[b])
        return agree / total

    def sample_value(self, context: ResultContext) -> Mapping | None:
        items = [str(item["id"]) for item in context.object_value or () if "id" in item]
        buckets = sorted(_bucket_names(context))
        if buckets:
            return {"ranker": {buckets[0]: items[:1]}}
        return {"ranker": {context.control.name: list(reversed(items))}}


def _bucket_names(context: ResultContext) -> set[str]:
    return {
        child.attributes["name"]
        for child in context.control.children
        if child.tag == "Bucket" and isinstance(child.attributes.get("name"), str)
    }


def _positions(ranked: Any) -> dict[str, tuple]:
    if isinstance(ranked, list):
        return {str(item): (0, index) for index, item in enumerate(ranked)}
    if isinstance(ranked, Mapping):
        found = {}
        for group, items in enumerate(dict(sorted(ranked.items())).values()):
            for index, item in enumerate(items):
                found[str(item)] = (group, index)
        return found
    return {}


class Bucket(ChildTagType):
    name = "Bucket"
    description = "A named group a Ranker sorts items into."
    children = ()
    attributes = {
        "name": Attribute(required=True, help="Key of the group in the result."),
        "title": Attribute(help="Heading of the column."),
        "default": Attribute("boolean", default=False),
        "style": Attribute(),
    }
