"""The active-learning samplers order real queries by the stored keys."""

import random

import pytest
import sqlalchemy as sa
from labelcore_samplers import plugin as samplers_plugin
from labelcore_samplers.active import (
    BlendSampler,
    DisagreementSampler,
    UncertaintySampler,
)

from labelcore import SamplingContext
from labelcore.contrib.samplers import SamplerParametersInvalid
from labelcore.models import Task
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings

# inner id: (prediction_score, margin, entropy, disagreement, random_key)
KEYS = {
    1: (0.9, 0.80, 0.30, None, 0.10),
    2: (0.5, 0.05, 0.99, 0.0, 0.20),
    3: (0.6, 0.30, 0.90, 0.8, 0.30),
    4: (None, None, None, 0.4, 0.40),
    5: (0.7, 0.50, 0.70, None, 0.50),
    6: (None, None, None, None, 0.60),
}


@pytest.fixture
def tasks(database, project):
    rows = [
        Task(
            project_id=project.id,
            inner_id=inner_id,
            data={"n": inner_id},
            state="unlabeled",
            prediction_score=score,
            prediction_margin=margin,
            prediction_entropy=entropy,
            disagreement=disagreement,
            random_key=key,
        )
        for inner_id, (score, margin, entropy, disagreement, key) in KEYS.items()
    ]
    database.add_all(rows)
    database.flush()
    return rows


def order_of(database, project, sampler, **parameters):
    context = SamplingContext(
        project=project,
        user=None,
        task=Task,
        parameters=sampler.check_parameters(parameters),
    )
    candidates = sa.select(Task).where(Task.project_id == project.id)
    seen = []
    for query in sampler.order(candidates, context):
        for task in database.scalars(query):
            if task.inner_id not in seen:
                seen.append(task.inner_id)
    return seen


@pytest.mark.parametrize(
    ("strategy", "expected"),
    [
        ("least_confident", [2, 3, 5, 1, 4, 6]),
        ("margin", [2, 3, 5, 1, 4, 6]),
        ("entropy", [2, 3, 5, 1, 4, 6]),
    ],
)
def test_uncertainty_puts_the_least_certain_first_then_the_unpredicted(
    database, project, tasks, strategy, expected
):
    assert order_of(database, project, UncertaintySampler(), strategy=strategy) == (
        expected
    )


def test_the_strategies_differ_where_the_keys_do(database, project, tasks):
    task_three = next(task for task in tasks if task.inner_id == 3)
    task_three.prediction_margin = 0.01
    task_three.prediction_entropy = 0.1
    database.flush()

    by_margin = order_of(database, project, UncertaintySampler(), strategy="margin")
    by_entropy = order_of(database, project, UncertaintySampler(), strategy="entropy")

    assert by_margin[:2] == [3, 2]
    assert by_entropy[:4] == [2, 5, 1, 3]


def test_uncertainty_is_the_default_strategy_least_confident(database, project, tasks):
    assert order_of(database, project, UncertaintySampler())[:2] == [2, 3]


def test_disagreement_puts_the_most_disputed_first(database, project, tasks):
    assert order_of(database, project, DisagreementSampler()) == [3, 4, 2, 1, 5, 6]
    assert order_of(database, project, DisagreementSampler(), minimum=0.5) == [
        3,
        1,
        2,
        4,
        5,
        6,
    ]


def test_blend_weighs_its_signals(database, project, tasks):
    sampler = BlendSampler(random.Random(3))

    only_uncertainty = order_of(
        database, project, sampler, uncertainty=1, disagreement=0, random=0
    )
    only_disagreement = order_of(
        database, project, sampler, uncertainty=0, disagreement=1, random=0
    )
    mixed = order_of(database, project, sampler, uncertainty=1, disagreement=1)

    assert only_uncertainty[0] == 2
    assert only_disagreement[0] == 3
    # Task 3: 0.4 + 0.8 beats task 2: 0.5 + 0.0.
    assert mixed[0] == 3
    assert sorted(mixed) == sorted(KEYS)


def test_blend_ranks_only_its_pool_first(database, project, tasks):
    sampler = BlendSampler(random.Random(5))

    first_query = sampler.order(
        sa.select(Task).where(Task.project_id == project.id),
        SamplingContext(
            project=project,
            user=None,
            task=Task,
            parameters=sampler.check_parameters({"pool": 1, "random": 0}),
        ),
    )[0]

    pooled = [task.inner_id for task in database.scalars(first_query)]
    assert len(pooled) <= 4
    assert {2, 3} <= set(pooled)


@pytest.mark.parametrize(
    ("sampler", "parameters", "named"),
    [
        (UncertaintySampler(), {"strategy": "vibes"}, "strategy"),
        (UncertaintySampler(), {"stride": 2}, "stride"),
        (DisagreementSampler(), {"minimum": 2}, "minimum"),
        (BlendSampler(), {"pool": 0}, "pool"),
    ],
)
def test_parameters_outside_the_schema_are_refused_by_name(sampler, parameters, named):
    with pytest.raises(SamplerParametersInvalid, match=named) as refused:
        sampler.check_parameters(parameters)

    assert sampler.name in str(refused.value)


def test_the_plugin_registers_every_sampler_with_label_studio_aliases():
    plugin_set = build_plugin_set(
        Settings(disable_plugin_autoload=True), extra_plugins=[samplers_plugin]
    )

    assert {"sequential", "random", "uncertainty", "disagreement", "blend"} <= set(
        plugin_set.samplers
    )
    assert plugin_set.samplers["Uncertainty sampling"].name == "uncertainty"
