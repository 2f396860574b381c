"""Boxes that move through a video: ``VideoRectangle`` keyframes.

A value holds ``sequence``, the keyframes of one tracked object: each a box
in percent of the frame at a ``frame`` number (counted from 1) and a
``time`` in seconds; ``enabled: false`` ends the track until the next
keyframe. Labels come from a ``Labels`` control on the same video.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import ControlTagType, ResultContext
from labelcore_templates.tags.common import (
    CONTROL_BASE,
    LABEL_LIST,
    PERCENT,
    REGION_STYLE,
)
from labelcore_templates.tags.geometry import box_iou
from labelcore_templates.tags.rectangles import box_problems

KEYFRAME = {
    "type": "object",
    "required": ["frame", "x", "y", "width", "height"],
    "properties": {
        "frame": {"type": "integer", "minimum": 0},
        "time": {"type": "number", "minimum": 0},
        "enabled": {"type": "boolean"},
        "x": PERCENT,
        "y": PERCENT,
        "width": PERCENT,
        "height": PERCENT,
        "rotation": {"type": "number"},
    },
}


class VideoRectangle(ControlTagType):
    name = "VideoRectangle"
    description = "Track objects through a video with keyframed boxes."
    result_type = "videorectangle"
    creates_regions = True
    targets = ("Video",)
    children = ()
    attributes = {**CONTROL_BASE, **REGION_STYLE}
    value_schema = {
        "type": "object",
        "required": ["sequence"],
        "properties": {
            "sequence": {"type": "array", "minItems": 1, "items": KEYFRAME},
            "framesCount": {"type": "integer", "minimum": 0},
            "duration": {"type": "number", "minimum": 0},
            "labels": LABEL_LIST,
        },
    }

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        problems = []
        previous = None
        frames_count = value.get("framesCount")
        for position, keyframe in enumerate(value["sequence"]):
            where = f"value.sequence.{position}"
            for field, message in box_problems(keyframe):
                problems.append((f"{where}.{field.split('.')[-1]}", message))
            frame = keyframe["frame"]
            if previous is not None and frame <= previous:
                problems.append(
                    (
                        f"{where}.frame",
                        f"keyframes must be in frame order; frame {frame} comes "
                        f"after frame {previous}",
                    )
                )
            if frames_count and frame > frames_count:
                problems.append(
                    (
                        f"{where}.frame",
                        f"is {frame}, past the video's {frames_count} frames",
                    )
                )
            previous = frame
        problems.extend(_label_problems(value, context))
        return problems

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """Mean box IoU over the keyframes both tracks have; 0 if labels differ."""
        if set(first.get("labels") or []) != set(second.get("labels") or []):
            return 0.0
        one = {k["frame"]: k for k in first.get("sequence", [])}
        other = {k["frame"]: k for k in second.get("sequence", [])}
        frames = set(one) | set(other)
        if not frames:
            return 1.0
        shared = set(one) & set(other)
        return sum(box_iou(one[f], other[f]) for f in shared) / len(frames)

    def sample_value(self, context: ResultContext) -> Mapping | None:
        value = {
            "framesCount": 20,
            "duration": 2.0,
            "sequence": [
                {
                    "frame": 1,
                    "time": 0.0,
                    "enabled": True,
                    "x": 5.0,
                    "y": 35.0,
                    "width": 20.0,
                    "height": 30.0,
                    "rotation": 0,
                },
                {
                    "frame": 20,
                    "time": 1.9,
                    "enabled": False,
                    "x": 75.0,
                    "y": 35.0,
                    "width": 20.0,
                    "height": 30.0,
                    "rotation": 0,
                },
            ],
        }
        labels = _video_labels(context)
        if labels:
            value["labels"] = [labels[0]]
        return value


def _video_labels(context: ResultContext) -> list[str]:
    config = context.config
    if config is None:
        return []
    found = []
    for control in config.controls.values():
        if control.tag == "Labels" and set(control.to_name) & set(
            context.control.to_name
        ):
            found.extend(o.alias or o.value for o in control.options)
    return found


def _label_problems(value: Mapping[str, Any], context: ResultContext) -> list:
    labels = value.get("labels")
    if not labels or context.config is None:
        return []
    config = context.config
    sources = [
        c
        for c in config.controls.values()
        if c.tag == "Labels" and set(c.to_name) & set(context.control.to_name)
    ]
    if not sources or any(c.dynamic_options_key is not None for c in sources):
        return []
    allowed = set().union(*(c.allowed_values for c in sources))
    return [
        (
            "value.labels",
            f"label {label!r} is not in the Labels of this video; expected one of "
            f"{', '.join(map(repr, sorted(allowed)))}",
        )
        for label in labels
        if label not in allowed
    ]
