"""Label Studio's "minified" records: one flat row per annotation.

Each row holds the task's data keys, ``id`` (the task), ``annotation_id``,
``annotator`` (an e-mail), ``created_at``, ``updated_at``, ``lead_time`` and
one value per control, flattened as Label Studio's converter does: a
control's results become the list of their values, except that a single
result of a ``Choices`` or ``TextArea`` control that holds one answer is
that answer itself. So one choice is ``"A"``, two are
``{"choices": ["A", "B"]}``, a rating is ``[{"rating": 4}]`` and regions
are lists of their values. Skipped annotations have no row, and a task
whose every annotation was skipped has none at all; a task without
annotations has one row without answers. A task's rows come newest
annotation first. JSON-MIN, CSV and TSV are built from these.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from labelcore_formats.regions import kept_annotations

# The answer keys of the two controls whose single answer stands alone.
SINGLE_ANSWER_KEYS = {"choices": "choices", "textarea": "text"}
ANNOTATION_COLUMNS = (
    "annotation_id",
    "annotator",
    "created_at",
    "updated_at",
    "lead_time",
)
"""A record's keys of its annotation, in the order CSV and TSV end with them."""


class Annotators:
    """User ids to e-mails, looked up once each."""

    def __init__(self) -> None:
        self.emails: dict[int, str | None] = {}

    def email(self, user_id: Any) -> Any:
        if not isinstance(user_id, int):
            return user_id
        if user_id not in self.emails:
            from labelcore import db, models

            user = db.session.get(models.User, user_id)
            self.emails[user_id] = user.email if user is not None else None
        return self.emails[user_id] or user_id


def control_values(result: list[dict[str, Any]]) -> dict[str, Any]:
    """Each control's answer in ``result``, flattened as Label Studio's
    JSON-MIN and CSV exports flatten it."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in result:
        name = item.get("from_name")
        if isinstance(name, str):
            grouped.setdefault(name, []).append(item)

    return {name: _flattened(items) for name, items in grouped.items()}


def _flattened(items: list[dict[str, Any]]) -> Any:
    values = [_single_answer(item) for item in items]

    # Label Studio decides by the control's kind, which all its results share.
    if items[-1].get("type") in SINGLE_ANSWER_KEYS and len(values) == 1:
        return values[0]
    return values


def _single_answer(item: dict[str, Any]) -> Any:
    """The item's one choice or one text when it has exactly one, else its
    value with the image size it was drawn on."""
    value = item.get("value") or {}
    key = SINGLE_ANSWER_KEYS.get(item.get("type"))
    answers = value.get(key) if key else None
    if isinstance(answers, list) and len(answers) == 1:
        return answers[0]

    region = dict(value)
    for size_key in ("original_width", "original_height"):
        if size_key in item:
            region[size_key] = item[size_key]
    return region


def records(
    task: dict[str, Any], annotators: Annotators, with_empty: bool = True
) -> Iterator[dict[str, Any]]:
    """The task's rows: one per annotation that was not skipped, or one
    without answers when it has no annotations at all (and ``with_empty``)."""
    base = {**(task.get("data") or {}), "id": task["id"]}
    if not task.get("annotations"):
        if with_empty:
            yield {**base, **dict.fromkeys(ANNOTATION_COLUMNS)}
        return

    for annotation in kept_annotations(task):
        yield {
            **base,
            **control_values(annotation.get("result") or []),
            "annotation_id": annotation.get("id"),
            "annotator": annotators.email(annotation.get("completed_by")),
            "created_at": annotation.get("created_at"),
            "updated_at": annotation.get("updated_at"),
            "lead_time": annotation.get("lead_time"),
        }
