"""Whole expected export files: reading them and filling in what the db assigns.

The files under ``expected/`` are written by hand. Ids that the database
hands out (project, tasks, annotations, predictions, the administrator)
appear in them as ``{{name}}`` placeholders, filled in from the ids the API
reports for the imported project; a JSON string that is exactly a
placeholder becomes the number. A task's own ``created_at`` and
``updated_at`` are the moment of the import, so they are checked for their
shape and then replaced by ``IMPORT_TIME``. Nothing else is left out of a
comparison.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import orjson

EXPECTED = Path(__file__).parent / "expected"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
IMPORT_TIME = "<the import's time>"


def import_project(
    client, config: str, tasks: list[dict], title: str
) -> tuple[int, list[int]]:
    """(project id, task ids in the order of ``tasks``) of a new project."""
    created = client.post(
        "/api/projects/", json={"title": title, "label_config": config}
    )
    assert created.status_code == 201, created.get_json()
    project_id = created.get_json()["id"]

    # Sent as the bytes of a task file, not with ``json=``: the test client
    # would sort the keys, and the order of a region's keys shows in CSV.
    imported = client.post(
        f"/api/projects/{project_id}/import",
        query_string={"return_task_ids": "true"},
        data=orjson.dumps(tasks),
        content_type="application/json",
    )
    assert imported.status_code == 201, imported.get_json()
    # In inner-id order, which is the order of ``tasks``.
    task_ids = imported.get_json()["task_ids"]
    assert len(task_ids) == len(tasks)

    return project_id, task_ids


def known_ids(client, project_id: int, task_ids: list[int]) -> dict[str, Any]:
    """The placeholders' values: ``project``, ``admin``, ``task_<n>`` (from
    1, in import order), ``annotation_<n>_<k>`` and ``prediction_<n>_<k>``
    for the ``k``-th of task ``n`` (from 1, in import order), also named
    ``annotation_<n>`` or ``prediction_<n>`` when it is the task's only one,
    and ``import_time``."""
    whoami = client.get("/api/current-user/whoami")
    assert whoami.status_code == 200, whoami.get_json()
    known: dict[str, Any] = {
        "project": project_id,
        "admin": whoami.get_json()["id"],
        "import_time": IMPORT_TIME,
    }

    for number, task_id in enumerate(task_ids, 1):
        known[f"task_{number}"] = task_id
        annotations = client.get(f"/api/tasks/{task_id}/annotations/").get_json()
        predictions = client.get(
            "/api/predictions/", query_string={"task": task_id}
        ).get_json()
        for kind, rows in (("annotation", annotations), ("prediction", predictions)):
            # Ids are handed out in import order.
            ids = sorted(row["id"] for row in rows)
            for position, row_id in enumerate(ids, 1):
                known[f"{kind}_{number}_{position}"] = row_id
            if len(ids) == 1:
                known[f"{kind}_{number}"] = ids[0]
    return known


def expected_text(name: str, known: dict[str, Any]) -> str:
    """An expected text file with its placeholders filled in."""
    text = (EXPECTED / name).read_text(encoding="utf-8")
    return PLACEHOLDER.sub(lambda match: str(known[match.group(1)]), text)


def expected_json(name: str, known: dict[str, Any]) -> Any:
    """An expected JSON file, parsed, with its placeholders filled in."""
    return fill(orjson.loads((EXPECTED / name).read_bytes()), known)


def assert_is_expected_file(body: bytes, name: str, known: dict[str, Any]) -> None:
    """``body`` is the expected file ``name``: JSON as a parsed value, JSON
    Lines line by line as parsed values (and ending in a newline), anything
    else as text."""
    if name.endswith(".json"):
        assert orjson.loads(body) == expected_json(name, known)
    elif name.endswith(".jsonl"):
        expected = expected_text(name, known)
        assert body.endswith(b"\n")
        assert [orjson.loads(line) for line in body.splitlines()] == [
            orjson.loads(line) for line in expected.splitlines()
        ]
    else:
        assert body.decode() == expected_text(name, known)


def fill(value: Any, known: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {key: fill(item, known) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, known) for item in value]
    if isinstance(value, str) and (match := PLACEHOLDER.fullmatch(value)):
        return known[match.group(1)]
    return value


def with_import_times(tasks: list[dict]) -> list[dict]:
    """``tasks`` from a JSON export, each task's own timestamps checked to be
    ISO 8601 in UTC and replaced by ``IMPORT_TIME``."""
    for task in tasks:
        for field in ("created_at", "updated_at"):
            assert STAMP.fullmatch(task[field]), (task["id"], field, task[field])
            task[field] = IMPORT_TIME
    return tasks


def expected_members(folder: str) -> dict[str, bytes]:
    """Every file under ``expected/<folder>`` by its path there, as a zip
    member would be named. Names are NFC, as the exporters write them,
    whatever the file system that checked the files out did to them."""
    root = EXPECTED / folder
    return {
        unicodedata.normalize("NFC", path.relative_to(root).as_posix()): (
            path.read_bytes()
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def members(body: bytes) -> dict[str, bytes]:
    """A zip's members by name; a name written twice fails the test."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)), names
        return {name: archive.read(name) for name in names}


def assert_same_members(actual: dict[str, bytes], expected: dict[str, bytes]):
    """The same member names, and each member the same: JSON members as
    parsed values, the others byte for byte."""
    assert sorted(actual) == sorted(expected)
    for name, data in expected.items():
        if name.endswith(".json"):
            assert orjson.loads(actual[name]) == orjson.loads(data), name
        else:
            assert actual[name].decode() == data.decode(), name
