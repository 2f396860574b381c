"""The import pipeline: normalise, validate, and write tasks in large batches.

``ImportRun`` is fed the items an importer reads, keeps the good ones in a
batch and writes each full batch with ``TaskWriter``. The inline import
commits once at the end; the job commits every batch together with its
checkpoint.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from labelcore.contrib.formats import ImportFormatError
from labelcore.imports.items import (
    ImportedTask,
    ItemProblem,
    check_task,
    predictions_from_fields,
    to_task,
)
from labelcore.imports.writer import TaskWriter
from labelcore.models import db

log = logging.getLogger(__name__)

BATCH_SIZE = 20000
KEPT_PROBLEMS = 1000
"""Problems stored and answered in full; past that only their count grows."""


@dataclass
class ImportTotals:
    task_count: int = 0
    annotation_count: int = 0
    prediction_count: int = 0
    problem_count: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    data_columns: set[str] = field(default_factory=set)
    task_ids: list[int] = field(default_factory=list)

    def as_checkpoint(self) -> dict[str, Any]:
        return {
            "task_count": self.task_count,
            "annotation_count": self.annotation_count,
            "prediction_count": self.prediction_count,
            "problem_count": self.problem_count,
            "problems": list(self.problems),
            "data_columns": sorted(self.data_columns),
        }

    @classmethod
    def from_checkpoint(cls, saved: dict[str, Any]) -> ImportTotals:
        return cls(
            task_count=saved.get("task_count", 0),
            annotation_count=saved.get("annotation_count", 0),
            prediction_count=saved.get("prediction_count", 0),
            problem_count=saved.get("problem_count", 0),
            problems=list(saved.get("problems", [])),
            data_columns=set(saved.get("data_columns", [])),
        )


class ImportRun:
    """Validates and writes the items of one import into one project."""

    def __init__(
        self,
        project: Any,
        user: Any,
        parsed_config: Any,
        workflow: Any,
        *,
        import_id: int | None = None,
        want_ids: bool = False,
        totals: ImportTotals | None = None,
        batch_size: int | None = None,
        preannotated_from_fields: Sequence[str] = (),
    ):
        self.parsed_config = parsed_config
        self.preannotated_from_fields = tuple(preannotated_from_fields)
        self.want_ids = want_ids or import_id is not None
        self.keep_ids = want_ids
        self.batch_size = batch_size or BATCH_SIZE
        self.totals = totals or ImportTotals()
        self.pending: list[ImportedTask] = []
        self.writer = TaskWriter(
            db.session,
            project,
            workflow=workflow,
            user_id=getattr(user, "id", None),
            import_id=import_id,
        )

    def add(self, index: int, location: str, item: Any) -> bool:
        """Take one item; True when a full batch waits to be written."""
        if isinstance(item, ImportFormatError):
            self._problem(ItemProblem(index, location, "file", item.message))
            return False

        task = to_task(index, location, item)
        if isinstance(task, ImportedTask) and self.preannotated_from_fields:
            task = (
                predictions_from_fields(task, location, self.preannotated_from_fields)
                or task
            )
        if isinstance(task, ImportedTask):
            problem = check_task(task, location, self.parsed_config)
            if problem is None:
                self.pending.append(task)
                self.totals.data_columns.update(task.data)
                return len(self.pending) >= self.batch_size
            task = problem
        self._problem(task)
        return False

    def _problem(self, problem: ItemProblem) -> None:
        self.totals.problem_count += 1
        if len(self.totals.problems) < KEPT_PROBLEMS:
            self.totals.problems.append(problem.as_dict())

    def write_pending(self) -> None:
        """Write the waiting batch in the current transaction."""
        if not self.pending:
            return
        result = self.writer.write(self.pending, self.want_ids)
        self.pending = []
        self.totals.task_count += result.task_count
        self.totals.annotation_count += result.annotation_count
        self.totals.prediction_count += result.prediction_count
        if self.keep_ids:
            self.totals.task_ids.extend(result.task_ids)
