"""Active learning: uncertainty over predictions, disagreement, and a blend.

Each orders by a key the core stores on the task and indexes
(``prediction_score``, ``prediction_margin``, ``prediction_entropy``,
``disagreement``), so a request reads one index range. Tasks without the
key come after, in import order.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from labelcore import Sampler, SamplingContext

STRATEGIES = ("least_confident", "margin", "entropy")


def _strategy_key(task: Any, strategy: str) -> tuple[Any, bool]:
    """The column a strategy orders by, and whether the most uncertain task
    has its largest value."""
    if strategy == "margin":
        return task.prediction_margin, False
    if strategy == "entropy":
        return task.prediction_entropy, True
    return task.prediction_score, False


def _keyed_then_rest(candidates, task, column, largest_first: bool) -> list:
    if largest_first:
        ordered = (column.desc(), task.id.desc())
    else:
        ordered = (column.asc(), task.id.asc())
    return [
        candidates.where(column.is_not(None)).order_by(*ordered),
        candidates.where(column.is_(None)).order_by(task.inner_id),
    ]


class UncertaintySampler(Sampler):
    name = "uncertainty"
    title = "Uncertainty"
    description = (
        "Tasks the model is least sure about first, by the predictions of the "
        "project's model version: least confident (lowest top score), smallest "
        "margin between the two best labels, or highest entropy. Tasks without "
        "a prediction come last, in import order."
    )
    aliases = ("Uncertainty sampling",)
    parameters = {
        "strategy": {
            "enum": list(STRATEGIES),
            "default": "least_confident",
            "description": "least_confident, margin or entropy",
        }
    }
    keys = ("prediction_score", "prediction_margin", "prediction_entropy")

    def order(self, candidates: Any, context: SamplingContext) -> list:
        task = context.task
        column, largest_first = _strategy_key(task, context.parameters["strategy"])
        return _keyed_then_rest(candidates, task, column, largest_first)


class DisagreementSampler(Sampler):
    name = "disagreement"
    title = "Disagreement"
    description = (
        "Tasks whose annotations, or annotation and prediction, disagree most "
        "first (with an overlap above one, they get their next annotator "
        "soonest); tasks with nothing to compare come after, in import order."
    )
    parameters = {
        "minimum": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "default": 0,
            "description": "Disagreement below this counts as none.",
        }
    }
    keys = ("disagreement",)

    def order(self, candidates: Any, context: SamplingContext) -> list:
        task = context.task
        minimum = context.parameters["minimum"]
        disputed = candidates.where(
            task.disagreement.is_not(None), task.disagreement >= minimum
        ).order_by(task.disagreement.desc(), task.id.desc())
        rest = candidates.where(
            sa.or_(task.disagreement.is_(None), task.disagreement < minimum)
        ).order_by(task.inner_id)
        return [disputed, rest]


def _uncertainty(task: Any, strategy: str) -> Any:
    """A 0-1 uncertainty for the blend; tasks without a prediction score 0."""
    if strategy == "margin":
        value = 1 - task.prediction_margin
    elif strategy == "entropy":
        value = sa.case(
            (task.prediction_entropy > 1, 1.0), else_=task.prediction_entropy
        )
    else:
        value = 1 - task.prediction_score
    return sa.func.coalesce(value, 0.0)


class BlendSampler(Sampler):
    name = "blend"
    title = "Weighted blend"
    description = (
        "A weighted sum of uncertainty, disagreement and a random draw. To stay "
        "fast on large projects it ranks a pool: the best `pool` candidates by "
        "each signal (read from their indexes) and `pool` random ones, so the "
        "pick is the blend's best among those, not among every task."
    )
    parameters = {
        "strategy": {"enum": list(STRATEGIES), "default": "least_confident"},
        "uncertainty": {"type": "number", "minimum": 0, "default": 1.0},
        "disagreement": {"type": "number", "minimum": 0, "default": 1.0},
        "random": {"type": "number", "minimum": 0, "default": 0.1},
        "pool": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 64},
    }
    keys = (
        "prediction_score",
        "prediction_margin",
        "prediction_entropy",
        "disagreement",
    )

    def __init__(self, random_source=None):
        import random

        self.random_source = random_source or random.SystemRandom()

    def _pool(self, candidates: Any, context: SamplingContext) -> Any:
        task = context.task
        parameters = context.parameters
        size = parameters["pool"]
        column, largest_first = _strategy_key(task, parameters["strategy"])
        start = self.random_source.random()
        firsts = [
            (
                column.is_not(None),
                (column.desc(), task.id.desc())
                if largest_first
                else (column.asc(), task.id.asc()),
            ),
            (
                task.disagreement.is_not(None),
                (task.disagreement.desc(), task.id.desc()),
            ),
            (task.random_key >= start, (task.random_key, task.id)),
            (task.random_key < start, (task.random_key, task.id)),
        ]
        parts = [
            sa.select(
                candidates.with_only_columns(task.id)
                .where(condition)
                .order_by(*ordering)
                .limit(size)
                .subquery()
            )
            for condition, ordering in firsts
        ]
        return sa.union_all(*parts)

    def order(self, candidates: Any, context: SamplingContext) -> list:
        task = context.task
        parameters = context.parameters
        blend = (
            parameters["uncertainty"] * _uncertainty(task, parameters["strategy"])
            + parameters["disagreement"] * sa.func.coalesce(task.disagreement, 0.0)
            + parameters["random"] * task.random_key
        )
        # Every pooled id is a candidate already, so the outer query names the
        # pool alone: with the candidates' conditions again, SQLite would walk
        # the project's tasks and test each against the pool.
        pooled = sa.select(task).where(task.id.in_(self._pool(candidates, context)))
        return [
            pooled.order_by(blend.desc(), task.id),
            candidates.order_by(task.inner_id),
        ]
