"""Which tasks and annotations an export holds, in Label Studio's terms.

The quick export (``GET .../export``) knows ``download_all_tasks`` and
``ids``; a snapshot (``POST .../exports/``) adds ``task_filter_options``
(``annotated``, ``finished``, ``skipped``: ``"only"`` or ``"exclude"``;
``only_with_annotations``; ``view``, a data-manager tab),
``annotation_filter_options`` (``usual``, ``ground_truth``, ``skipped``:
which annotations to keep) and ``serialization_options`` (``predictions``:
``{"only_id": true}`` for ids only, ``false`` for none). Task filters read
the counters every task carries, so they cost no join.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from labelcore.models import Annotation, Task

MODES = ("only", "exclude")


class ExportOptionError(ValueError):
    """An export option that cannot be applied; ``field`` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ExportFilters:
    with_annotations_only: bool = True
    annotated: str | None = None
    finished: str | None = None
    skipped: str | None = None
    view_condition: Any = None
    keep_usual: bool = True
    keep_ground_truth: bool = True
    keep_skipped: bool = True
    predictions: bool = True
    prediction_ids_only: bool = False

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> ExportFilters:
        tasks = options.get("task_filter_options") or {}
        annotations = options.get("annotation_filter_options") or {}
        serialization = options.get("serialization_options") or {}
        for name in ("annotated", "finished", "skipped"):
            mode = tasks.get(name)
            if mode is not None and mode not in MODES:
                raise ExportOptionError(
                    f"task_filter_options.{name}",
                    f"must be 'only', 'exclude' or null, got {mode!r}.",
                )

        only_annotated = not options.get("download_all_tasks", False)
        if "task_filter_options" in options:
            # A snapshot keeps every task unless its filters say otherwise.
            only_annotated = bool(tasks.get("only_with_annotations"))
        predictions = serialization.get("predictions", {"only_id": False})
        return cls(
            with_annotations_only=only_annotated,
            annotated=tasks.get("annotated"),
            finished=tasks.get("finished"),
            skipped=tasks.get("skipped"),
            view_condition=options.get("view_condition"),
            keep_usual=annotations.get("usual", True) is not False,
            keep_ground_truth=annotations.get("ground_truth", True) is not False,
            keep_skipped=annotations.get("skipped", True) is not False,
            predictions=predictions not in (False, None),
            prediction_ids_only=isinstance(predictions, Mapping)
            and bool(predictions.get("only_id")),
        )

    def narrow_tasks(self, query: sa.Select) -> sa.Select:
        if self.with_annotations_only:
            query = query.where(
                sa.or_(Task.total_annotations > 0, Task.cancelled_annotations > 0)
            )
        for mode, condition in (
            (self.annotated, Task.total_annotations > 0),
            (self.finished, Task.is_labeled.is_(True)),
            (self.skipped, Task.cancelled_annotations > 0),
        ):
            if mode == "only":
                query = query.where(condition)
            elif mode == "exclude":
                query = query.where(sa.not_(condition))
        if self.view_condition is not None:
            query = query.where(self.view_condition)
        return query

    def narrow_annotations(self, query: sa.Select) -> sa.Select:
        if self.keep_usual and self.keep_ground_truth and self.keep_skipped:
            return query
        kept = []
        if self.keep_usual:
            kept.append(
                sa.and_(
                    Annotation.was_cancelled.is_(False),
                    Annotation.ground_truth.is_(False),
                )
            )
        if self.keep_ground_truth:
            kept.append(Annotation.ground_truth.is_(True))
        if self.keep_skipped:
            kept.append(Annotation.was_cancelled.is_(True))
        return query.where(sa.or_(*kept) if kept else sa.false())
