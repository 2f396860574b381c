"""The samplers order real queries: by inner id, or from a random key around."""

import random

import pytest
import sqlalchemy as sa
from labelcore_samplers import plugin as samplers_plugin
from labelcore_samplers.ordering import RandomSampler, SequentialSampler

from labelcore import SamplingContext
from labelcore.models import Task
from labelcore.plugins import build_plugin_set
from labelcore.settings import Settings

KEYS = [0.9, 0.1, 0.5, 0.7, 0.3]


@pytest.fixture
def tasks(database, project):
    rows = [
        Task(
            project_id=project.id,
            inner_id=inner_id,
            data={"n": inner_id},
            state="unlabeled",
            random_key=key,
        )
        for inner_id, key in zip([5, 3, 1, 4, 2], KEYS, strict=True)
    ]
    database.add_all(rows)
    database.flush()
    return rows


def context_for(project):
    return SamplingContext(project=project, user=None, task=Task)


def candidates(project):
    return sa.select(Task).where(Task.project_id == project.id)


def run(database, queries):
    return [task for query in queries for task in database.scalars(query)]


def test_sequential_orders_by_inner_id(database, project, tasks):
    query = SequentialSampler().order(candidates(project), context_for(project))

    assert [task.inner_id for task in database.scalars(query)] == [1, 2, 3, 4, 5]


def test_random_starts_at_a_random_key_and_wraps_around(database, project, tasks):
    class FixedStart(random.Random):
        def random(self):
            return 0.6

    sampler = RandomSampler(FixedStart())

    queries = sampler.order(candidates(project), context_for(project))

    assert [task.random_key for task in run(database, queries)] == [
        0.7,
        0.9,
        0.1,
        0.3,
        0.5,
    ]


def test_random_visits_every_task_once_from_any_start(database, project, tasks):
    sampler = RandomSampler(random.Random(7))

    for _ in range(20):
        found = run(database, sampler.order(candidates(project), context_for(project)))
        assert sorted(task.inner_id for task in found) == [1, 2, 3, 4, 5]


def test_random_first_pick_is_spread_over_the_tasks(database, project, tasks):
    sampler = RandomSampler(random.Random(11))

    firsts = {
        database.scalars(
            sampler.order(candidates(project), context_for(project))[0].limit(1)
        ).first()
        for _ in range(200)
    }

    assert len(firsts - {None}) == len(KEYS)


def test_plugin_registers_both_under_their_label_studio_names_too():
    plugin_set = build_plugin_set(
        Settings(disable_plugin_autoload=True), extra_plugins=[samplers_plugin]
    )

    assert isinstance(plugin_set.samplers["Sequential sampling"], SequentialSampler)
    assert isinstance(plugin_set.samplers["Uniform sampling"], RandomSampler)
    assert plugin_set.samplers["random"] is plugin_set.samplers["Uniform sampling"]
