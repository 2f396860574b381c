"""A project's label-stream rules: overlap, its cohort, locks and skips.

They live in the project's ``settings`` under Label Studio's names
(``skip_queue``, ``overlap_cohort_percentage``) next to LabelCore's own
(``lock_ttl_seconds``, ``finish_partial_first``); ``maximum_annotations`` is
the project's own column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

REQUEUE_FOR_OTHERS = "requeue_for_others"
REQUEUE_FOR_ME = "requeue_for_me"
IGNORE_SKIPPED = "ignore_skipped"
SKIP_QUEUES = (REQUEUE_FOR_OTHERS, REQUEUE_FOR_ME, IGNORE_SKIPPED)
"""What happens to a skipped task: it goes to the other annotators only,
it comes back to the annotator who skipped it once the rest is done (and
goes to others too), or nobody sees it again."""

MAX_LOCK_TTL_SECONDS = 7 * 24 * 3600
STREAM_SETTINGS = (
    "skip_queue",
    "overlap_cohort_percentage",
    "lock_ttl_seconds",
    "finish_partial_first",
)


class StreamSettingsInvalid(ValueError):
    """A project's label-stream setting has a value the stream cannot use."""


def _skip_queue(raw: Any) -> str:
    if raw is None:
        return REQUEUE_FOR_OTHERS
    name = raw.strip().lower() if isinstance(raw, str) else raw
    if name not in SKIP_QUEUES:
        choices = ", ".join(SKIP_QUEUES + tuple(value.upper() for value in SKIP_QUEUES))
        raise StreamSettingsInvalid(
            f"The project setting 'skip_queue' must be one of {choices}, got {raw!r}."
        )
    return name


def _whole_number(name: str, raw: Any, low: int, high: int, default: int) -> int:
    if raw is None:
        return default
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise StreamSettingsInvalid(
            f"The project setting {name!r} must be a whole number from {low} to "
            f"{high}, got {raw!r}."
        )
    return raw


def _flag(name: str, raw: Any, default: bool) -> bool:
    if raw is None:
        return default
    if not isinstance(raw, bool):
        raise StreamSettingsInvalid(
            f"The project setting {name!r} must be true or false, got {raw!r}."
        )
    return raw


@dataclass(frozen=True)
class StreamPolicy:
    overlap: int
    """How many distinct annotators a task of the cohort needs."""
    cohort_percentage: int
    """The share of tasks (by their random key) that need ``overlap``; the
    others need one annotator."""
    skip_queue: str
    lock_ttl: timedelta
    finish_partial_first: bool
    """Whether tasks others started are handed out before fresh ones."""

    @classmethod
    def of(cls, project: Any, default_lock_ttl_seconds: int) -> StreamPolicy:
        settings = project.settings or {}
        overlap = max(int(project.maximum_annotations or 1), 1)
        return cls(
            overlap=overlap,
            cohort_percentage=_whole_number(
                "overlap_cohort_percentage",
                settings.get("overlap_cohort_percentage"),
                0,
                100,
                100,
            ),
            skip_queue=_skip_queue(settings.get("skip_queue")),
            lock_ttl=timedelta(
                seconds=_whole_number(
                    "lock_ttl_seconds",
                    settings.get("lock_ttl_seconds"),
                    1,
                    MAX_LOCK_TTL_SECONDS,
                    default_lock_ttl_seconds,
                )
            ),
            finish_partial_first=_flag(
                "finish_partial_first", settings.get("finish_partial_first"), True
            ),
        )

    @property
    def has_cohort(self) -> bool:
        return self.overlap > 1 and self.cohort_percentage < 100

    @property
    def cohort_bound(self) -> float:
        return self.cohort_percentage / 100

    def overlap_of(self, task_model: Any) -> Any:
        """The overlap each task needs, as a SQL expression over its row."""
        if not self.has_cohort:
            return sa.literal(self.overlap)
        return sa.case(
            (task_model.random_key < self.cohort_bound, self.overlap), else_=1
        )

    def overlap_for(self, task: Any) -> int:
        """The overlap one loaded task needs (the same rule in Python)."""
        if self.has_cohort and task.random_key >= self.cohort_bound:
            return 1
        return self.overlap


def check_stream_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The label-stream settings among ``settings``, checked and normalised.

    Raises ``StreamSettingsInvalid`` naming the setting and what it expects.
    """
    checked: dict[str, Any] = {}
    if "skip_queue" in settings:
        checked["skip_queue"] = _skip_queue(settings["skip_queue"])
    if "overlap_cohort_percentage" in settings:
        checked["overlap_cohort_percentage"] = _whole_number(
            "overlap_cohort_percentage",
            settings["overlap_cohort_percentage"],
            0,
            100,
            100,
        )
    if "lock_ttl_seconds" in settings:
        checked["lock_ttl_seconds"] = _whole_number(
            "lock_ttl_seconds", settings["lock_ttl_seconds"], 1, MAX_LOCK_TTL_SECONDS, 1
        )
    if "finish_partial_first" in settings:
        checked["finish_partial_first"] = _flag(
            "finish_partial_first", settings["finish_partial_first"], True
        )
    return checked


def task_overlap(task: Any, project: Any) -> int:
    """How many submitted annotations ``task`` needs to be labeled.

    The annotation code and the workflow guards should read this rather
    than ``project.maximum_annotations`` once a project sets a cohort. A
    malformed setting counts as no cohort here: saving an annotation must
    not fail on it.
    """
    try:
        return StreamPolicy.of(project, MAX_LOCK_TTL_SECONDS).overlap_for(task)
    except StreamSettingsInvalid:
        return max(int(project.maximum_annotations or 1), 1)
