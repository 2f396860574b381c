"""Exports: a project's tasks in Label Studio's JSON export shape, streamed
or frozen into a snapshot by a job.

``stream_tasks(project, options)`` yields task dicts page by page;
``stream_export(project, exporter, options)`` yields an exporter's bytes;
importing this package registers the ``export`` and ``export_convert`` job
kinds.
"""

from labelcore.exports import snapshot as _snapshot  # noqa: F401
from labelcore.exports.stream import (
    annotation_export,
    prediction_export,
    stream_export,
    stream_tasks,
)

__all__ = ["annotation_export", "prediction_export", "stream_export", "stream_tasks"]
