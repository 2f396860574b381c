"""The label stream: which task an annotator gets next, and the stored keys
that samplers order by."""

from labelcore.sampling import tracking
from labelcore.sampling.keys import (
    label_distribution,
    prediction_keys,
    refresh_keys,
    refresh_project_keys,
)
from labelcore.sampling.policy import (
    SKIP_QUEUES,
    StreamPolicy,
    StreamSettingsInvalid,
    check_stream_settings,
    task_overlap,
)
from labelcore.sampling.stream import NextTask, next_task_for

tracking.install()

__all__ = [
    "SKIP_QUEUES",
    "NextTask",
    "StreamPolicy",
    "StreamSettingsInvalid",
    "check_stream_settings",
    "label_distribution",
    "next_task_for",
    "prediction_keys",
    "refresh_keys",
    "refresh_project_keys",
    "task_overlap",
]
