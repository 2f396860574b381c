"""The import pipeline: normalise, validate, and write tasks in large batches.

``ImportRun`` is fed the items an importer reads, keeps the good ones in a
batch and writes each full batch with ``TaskWriter``. The inline import
commits once at the end; the job hands every batch to a
``BackgroundWriter``, which commits it together with its checkpoint.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from labelcore.contrib.formats import ImportFormatError
from labelcore.imports.background import BackgroundWriter
from labelcore.imports.items import (
    ImportedTask,
    ItemProblem,
    check_task,
    predictions_from_fields,
    to_task,
)
from labelcore.imports.writer import BatchResult, TaskWriter
from labelcore.jobs.memory import release_free_memory
from labelcore.models import db

log = logging.getLogger(__name__)

BATCH_SIZE = 20000
CHILDREN_PER_BATCH = 5000
"""Annotations and predictions per batch: a task that brings them weighs
several times a bare one, and two batches are in memory at once."""
TRIM_TASKS = 20000
"""Tasks written between two returns of freed memory to the system: each
costs a walk of the allocator's heap."""
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
    """Validates and writes the items of one import into one project.

    ``add`` takes items one by one; when it says a batch is full, either
    ``write_pending`` writes it in the session's transaction (the caller
    commits), or ``send_pending`` hands it to a ``BackgroundWriter`` that
    commits it on its own connection while the next batch is read.
    """

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
        keep_annotators: bool = False,
    ):
        self.parsed_config = parsed_config
        self.task_data_ok = parsed_config.task_data_ok
        self.preannotated_from_fields = tuple(preannotated_from_fields)
        self.want_ids = want_ids
        self.batch_size = batch_size or BATCH_SIZE
        self.totals = totals or ImportTotals()
        self.pending: list[ImportedTask] = []
        self.pending_children = 0
        self.tasks_since_trim = 0
        self.writer = TaskWriter(
            db.session,
            project,
            workflow=workflow,
            user_id=getattr(user, "id", None),
            import_id=import_id,
            keep_annotators=keep_annotators,
            parsed_config=parsed_config,
        )

    def add(self, index: int, location: str | None, item: Any) -> bool:
        """Take one item; True when a full batch waits to be written.

        ``location`` names the item for people (``"line 12"``); None means
        ``"item <index>"``, made only if the item has a problem.
        """
        if type(item) is not dict:
            if isinstance(item, ImportFormatError):
                self._problem(ItemProblem(index, location, "file", item.message))
                return False
            if not isinstance(item, dict):
                self._problem(_not_an_object(index, location, item))
                return False

        # The common case, bare data, is checked without building a problem.
        if (
            type(item.get("data")) is not dict
            and not self.preannotated_from_fields
            and self.task_data_ok(item)
        ):
            self.pending.append(ImportedTask(index, item))
            return len(self.pending) >= self.batch_size

        task = to_task(index, location, item)
        if type(task) is ImportedTask and self.preannotated_from_fields:
            task = (
                predictions_from_fields(task, location, self.preannotated_from_fields)
                or task
            )
        if type(task) is ImportedTask:
            problem = check_task(task, location, self.parsed_config)
            if problem is None:
                self.pending.append(task)
                self.pending_children += len(task.annotations) + len(task.predictions)
                return (
                    len(self.pending) >= self.batch_size
                    or self.pending_children >= CHILDREN_PER_BATCH
                )
            task = problem
        self._problem(task)
        return False

    def _problem(self, problem: ItemProblem) -> None:
        self.totals.problem_count += 1
        if len(self.totals.problems) < KEPT_PROBLEMS:
            self.totals.problems.append(problem.as_dict())

    def _take_pending(self) -> list[ImportedTask]:
        tasks, self.pending = self.pending, []
        self.pending_children = 0
        columns = self.totals.data_columns
        for task in tasks:
            # Most imports have one shape; a set update per task is cheap
            # only while no new key comes.
            if not columns.issuperset(task.data):
                columns.update(task.data)
        return tasks

    def _count(self, result: BatchResult | None) -> None:
        if result is None:
            return
        self.totals.task_count += result.task_count
        self.totals.annotation_count += result.annotation_count
        self.totals.prediction_count += result.prediction_count
        if self.want_ids:
            self.totals.task_ids.extend(result.task_ids)

    def write_pending(self) -> None:
        """Write the waiting batch in the current transaction."""
        if not self.pending:
            return
        self._count(self.writer.write(self._take_pending(), self.want_ids))

    def send_pending(
        self,
        background: BackgroundWriter,
        finish: Callable[[Any, dict[str, Any]], None],
    ) -> None:
        """Hand the waiting batch to ``background`` (after the one before it
        committed); ``finish(connection, checkpoint)`` runs inside its
        transaction with the totals as they stand once it is written."""
        batch = self.writer.prepare(self._take_pending())
        self._count(background.wait())
        self.tasks_since_trim += batch.size
        if self.tasks_since_trim >= TRIM_TASKS:
            # The batches before this one are written and their buffers freed.
            release_free_memory()
            self.tasks_since_trim = 0
        saved = self.totals.as_checkpoint()

        def after_write(connection: Any, result: BatchResult) -> None:
            saved["task_count"] += result.task_count
            saved["annotation_count"] += result.annotation_count
            saved["prediction_count"] += result.prediction_count
            finish(connection, saved)

        background.start(batch, after_write)

    def finish_background(self, background: BackgroundWriter) -> None:
        """Wait for the last batch sent and count it."""
        self._count(background.wait())


def _not_an_object(index: int, location: str | None, item: Any) -> ItemProblem:
    return ItemProblem(
        index,
        location or f"item {index}",
        "item",
        f"expected an object (a task or its data), got {type(item).__name__}.",
    )
