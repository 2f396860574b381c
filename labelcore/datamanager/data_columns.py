"""The ``data`` keys a project's table offers as columns, each with a type.

The keys are the config's (in its order), then those its imports found, the
keys it indexes, and those of its first and last task, so that a key no
config reads (a number to sort by, say) is offered too. Reading every task
for its keys would take seconds at a million tasks; these take two rows by
the primary key, the import records and the index records.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from labelcore.datamanager.columns import BOOLEAN, NUMBER, STRING
from labelcore.datamanager.data_keys import DataKeyInvalid, check_key
from labelcore.models import ImportRecord, Task, TaskDataIndex, db


def _type_of(value: Any) -> str | None:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, (int, float)):
        return NUMBER
    return None if value is None else STRING


def _sample_tasks(project_id: int) -> list[dict]:
    first = sa.select(Task.data).where(Task.project_id == project_id)
    rows = [
        db.session.execute(first.order_by(Task.id.asc()).limit(1)).scalar(),
        db.session.execute(first.order_by(Task.id.desc()).limit(1)).scalar(),
    ]
    return [row for row in rows if isinstance(row, dict)]


def _known_keys(project_id: int) -> list[str]:
    """The keys the project's imports found and those it indexes."""
    options = db.session.execute(
        sa.select(ImportRecord.options).where(ImportRecord.project_id == project_id)
    ).scalars()
    keys: set[str] = set()
    for option in options:
        found = (option or {}).get("data_columns") or []
        keys.update(key for key in found if isinstance(key, str))
    keys.update(
        db.session.execute(
            sa.select(TaskDataIndex.key).where(TaskDataIndex.project_id == project_id)
        ).scalars()
    )
    return sorted(keys)


def data_key_types(project, config_keys: list[str]) -> dict[str, str]:
    """Every data key the table offers, in order, with its column type: a
    number or a boolean in the sampled tasks makes the key ``Number`` or
    ``Boolean``; anything else, or values of two kinds, ``String``."""
    samples = _sample_tasks(project.id)
    sampled_keys = sorted({key for data in samples for key in data})
    ordered = dict.fromkeys([*config_keys, *_known_keys(project.id), *sampled_keys])

    typed: dict[str, str] = {}
    for key in ordered:
        try:
            check_key(key)
        except DataKeyInvalid:
            continue
        kinds = {_type_of(data.get(key)) for data in samples} - {None}
        typed[key] = kinds.pop() if len(kinds) == 1 else STRING
    return typed
