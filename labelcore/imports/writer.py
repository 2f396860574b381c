"""Writing a batch of imported tasks with the database's bulk path.

One ORM object per row would cost more than the whole rest of the import,
and even ``executemany`` binds every row in Python. Here the batch goes to
the database as one JSON document that a single ``INSERT ... SELECT``
unpacks (``json_each`` on SQLite, ``jsonb_array_elements`` on PostgreSQL).
The database does the per-row work in C, without Python's global lock, so
the next batch can be read and checked while this one is written.

Inner ids are reserved once per batch by moving ``project.task_number``.
The samplers' stored keys of a task that brings predictions or annotations
are computed here from what the item holds and written with the row: the
ORM's listeners that keep them current never see these rows, and reading
the rows back to compute them would cost more than writing them.
An imported annotation keeps the id it had where it came from in
``import_id``, as Label Studio's does, and its timestamps.
A job's rows carry their import id and item index, and a row that exists
already (a resumed job) is skipped by the unique key on those two; its
annotations and predictions are found by inner id, so they are skipped too.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa

from labelcore.imports.items import ImportedTask, counts
from labelcore.models import SAMPLING_KEYS, Project, Task, utcnow
from labelcore.sampling.agreement import disagreement_of
from labelcore.sampling.keys import PREDICTION_KEYS, prediction_keys

EMPTY: dict[str, Any] = {}

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
    *SAMPLING_KEYS,
)

# A task travels as [data, meta, index] and, when it brought annotations or
# predictions, [..., state, submitted, cancelled, predictions, and the four
# sampling keys]; positions past the end read as NULL and fall back to the
# batch's defaults. On SQLite data and meta travel as JSON text inside the
# document (a string read back with ->>), which SQLite stores as it is;
# given as objects it would build each one again from its parse tree.
SQLITE_TASKS = """
INSERT INTO task ({columns})
SELECT ?, ? + j.key, j.value ->> 0, coalesce(j.value ->> 1, '{{}}'),
       coalesce(j.value ->> 3, ?),
       coalesce(j.value ->> 4, 0) >= ?, coalesce(j.value ->> 4, 0),
       coalesce(j.value ->> 5, 0), coalesce(j.value ->> 6, 0),
       (random() & 9007199254740991) / 9007199254740992.0, 1, ?, j.value ->> 2,
       ?, ?, ?, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10
FROM json_each(?) AS j WHERE true
ON CONFLICT (import_id, import_index) DO NOTHING
""".format(columns=", ".join(TASK_COLUMNS))

# Children travel as [task offset in the batch, ...] and find their task by
# inner id, so no task id ever comes back to Python. CROSS JOIN makes SQLite
# walk the batch and look each task up by its unique (project, inner id)
# key; left to itself it may scan the task table once per child.
SQLITE_ANNOTATIONS = """
INSERT INTO annotation (task_id, project_id, result, completed_by_id,
    was_cancelled, ground_truth, lead_time, import_id, created_at, updated_at)
SELECT t.id, t.project_id, j.value -> 1, j.value ->> 2, j.value ->> 3,
       j.value ->> 4, j.value ->> 5, j.value ->> 8, coalesce(j.value ->> 6, ?),
       coalesce(j.value ->> 7, ?)
FROM json_each(?) AS j
CROSS JOIN task AS t ON t.project_id = ? AND t.inner_id = ? + (j.value ->> 0)
"""
SQLITE_PREDICTIONS = """
INSERT INTO prediction (task_id, project_id, result, score, model_version,
    created_at, updated_at)
SELECT t.id, t.project_id, j.value -> 1, j.value ->> 2, j.value ->> 3,
       coalesce(j.value ->> 4, ?), coalesce(j.value ->> 5, ?)
FROM json_each(?) AS j
CROSS JOIN task AS t ON t.project_id = ? AND t.inner_id = ? + (j.value ->> 0)
"""
SQLITE_EVENTS = """
INSERT INTO task_event (task_id, project_id, actor_id, event, from_state,
    to_state, comment, created_at)
SELECT t.id, t.project_id, ?, 'annotate', ?, j.value ->> 1,
       'imported with ' || (j.value ->> 2) || ' submitted annotations', ?
FROM json_each(?) AS j
CROSS JOIN task AS t ON t.project_id = ? AND t.inner_id = ? + (j.value ->> 0)
"""

POSTGRES_TASKS = """
INSERT INTO task ({columns})
SELECT %s, %s + (v.position - 1)::int, v.item -> 0, v.item -> 1,
       coalesce(v.item ->> 3, %s), coalesce((v.item ->> 4)::int, 0) >= %s,
       coalesce((v.item ->> 4)::int, 0), coalesce((v.item ->> 5)::int, 0),
       coalesce((v.item ->> 6)::int, 0), random(), 1, %s, (v.item ->> 2)::int,
       %s, %s, %s, (v.item ->> 7)::float8, (v.item ->> 8)::float8,
       (v.item ->> 9)::float8, (v.item ->> 10)::float8
FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS v(item, position)
ON CONFLICT (import_id, import_index) DO NOTHING
"""
POSTGRES_ANNOTATIONS = """
INSERT INTO annotation (task_id, project_id, result, completed_by_id,
    was_cancelled, ground_truth, lead_time, import_id, created_at, updated_at)
SELECT t.id, t.project_id, v -> 1, (v ->> 2)::int, (v ->> 3)::boolean,
       (v ->> 4)::boolean, (v ->> 5)::float8, (v ->> 8)::int,
       coalesce((v ->> 6)::timestamp, %s), coalesce((v ->> 7)::timestamp, %s)
FROM jsonb_array_elements(%s::jsonb) AS v
JOIN task AS t ON t.project_id = %s AND t.inner_id = %s + (v ->> 0)::int
"""
POSTGRES_PREDICTIONS = """
INSERT INTO prediction (task_id, project_id, result, score, model_version,
    created_at, updated_at)
SELECT t.id, t.project_id, v -> 1, (v ->> 2)::float8, v ->> 3,
       coalesce((v ->> 4)::timestamp, %s), coalesce((v ->> 5)::timestamp, %s)
FROM jsonb_array_elements(%s::jsonb) AS v
JOIN task AS t ON t.project_id = %s AND t.inner_id = %s + (v ->> 0)::int
"""
POSTGRES_EVENTS = """
INSERT INTO task_event (task_id, project_id, actor_id, event, from_state,
    to_state, comment, created_at)
SELECT t.id, t.project_id, %s, 'annotate', %s, v ->> 1,
       'imported with ' || (v ->> 2) || ' submitted annotations', %s
FROM jsonb_array_elements(%s::jsonb) AS v
JOIN task AS t ON t.project_id = %s AND t.inner_id = %s + (v ->> 0)::int
"""


POSTGRES_COPY = "COPY task ({columns}) FROM STDIN".format(
    columns=", ".join(TASK_COLUMNS)
)


@dataclass(frozen=True)
class Statements:
    tasks: str
    annotations: str
    predictions: str
    events: str


SQLITE_SQL = Statements(
    SQLITE_TASKS, SQLITE_ANNOTATIONS, SQLITE_PREDICTIONS, SQLITE_EVENTS
)
POSTGRES_SQL = Statements(
    POSTGRES_TASKS.format(columns=", ".join(TASK_COLUMNS)),
    POSTGRES_ANNOTATIONS,
    POSTGRES_PREDICTIONS,
    POSTGRES_EVENTS,
)


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


@dataclass
class PreparedBatch:
    """A batch turned into the documents the database unpacks.

    Preparing is pure Python and touches no connection, so it can happen
    while the previous batch is being written.
    """

    size: int
    tasks: str | None
    annotations: str | None = None
    predictions: str | None = None
    events: str | None = None
    task_rows: list[list[Any]] | None = None
    """On PostgreSQL the task rows themselves, for COPY; ``tasks`` is then
    made only if COPY meets a row that exists already (a resumed job)."""


@dataclass(frozen=True)
class ProjectTarget:
    """The few facts about the project a writer needs, copied out of the ORM
    object so that a writer in another thread never touches the session."""

    project_id: int
    workflow: str
    overlap: int
    model_version: str = ""

    @property
    def id(self) -> int:
        return self.project_id

    @classmethod
    def of(cls, project: Project) -> ProjectTarget:
        return cls(
            project.id,
            project.workflow,
            max(project.maximum_annotations or 1, 1),
            project.model_version or "",
        )


class TaskWriter:
    """Inserts batches of tasks into one project."""

    def __init__(
        self,
        session: Any,
        project: Project,
        *,
        workflow: Any,
        user_id: int | None,
        import_id: int | None,
        keep_annotators: bool = False,
        parsed_config: Any = None,
    ):
        self.session = session
        self.target = ProjectTarget.of(project)
        self.workflow = workflow
        self.user_id = user_id
        self.import_id = import_id
        self.keep_annotators = keep_annotators
        self.parsed_config = parsed_config
        dialect = session.get_bind().dialect
        self.is_postgresql = dialect.name == "postgresql"
        created_at = Task.__table__.c.created_at.type
        self.time_processor = created_at.dialect_impl(dialect).bind_processor(dialect)
        self.initial_state = workflow.initial_state(self.target.workflow)
        self.sql = POSTGRES_SQL if self.is_postgresql else SQLITE_SQL

    # -- preparing: pure Python, no connection --------------------------------

    def prepare(self, tasks: Sequence[ImportedTask]) -> PreparedBatch:
        rows: list[list[Any]] = []
        annotations: list[list[Any]] = []
        predictions: list[list[Any]] = []
        events: list[list[Any]] = []
        with_index = self.import_id is not None
        as_text = not self.is_postgresql
        for offset, task in enumerate(tasks):
            index = task.index if with_index else None
            data = orjson.dumps(task.data).decode() if as_text else task.data
            meta = task.meta or EMPTY
            if as_text:
                meta = orjson.dumps(meta).decode() if meta else None
            if not task.annotations and not task.predictions:
                rows.append([data, meta, index])
                continue

            state, submitted, cancelled = self.initial_state, 0, 0
            if task.annotations:
                submitted, cancelled = counts(task.annotations)
                state = self.workflow.state_for_counts(
                    self.target.workflow, submitted, self.target.overlap
                )
            rows.append(
                [
                    data,
                    meta,
                    index,
                    state,
                    submitted,
                    cancelled,
                    len(task.predictions),
                    *self._sampling_keys(task),
                ]
            )
            for record in task.annotations:
                annotations.append(self._annotation(offset, record))
            for record in task.predictions:
                predictions.append(
                    [
                        offset,
                        record.get("result") or [],
                        _number(record.get("score")),
                        str(record.get("model_version") or ""),
                        self._stamp(record.get("created_at")),
                        self._stamp(record.get("updated_at")),
                    ]
                )
            if state != self.initial_state:
                events.append([offset, state, submitted])
        return PreparedBatch(
            len(rows),
            None if self.is_postgresql else dumps(rows),
            dumps(annotations) if annotations else None,
            dumps(predictions) if predictions else None,
            dumps(events) if events else None,
            rows if self.is_postgresql else None,
        )

    def _sampling_keys(self, task: ImportedTask) -> list[float | None]:
        """The samplers' stored keys of a new task, as
        ``labelcore.sampling.refresh_keys`` would compute them from the rows:
        the chosen prediction is the last one of the project's model version
        (any version when the project names none)."""
        version = self.target.model_version
        chosen = None
        for record in task.predictions:
            if not version or str(record.get("model_version") or "") == version:
                chosen = record

        results = [
            record.get("result") or []
            for record in task.annotations
            if not record.get("was_cancelled")
        ]
        keys: dict[str, float | None] = dict.fromkeys(PREDICTION_KEYS)
        if chosen is not None:
            result = chosen.get("result") or []
            keys = prediction_keys(result, _number(chosen.get("score")))
            results.append(result)
        keys["disagreement"] = disagreement_of(results, self.parsed_config)
        return [keys[name] for name in SAMPLING_KEYS]

    def _annotation(self, offset: int, record: dict[str, Any]) -> list[Any]:
        completed_by = self.user_id
        if self.keep_annotators and isinstance(record.get("completed_by"), int):
            completed_by = record["completed_by"]
        return [
            offset,
            record.get("result") or [],
            completed_by,
            bool(record.get("was_cancelled")),
            bool(record.get("ground_truth")),
            _number(record.get("lead_time")),
            self._stamp(record.get("created_at")),
            self._stamp(record.get("updated_at")),
            _source_id(record.get("id")),
        ]

    def _stamp(self, value: Any) -> Any:
        """A timestamp the source gave (ISO 8601), as the database stores it."""
        if not isinstance(value, str) or not value:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        if self.is_postgresql:
            return moment.isoformat()
        return self.time_processor(moment) if self.time_processor else moment

    def _now(self) -> Any:
        now = utcnow()
        if self.is_postgresql or not self.time_processor:
            return now
        return self.time_processor(now)

    # -- writing: one connection, the caller's transaction ---------------------

    def write(self, tasks: Sequence[ImportedTask], want_ids: bool) -> BatchResult:
        """Insert ``tasks`` in the session's current transaction; the caller
        commits."""
        return self.write_prepared(
            self.session.connection(), self.prepare(tasks), want_ids
        )

    def write_prepared(
        self, connection: Any, batch: PreparedBatch, want_ids: bool = False
    ) -> BatchResult:
        """Insert a prepared batch on ``connection`` (any thread), uncommitted."""
        if not batch.size:
            return BatchResult()

        first = self._reserve_inner_ids(connection, batch.size)
        now = self._now()
        project_id = self.target.project_id
        sql = self.sql
        if batch.task_rows is not None:
            inserted = self._copy_tasks(connection, first, batch, now)
        else:
            inserted = self._insert_tasks(connection, first, batch.tasks, now)
        result = BatchResult(task_count=inserted)
        if want_ids:
            result.task_ids = self._ids_between(connection, first, batch.size)

        joined = (project_id, first)
        if batch.annotations:
            result.annotation_count = connection.exec_driver_sql(
                sql.annotations,
                (now, now, batch.annotations, *joined),
            ).rowcount
        if batch.predictions:
            result.prediction_count = connection.exec_driver_sql(
                sql.predictions, (now, now, batch.predictions, *joined)
            ).rowcount
        if batch.events:
            connection.exec_driver_sql(
                sql.events,
                (self.user_id, self.initial_state, now, batch.events, *joined),
            )
        return result

    def _insert_tasks(
        self, connection: Any, first: int, document: str, now: Any
    ) -> int:
        return connection.exec_driver_sql(
            self.sql.tasks,
            (
                self.target.project_id,
                first,
                self.initial_state,
                self.target.overlap,
                self.import_id,
                self.user_id,
                now,
                now,
                document,
            ),
        ).rowcount

    def _copy_tasks(
        self, connection: Any, first: int, batch: PreparedBatch, now: Any
    ) -> int:
        """PostgreSQL's COPY, its fastest way in. A row that exists already
        (a job resumed past its checkpoint) makes COPY fail as a whole: the
        batch then goes in again by INSERT, which skips such rows."""
        import psycopg

        driver = connection.connection.driver_connection
        values = self._copy_values(first, batch.task_rows, now)
        with driver.cursor() as cursor:
            cursor.execute("SAVEPOINT import_copy")
            try:
                with cursor.copy(POSTGRES_COPY) as copy:
                    for row in values:
                        copy.write_row(row)
            except psycopg.errors.UniqueViolation:
                cursor.execute("ROLLBACK TO SAVEPOINT import_copy")
                return self._insert_tasks(
                    connection, first, dumps(batch.task_rows), now
                )
            cursor.execute("RELEASE SAVEPOINT import_copy")
        return batch.size

    def _copy_values(
        self, first: int, rows: list[list[Any]], now: Any
    ) -> Iterator[tuple]:
        project_id, overlap = self.target.project_id, self.target.overlap
        import_id, user_id = self.import_id, self.user_id
        for offset, row in enumerate(rows):
            data, meta, index = row[0], row[1], row[2]
            state, submitted, cancelled, predictions = (
                row[3:7] if len(row) > 3 else (self.initial_state, 0, 0, 0)
            )
            keys = row[7:11] if len(row) > 3 else (None, None, None, None)
            yield (
                project_id,
                first + offset,
                dumps(data),
                dumps(meta),
                state,
                submitted >= overlap,
                submitted,
                cancelled,
                predictions,
                random.random(),
                1,
                import_id,
                index,
                user_id,
                now,
                now,
                *keys,
            )

    def _reserve_inner_ids(self, connection: Any, count: int) -> int:
        table = Project.__table__
        last = connection.execute(
            table.update()
            .where(table.c.id == self.target.project_id)
            .values(task_number=table.c.task_number + count)
            .returning(table.c.task_number)
        ).scalar_one()
        return last - count + 1

    def _ids_between(self, connection: Any, first: int, count: int) -> list[int]:
        return list(
            connection.execute(
                sa.select(Task.id)
                .where(
                    Task.project_id == self.target.project_id,
                    Task.inner_id.between(first, first + count - 1),
                )
                .order_by(Task.inner_id)
            ).scalars()
        )


def _source_id(value: Any) -> int | None:
    # Label Studio's annotation import_id: the annotation's id where it came
    # from, kept so that a round trip can tell which one is which.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
        return value
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
