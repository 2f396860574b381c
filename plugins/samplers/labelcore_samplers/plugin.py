"""The ``samplers`` plugin: the built-in orderings of the label stream."""

from __future__ import annotations

from labelcore import hookimpl
from labelcore_samplers.active import (
    BlendSampler,
    DisagreementSampler,
    UncertaintySampler,
)
from labelcore_samplers.ordering import RandomSampler, SequentialSampler


@hookimpl
def register_samplers():
    return [
        SequentialSampler(),
        RandomSampler(),
        UncertaintySampler(),
        DisagreementSampler(),
        BlendSampler(),
    ]
