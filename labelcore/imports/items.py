"""One imported item: how it becomes a task, and what is wrong with it.

An object with a ``data`` object is a task (``data``, ``meta``,
``annotations`` or Label Studio's older ``completions``, ``predictions``);
any other object is the task's data itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson


@dataclass(slots=True)
class ItemProblem:
    """Why one item of an import was left out."""

    index: int
    location: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "location": self.location,
            "field": self.field,
            "message": self.message,
            "text": str(self),
        }


class ImportedTask:
    """One good item on its way to the database.

    A plain class with slots, not a dataclass with list factories: one is
    made for every item of an import.
    """

    __slots__ = ("annotations", "data", "index", "meta", "predictions")

    def __init__(
        self,
        index: int,
        data: dict[str, Any],
        meta: dict[str, Any] | None = None,
        annotations: Sequence[dict[str, Any]] = (),
        predictions: Sequence[dict[str, Any]] = (),
    ):
        self.index = index
        self.data = data
        self.meta = meta
        self.annotations = annotations
        self.predictions = predictions


def to_task(index: int, location: str | None, raw: dict) -> ImportedTask | ItemProblem:
    """Normalise ``raw``; problems in its shape come back as ItemProblem."""
    data = raw.get("data")
    if not isinstance(data, dict):
        return ImportedTask(index, raw)

    meta = raw.get("meta") or None
    if meta is not None and not isinstance(meta, dict):
        return ItemProblem(
            index, location or f"item {index}", "meta", "must be a JSON object."
        )

    annotations = raw.get("annotations")
    if annotations is None:
        annotations = raw.get("completions")
    annotations = _records(annotations)
    if type(annotations) is str:
        return ItemProblem(
            index, location or f"item {index}", "annotations", annotations
        )

    predictions = _records(raw.get("predictions"))
    if type(predictions) is str:
        return ItemProblem(
            index, location or f"item {index}", "predictions", predictions
        )

    return ImportedTask(index, data, meta, annotations, predictions)


def predictions_from_fields(
    task: ImportedTask, location: str | None, fields: Sequence[str]
) -> ItemProblem | None:
    """Move each named data field into a prediction of its own, as its result.

    Label Studio's ``preannotated_from_fields``: a flat row such as
    ``{"text": ..., "guess": [result items]}`` becomes a task with the text
    and one prediction. A CSV cell may hold the result list as JSON text.
    """
    location = location or f"item {task.index}"
    data = dict(task.data)
    for name in fields:
        if name not in data:
            return ItemProblem(
                task.index,
                location,
                f"data.{name}",
                f"is missing, but preannotated_from_fields names it; the item has "
                f"{', '.join(repr(key) for key in data) or 'no keys'}.",
            )
        result = data.pop(name)
        if isinstance(result, str):
            with contextlib.suppress(orjson.JSONDecodeError):
                result = orjson.loads(result)
        if not isinstance(result, list):
            return ItemProblem(
                task.index,
                location,
                f"data.{name}",
                "must be a list of result items (or JSON text of one) to become "
                "a prediction.",
            )
        task.predictions = [*task.predictions, {"result": result}]
    task.data = data
    return None


def _records(value: Any) -> list[dict] | str:
    if value is None:
        return []
    if not isinstance(value, list):
        return "must be a list of objects, each with a 'result' list."
    for record in value:
        if type(record) is not dict or type(record.get("result", [])) is not list:
            return _record_problem(value) or value
    return value


def _record_problem(records: list) -> str:
    for number, record in enumerate(records):
        if not isinstance(record, dict):
            return f"entry {number} must be an object with a 'result' list."
        result = record.get("result", [])
        if not isinstance(result, list):
            return f"entry {number}: 'result' must be a list of result items."
    return ""


def check_task(
    task: ImportedTask, location: str | None, parsed_config: Any
) -> ItemProblem | None:
    """The first problem the project's config finds in ``task``, or None."""
    task_data = task.data
    if not parsed_config.task_data_ok(task_data):
        problems = parsed_config.check_task_data(task_data)
        if problems:
            return ItemProblem(
                task.index,
                location or f"item {task.index}",
                "data",
                "; ".join(problems),
            )
    if not task.annotations and not task.predictions:
        return None

    check_result = parsed_config.check_result
    for kind, records in (
        ("annotations", task.annotations),
        ("predictions", task.predictions),
    ):
        for number, record in enumerate(records):
            issues = check_result(record.get("result") or [], task_data)
            if issues:
                location = location or f"item {task.index}"
                return ItemProblem(
                    task.index,
                    location,
                    f"{kind}[{number}]",
                    "; ".join(str(issue) for issue in issues),
                )
            score = record.get("score")
            if kind == "predictions" and not _is_score(score):
                location = location or f"item {task.index}"
                return ItemProblem(
                    task.index,
                    location,
                    f"{kind}[{number}].score",
                    f"must be a number or null, got {score!r}.",
                )
    return None


def _is_score(score: Any) -> bool:
    if score is None:
        return True
    return isinstance(score, (int, float)) and not isinstance(score, bool)


def counts(records: list[Mapping[str, Any]]) -> tuple[int, int]:
    """(submitted, cancelled) annotations of an imported task."""
    cancelled = sum(1 for record in records if record.get("was_cancelled"))
    return len(records) - cancelled, cancelled
