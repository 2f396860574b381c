"""The ``samplers`` plugin: registers the sequential and the random sampler."""

from __future__ import annotations

from labelcore import hookimpl
from labelcore_samplers.ordering import RandomSampler, SequentialSampler


@hookimpl
def register_samplers():
    return [SequentialSampler(), RandomSampler()]
