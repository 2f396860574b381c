"""The label stream: which task an annotator gets next."""

from labelcore.sampling.stream import NextTask, next_task_for

__all__ = ["NextTask", "next_task_for"]
