"""Label Studio's "minified" records: one flat row per annotation.

Each row holds the task's data keys, ``id`` (the task), ``annotation_id``,
``annotator`` (an e-mail), ``created_at``, ``updated_at``, ``lead_time`` and
one value per control, made simple where it can be: one choice is the
choice itself, one text area answer its text, a rating its number; regions
are lists of their values. JSON-MIN, CSV and TSV are built from these.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

LIST_KEYS = {"choices": "choices", "taxonomy": "taxonomy", "textarea": "text"}
SCALAR_KEYS = {"rating": "rating", "number": "number", "datetime": "datetime"}
ANNOTATION_COLUMNS = ("annotation_id", "annotator", "created_at", "updated_at")


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
    """Each control's answer in ``result``, made as simple as it can be."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in result:
        name = item.get("from_name")
        if isinstance(name, str):
            grouped.setdefault(name, []).append(item)

    values: dict[str, Any] = {}
    for name, items in grouped.items():
        kind = items[0].get("type")
        if kind in LIST_KEYS:
            key = LIST_KEYS[kind]
            answers = [
                a for item in items for a in (item.get("value") or {}).get(key, [])
            ]
            values[name] = answers[0] if len(answers) == 1 else answers
        elif kind in SCALAR_KEYS and len(items) == 1:
            values[name] = (items[0].get("value") or {}).get(SCALAR_KEYS[kind])
        else:
            values[name] = [_region(item) for item in items]
    return values


def _region(item: dict[str, Any]) -> dict[str, Any]:
    region = dict(item.get("value") or {})
    for key in ("original_width", "original_height"):
        if key in item:
            region[key] = item[key]
    return region


def records(
    task: dict[str, Any], annotators: Annotators, with_empty: bool = True
) -> Iterator[dict[str, Any]]:
    """The task's rows: one per annotation, or one without answers when it has
    none (and ``with_empty``)."""
    base = {**(task.get("data") or {}), "id": task["id"]}
    annotations = task.get("annotations") or []
    if not annotations and with_empty:
        yield base
    for annotation in annotations:
        yield {
            **base,
            **control_values(annotation.get("result") or []),
            "annotation_id": annotation.get("id"),
            "annotator": annotators.email(annotation.get("completed_by")),
            "created_at": annotation.get("created_at"),
            "updated_at": annotation.get("updated_at"),
            "lead_time": annotation.get("lead_time"),
        }
