"""A project's label-stream rules read from its settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from labelcore.sampling import (
    StreamPolicy,
    StreamSettingsInvalid,
    check_stream_settings,
    task_overlap,
)


@dataclass
class _Project:
    maximum_annotations: int = 1
    settings: dict = field(default_factory=dict)


@dataclass
class _Task:
    random_key: float


def test_defaults_are_label_studio_s():
    policy = StreamPolicy.of(_Project(), 3600)

    assert policy.skip_queue == "requeue_for_others"
    assert policy.cohort_percentage == 100
    assert policy.lock_ttl == timedelta(hours=1)
    assert policy.finish_partial_first is True


@pytest.mark.parametrize(
    "given", ["REQUEUE_FOR_ME", "requeue_for_me", " Requeue_For_Me "]
)
def test_skip_queue_takes_label_studio_s_names_in_any_case(given):
    policy = StreamPolicy.of(_Project(settings={"skip_queue": given}), 60)

    assert policy.skip_queue == "requeue_for_me"


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"skip_queue": "LATER"}, "'skip_queue'"),
        ({"skip_queue": 3}, "'skip_queue'"),
        ({"overlap_cohort_percentage": -1}, "'overlap_cohort_percentage'"),
        ({"overlap_cohort_percentage": True}, "'overlap_cohort_percentage'"),
        ({"lock_ttl_seconds": 10**9}, "'lock_ttl_seconds'"),
        ({"finish_partial_first": "yes"}, "'finish_partial_first'"),
    ],
)
def test_a_setting_out_of_range_is_refused_by_name(settings, named):
    with pytest.raises(StreamSettingsInvalid, match=named):
        StreamPolicy.of(_Project(settings=settings), 60)
    with pytest.raises(StreamSettingsInvalid, match=named):
        check_stream_settings(settings)


def test_check_normalises_what_it_is_given_only():
    assert check_stream_settings({"skip_queue": "IGNORE_SKIPPED", "other": 1}) == {
        "skip_queue": "ignore_skipped"
    }


def test_the_cohort_is_the_share_of_tasks_below_its_random_key_bound():
    project = _Project(
        maximum_annotations=3, settings={"overlap_cohort_percentage": 25}
    )
    policy = StreamPolicy.of(project, 60)

    assert policy.overlap_for(_Task(0.1)) == 3
    assert policy.overlap_for(_Task(0.25)) == 1
    assert task_overlap(_Task(0.1), project) == 3
    assert task_overlap(_Task(0.9), project) == 1


def test_a_full_cohort_or_an_overlap_of_one_needs_no_expression():
    assert not StreamPolicy.of(_Project(maximum_annotations=3), 60).has_cohort
    one = _Project(maximum_annotations=1, settings={"overlap_cohort_percentage": 10})
    assert not StreamPolicy.of(one, 60).has_cohort


def test_task_overlap_ignores_a_malformed_cohort():
    project = _Project(
        maximum_annotations=2, settings={"overlap_cohort_percentage": "x"}
    )

    assert task_overlap(_Task(0.99), project) == 2
