"""Sequential and uniform random orderings of the label stream's candidates."""

from __future__ import annotations

import random
from typing import Any

from labelcore import Sampler, SamplingContext


class SequentialSampler(Sampler):
    name = "sequential"
    title = "Sequential"
    description = "Tasks in the order they were imported."
    aliases = ("Sequential sampling",)

    def order(self, candidates: Any, context: SamplingContext) -> Any:
        return candidates.order_by(context.task.inner_id)


class RandomSampler(Sampler):
    name = "random"
    title = "Uniform random"
    description = "Tasks in random order, each annotator on their own path."
    aliases = ("Uniform sampling",)

    def __init__(self, random_source: random.Random | None = None):
        self.random_source = random_source or random.SystemRandom()

    def order(self, candidates: Any, context: SamplingContext) -> list[Any]:
        # Each task carries a random key in [0, 1); starting at a fresh random
        # point and wrapping around reads one index range instead of sorting
        # the whole project by random().
        start = self.random_source.random()
        key = context.task.random_key
        return [
            candidates.where(key >= start).order_by(key, context.task.id),
            candidates.where(key < start).order_by(key, context.task.id),
        ]
