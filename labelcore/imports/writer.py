"""Writing a batch of imported tasks with the driver's bulk path.

One ORM object per row would cost more than the whole rest of the import,
so rows are tuples serialised with orjson and sent with ``executemany``.
Inner ids are reserved once per batch by moving ``project.task_number``;
a job's rows carry their import id and item index, and a row that exists
already (a resumed job) is skipped by the unique key on those two.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlalchemy as sa

from labelcore.imports.items import ImportedTask, counts
from labelcore.models import Project, Task, utcnow

TASK_COLUMNS = (
    "project_id",
    "inner_id",
    "data",
    "meta",
    "state",
    "is_labeled",
    "total_annotations",
    "cancelled_annotations",
    "total_predictions",
    "random_key",
    "version",
    "import_id",
    "import_index",
    "updated_by_id",
    "created_at",
    "updated_at",
)
ANNOTATION_COLUMNS = (
    "task_id",
    "project_id",
    "result",
    "completed_by_id",
    "was_cancelled",
    "ground_truth",
    "lead_time",
    "import_id",
    "created_at",
    "updated_at",
)
PREDICTION_COLUMNS = (
    "task_id",
    "project_id",
    "result",
    "score",
    "model_version",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = (
    "task_id",
    "project_id",
    "actor_id",
    "event",
    "from_state",
    "to_state",
    "comment",
    "created_at",
)
JSON_COLUMNS = {"data", "meta", "result"}


def dumps(value: Any) -> str:
    # Text, not bytes: SQLite would store bytes as a BLOB, which its JSON
    # functions read as binary JSONB.
    return orjson.dumps(value).decode()


@dataclass
class BatchResult:
    task_count: int = 0
    annotation_count: int = 0
    prediction_count: int = 0
    task_ids: list[int] = field(default_factory=list)


class TaskWriter:
    """Inserts batches of tasks into one project on the session's connection."""

    def __init__(
        self,
        session: Any,
        project: Project,
        *,
        workflow: Any,
        user_id: int | None,
        import_id: int | None,
    ):
        self.session = session
        self.project = project
        self.workflow = workflow
        self.user_id = user_id
        self.import_id = import_id
        dialect = session.get_bind().dialect
        self.is_postgresql = dialect.name == "postgresql"
        self.placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
        created_at = Task.__table__.c.created_at.type
        self.time_processor = created_at.dialect_impl(dialect).bind_processor(dialect)
        self.initial_state = workflow.initial_state(project.workflow)
        self.overlap = max(project.maximum_annotations or 1, 1)
        self.random = random.Random()
        self.task_sql = self._insert_sql(
            "task",
            TASK_COLUMNS,
            "ON CONFLICT (import_id, import_index) DO NOTHING" if import_id else "",
        )
        self.annotation_sql = self._insert_sql("annotation", ANNOTATION_COLUMNS)
        self.prediction_sql = self._insert_sql("prediction", PREDICTION_COLUMNS)
        self.event_sql = self._insert_sql("task_event", EVENT_COLUMNS)

    def _insert_sql(self, table: str, columns: Sequence[str], tail: str = "") -> str:
        values = ", ".join(
            f"{self.placeholder}::jsonb"
            if self.is_postgresql and column in JSON_COLUMNS
            else self.placeholder
            for column in columns
        )
        quoted = ", ".join(f'"{column}"' for column in columns)
        return f'INSERT INTO "{table}" ({quoted}) VALUES ({values}) {tail}'.strip()

    def _now(self) -> Any:
        now = utcnow()
        return self.time_processor(now) if self.time_processor else now

    def write(self, tasks: Sequence[ImportedTask], want_ids: bool) -> BatchResult:
        """Insert ``tasks`` in the current transaction; the caller commits."""
        if not tasks:
            return BatchResult()

        first_inner_id = self._reserve_inner_ids(len(tasks))
        now = self._now()
        rows = []
        placed: list[tuple[int, ImportedTask, str, int]] = []
        project_id = self.project.id
        initial_state = self.initial_state
        draw = self.random.random
        for offset, task in enumerate(tasks):
            inner_id = first_inner_id + offset
            state, submitted, cancelled = initial_state, 0, 0
            if task.annotations:
                submitted, cancelled = counts(task.annotations)
                state = self.workflow.state_for_counts(
                    self.project.workflow, submitted, self.overlap
                )
            if task.annotations or task.predictions:
                placed.append((inner_id, task, state, submitted))
            rows.append(
                (
                    project_id,
                    inner_id,
                    dumps(task.data),
                    dumps(task.meta) if task.meta else "{}",
                    state,
                    submitted >= self.overlap,
                    submitted,
                    cancelled,
                    len(task.predictions),
                    draw(),
                    1,
                    self.import_id,
                    task.index if self.import_id else None,
                    self.user_id,
                    now,
                    now,
                )
            )
        # The session's connection changes after each commit; ask every time.
        connection = self.session.connection()
        connection.exec_driver_sql(self.task_sql, rows)

        result = BatchResult()
        ids_by_inner_id: dict[int, int] = {}
        if want_ids or placed:
            ids_by_inner_id = self._ids_between(first_inner_id, len(tasks))
            result.task_ids = list(ids_by_inner_id.values())
        result.task_count = len(ids_by_inner_id) if ids_by_inner_id else len(rows)
        if placed:
            self._write_children(placed, ids_by_inner_id, now, result)
        return result

    def _reserve_inner_ids(self, count: int) -> int:
        table = Project.__table__
        last = self.session.execute(
            table.update()
            .where(table.c.id == self.project.id)
            .values(task_number=table.c.task_number + count)
            .returning(table.c.task_number)
        ).scalar_one()
        return last - count + 1

    def _ids_between(self, first_inner_id: int, count: int) -> dict[int, int]:
        rows = self.session.execute(
            sa.select(Task.inner_id, Task.id)
            .where(
                Task.project_id == self.project.id,
                Task.inner_id.between(first_inner_id, first_inner_id + count - 1),
            )
            .order_by(Task.inner_id)
        )
        return {inner_id: task_id for inner_id, task_id in rows}

    def _write_children(
        self,
        placed: list[tuple[int, ImportedTask, str, int]],
        ids_by_inner_id: dict[int, int],
        now: Any,
        result: BatchResult,
    ) -> None:
        annotations, predictions, events = [], [], []
        project_id = self.project.id
        for inner_id, task, state, submitted in placed:
            task_id = ids_by_inner_id.get(inner_id)
            if task_id is None:
                continue
            for record in task.annotations:
                annotations.append(
                    (
                        task_id,
                        project_id,
                        dumps(record.get("result") or []),
                        self.user_id,
                        bool(record.get("was_cancelled")),
                        bool(record.get("ground_truth")),
                        _number(record.get("lead_time")),
                        self.import_id,
                        now,
                        now,
                    )
                )
            for record in task.predictions:
                predictions.append(
                    (
                        task_id,
                        project_id,
                        dumps(record.get("result") or []),
                        _number(record.get("score")),
                        str(record.get("model_version") or ""),
                        now,
                        now,
                    )
                )
            if state != self.initial_state:
                events.append(
                    (
                        task_id,
                        project_id,
                        self.user_id,
                        "annotate",
                        self.initial_state,
                        state,
                        f"imported with {submitted} submitted annotations",
                        now,
                    )
                )

        for sql, rows in (
            (self.annotation_sql, annotations),
            (self.prediction_sql, predictions),
            (self.event_sql, events),
        ):
            if rows:
                self.session.connection().exec_driver_sql(sql, rows)
        result.annotation_count = len(annotations)
        result.prediction_count = len(predictions)


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
