"""Labelled regions of an object: ``Labels`` and its ``Label`` options, and
the controls bound to one kind of object (``HyperTextLabels``,
``ParagraphLabels``, ``TimeSeriesLabels``, ``TimelineLabels``).

``Labels`` works with many objects (text, HTML, paragraphs, audio, time
series, and images next to a shape tool), so what its value must hold
depends on the object it labels.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ChildTagType, ControlTagType, ResultContext
from labelcore_templates.tags.common import (
    LABEL_LIST,
    LABEL_SET,
    OPTION_CHILDREN,
    REGION_STYLE,
    first_option,
    same_labels,
    single_label_problem,
)
from labelcore_templates.tags.objects import paragraph_texts, shows_plain_text
from labelcore_templates.tags.shapes import (
    geometry_problems,
    geometry_similarity,
    sample_box,
)
from labelcore_templates.tags.span_checks import (
    hypertext_span_problems,
    interval_overlap,
    paragraph_span_problems,
    span_interval,
    text_span_problems,
    time_span_problems,
)
from labelcore_templates.tags.timeseries import time_bounds

_WORD = re.compile(r"\w+")
MEDIA_TAGS = ("Audio", "AudioPlus", "Video")
SHAPE_TAGS = ("Image", "PDF")


def span_problems_for_target(value: Mapping[str, Any], context: ResultContext):
    """The span checks that fit the object ``context.target`` shows."""
    target, data = context.target, context.object_value
    tag = target.tag if target is not None else None
    if tag == "Text":
        return text_span_problems(value, data if shows_plain_text(target) else None)
    if tag == "HyperText":
        shows_html = target.attribute("valueType") != "url"
        return hypertext_span_problems(value, data if shows_html else None)
    if tag == "Paragraphs":
        return paragraph_span_problems(value, paragraph_texts(target, data))
    if tag in MEDIA_TAGS:
        return time_span_problems(value)
    if tag == "TimeSeries":
        return time_range_problems(value, target, data)
    if tag in SHAPE_TAGS:
        return geometry_problems(value)
    return []


def sample_span(target: Any, data: Any) -> dict[str, Any]:
    """A valid span for the object ``target`` showing ``data``."""
    tag = target.tag if target is not None else "Text"
    if tag == "HyperText" and isinstance(data, str):
        return _sample_html_span(data)
    if tag == "Paragraphs":
        texts = paragraph_texts(target, data) or [""]
        word = _WORD.search(texts[0])
        start, end = (word.start(), word.end()) if word else (0, 0)
        return {
            "start": "0",
            "end": "0",
            "startOffset": start,
            "endOffset": end,
            "text": texts[0][start:end],
        }
    if tag in MEDIA_TAGS:
        return {"start": 0.1, "end": 0.6, "channel": 0}
    if tag == "TimeSeries":
        bounds = time_bounds(target, data) or (0.0, 10.0)
        low, high = bounds
        return {"start": low, "end": low + (high - low) / 2, "instant": False}
    if tag in SHAPE_TAGS:
        return sample_box()
    text = str(data) if isinstance(data, (str, int, float)) else ""
    word = _WORD.search(text)
    start, end = (word.start(), word.end()) if word else (0, len(text))
    return {"start": start, "end": end, "text": text[start:end]}


def _sample_html_span(html: str) -> dict[str, Any]:
    from labelcore_templates.tags.span_checks import _html_content

    root, content = _html_content(html)
    element = next(
        (e for e in root.iter() if e is not root and (e.text or "").strip()), None
    )
    if element is None:
        return {"start": "/", "end": "/", "startOffset": 0, "endOffset": 0}
    steps = []
    node = element
    while node is not root:
        same = [s for s in node.getparent() if s.tag == node.tag]
        steps.append(f"{node.tag}[{same.index(node) + 1}]")
        node = node.getparent()
    path = "/" + "/".join(reversed(steps)) + "/text()[1]"
    word = _WORD.search(element.text)
    begin = content.find(element.text) + word.start()
    return {
        "start": path,
        "end": path,
        "startOffset": word.start(),
        "endOffset": word.end(),
        "globalOffsets": {"start": begin, "end": begin + len(word.group())},
        "text": word.group(),
    }


def time_range_problems(value: Mapping[str, Any], target: Any, data: Any) -> list:
    """A time-series range: numbers (or time strings), start before end."""
    start, end = value.get("start"), value.get("end")
    if isinstance(start, str) and isinstance(end, str):
        return []
    for field, number in (("start", start), ("end", end)):
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            return [
                (
                    f"value.{field}",
                    f"must be a time (a number, or a string in the timeFormat); "
                    f"got {number!r}",
                )
            ]
    if end < start:
        return [("value.end", f"must not be before start ({start:g}); got {end:g}")]
    if value.get("instant") and start != end:
        return [
            (
                "value.instant",
                f"an instant has start equal to end; got {start:g} and {end:g}",
            )
        ]
    bounds = time_bounds(target, data)
    if bounds is not None and (start < bounds[0] or end > bounds[1]):
        return [
            (
                "value.end" if end > bounds[1] else "value.start",
                f"the range {start:g}-{end:g} is outside the series, which runs "
                f"from {bounds[0]:g} to {bounds[1]:g}",
            )
        ]
    return []


class Labels(ControlTagType):
    name = "Labels"
    description = (
        "Label regions: spans of text, HTML or paragraphs, audio segments, "
        "time-series ranges, or shapes drawn with a tool on an image."
    )
    result_type = "labels"
    option_tag = "Label"
    creates_regions = True
    targets = (
        "Text",
        "HyperText",
        "Paragraphs",
        "Audio",
        "AudioPlus",
        "Video",
        "TimeSeries",
        "Image",
        "PDF",
    )
    children = ("Label", *OPTION_CHILDREN)
    attributes = {**LABEL_SET, **REGION_STYLE}
    value_schema = {
        "type": "object",
        "required": ["labels"],
        "properties": {"labels": LABEL_LIST, "text": {"type": "string"}},
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        problems = single_label_problem(value, context, "labels")
        return problems + span_problems_for_target(value, context)

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Span (or shape) overlap as intersection over union; 0 if labels differ."""
        if not same_labels(first, second, "labels"):
            return 0.0
        return region_overlap(first, second)

    def sample_value(self, context: ResultContext) -> Mapping | None:
        return {
            **sample_span(context.target, context.object_value),
            "labels": [first_option(context)],
        }


def region_overlap(first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
    one, other = span_interval(first), span_interval(second)
    if one is not None and other is not None:
        return interval_overlap(one, other)
    return geometry_similarity(first, second)


class Label(ChildTagType):
    name = "Label"
    description = "One label of a labelling control."
    children = ()
    attributes = {
        "value": Attribute("string", required=True, help="Stored in the result."),
        "selected": Attribute("boolean", default=False),
        "maxUsages": Attribute("integer", minimum=0),
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


def _span_control(
    tag_name: str, result_type: str, targets: tuple[str, ...], description: str
) -> type[ControlTagType]:
    """A labelling control bound to one kind of object."""

    class SpanControl(ControlTagType):
        name = tag_name
        option_tag = "Label"
        creates_regions = True
        children = ("Label", *OPTION_CHILDREN)
        attributes = {**LABEL_SET, **REGION_STYLE}
        value_schema = {
            "type": "object",
            "required": [result_type],
            "properties": {result_type: LABEL_LIST, "text": {"type": "string"}},
        }

        def check_value(self, value, context) -> list:
            problems = single_label_problem(value, context, result_type)
            return problems + span_problems_for_target(value, context)

        def similarity(self, first, second) -> float:
            """Span overlap as intersection over union; 0 if labels differ."""
            if not same_labels(first, second, result_type):
                return 0.0
            return region_overlap(first, second)

        def sample_value(self, context) -> Mapping | None:
            span = sample_span(context.target, context.object_value)
            return {**span, result_type: [first_option(context)]}

    SpanControl.result_type = result_type
    SpanControl.targets = targets
    SpanControl.description = description
    SpanControl.__name__ = SpanControl.__qualname__ = tag_name
    return SpanControl


HyperTextLabels = _span_control(
    "HyperTextLabels",
    "hypertextlabels",
    ("HyperText",),
    "Label spans of HTML, stored as XPath ranges with global offsets.",
)
ParagraphLabels = _span_control(
    "ParagraphLabels",
    "paragraphlabels",
    ("Paragraphs",),
    "Label spans across the utterances of a Paragraphs tag.",
)
TimeSeriesLabels = _span_control(
    "TimeSeriesLabels",
    "timeserieslabels",
    ("TimeSeries",),
    "Label ranges (or instants) of a time series.",
)


class TimelineLabels(ControlTagType):
    name = "TimelineLabels"
    description = "Label frame ranges of a video on its timeline."
    result_type = "timelinelabels"
    option_tag = "Label"
    creates_regions = True
    targets = ("Video", "Audio")
    children = ("Label", *OPTION_CHILDREN)
    attributes = {**LABEL_SET}
    value_schema = {
        "type": "object",
        "required": ["ranges", "timelinelabels"],
        "properties": {
            "ranges": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["start", "end"],
                    "properties": {
                        "start": {"type": "number", "minimum": 0},
                        "end": {"type": "number", "minimum": 0},
                        "enabled": {"type": "boolean"},
                    },
                },
            },
            "timelinelabels": {**LABEL_LIST, "minItems": 1},
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        problems = single_label_problem(value, context, "timelinelabels")
        for position, frames in enumerate(value["ranges"]):
            if frames["end"] < frames["start"]:
                problems.append(
                    (
                        f"value.ranges.{position}.end",
                        f"must not be before start (frame {frames['start']:g}); "
                        f"got {frames['end']:g}",
                    )
                )
        return problems

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Overlap of the covered frames; 0 if labels differ."""
        if not same_labels(first, second, "timelinelabels"):
            return 0.0
        one = _frames(first.get("ranges", []))
        other = _frames(second.get("ranges", []))
        if not one and not other:
            return 1.0
        return len(one & other) / len(one | other)

    def sample_value(self, context: ResultContext) -> Mapping | None:
        return {
            "ranges": [{"start": 1, "end": 5}],
            "timelinelabels": [first_option(context)],
        }


def _frames(ranges: list) -> set[int]:
    covered: set[int] = set()
    for frames in ranges:
        covered.update(range(int(frames["start"]), int(frames["end"]) + 1))
    return covered
