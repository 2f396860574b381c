"""Exports: a project's tasks streamed in Label Studio's JSON export shape.

``stream_tasks(project, options)`` yields task dicts page by page;
``stream_export(project, exporter, options)`` yields an exporter's bytes.
"""

from labelcore.exports.stream import (
    annotation_export,
    prediction_export,
    stream_export,
    stream_tasks,
)

__all__ = ["annotation_export", "prediction_export", "stream_export", "stream_tasks"]
