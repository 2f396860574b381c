"""Label Studio's project settings and JSON export, made ready for LabelCore.

An export is read twice. ``scan_export`` reads it once, before anything is
written here: a file that is not whole JSON stops the import there, a task
whose shape is wrong is refused with its id, the field and the rule, and
what the tasks need is collected (the annotators they name, the uploaded
files they point at). ``write_tasks`` then writes the tasks as JSON Lines
for the import pipeline, with each annotator replaced by a LabelCore user
id and each uploaded file's URL by its copy's.

How Label Studio names an annotator (``completed_by``) depends on where the
export came from: the plain JSON export gives the user's id
(``"completed_by": 10``), a snapshot asked for in full and Label Studio
before 1.4 give ``{"id", "email", "first_name", "last_name"}``, and an
annotation whose user was deleted may have none.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

UPLOAD_PREFIX = "/data/upload/"
UNKNOWN = "unknown"
"""The person key of an annotation that names no annotator."""

PROJECT_TEXT_FIELDS = (
    "title",
    "description",
    "expert_instruction",
    "color",
    "model_version",
)
PROJECT_FLAGS = ("show_instruction", "show_skip_button", "enable_empty_annotation")
STREAM_SETTINGS = ("skip_queue", "overlap_cohort_percentage")
KEPT_SETTINGS = (
    "sampling",
    "is_published",
    "show_annotation_history",
    "show_collab_predictions",
    "evaluate_predictions_automatically",
    "reveal_preannotations_interactively",
    "show_ground_truth_first",
    "show_overlap_first",
    "min_annotations_to_start_training",
    "control_weights",
)
"""Label Studio settings LabelCore has no column for, kept in the project's
``settings["label_studio"]`` with the project's id there."""
ANNOTATION_FIELDS = (
    "id",
    "result",
    "was_cancelled",
    "ground_truth",
    "lead_time",
    "created_at",
    "updated_at",
)
PREDICTION_FIELDS = ("result", "score", "model_version", "created_at", "updated_at")


class ExportUnreadable(ValueError):
    """The export file as a whole cannot be read; nothing was written."""


def project_fields(source: dict[str, Any], samplers) -> tuple[dict[str, Any], list]:
    """The body that creates a LabelCore project like Label Studio's
    ``source`` (``/api/projects/<id>/``), and notes on what did not carry
    over. ``samplers`` are the installed ones, found by name or alias."""
    notes: list[str] = []
    body: dict[str, Any] = {"label_config": source.get("label_config") or "<View/>"}
    for name in PROJECT_TEXT_FIELDS:
        if isinstance(source.get(name), str):
            body[name] = source[name]
    for name in PROJECT_FLAGS:
        if isinstance(source.get(name), bool):
            body[name] = source[name]
    overlap = source.get("maximum_annotations")
    if isinstance(overlap, int) and not isinstance(overlap, bool) and overlap >= 1:
        body["maximum_annotations"] = overlap
    for name in STREAM_SETTINGS:
        if source.get(name) is not None:
            body[name] = source[name]

    sampling = source.get("sampling")
    if isinstance(sampling, str) and sampling:
        if samplers.get(sampling) is not None:
            body["sampling"] = sampling
        else:
            notes.append(
                f"sampling {sampling!r} has no installed sampler here, so the "
                f"project uses the default one"
            )
    kept = {name: source[name] for name in KEPT_SETTINGS if name in source}
    body["settings"] = {"label_studio": {"id": source.get("id"), **kept}}
    return body, notes


@dataclass
class Person:
    """An annotator as the export names them."""

    label_studio_id: int | None = None
    email: str | None = None
    first_name: str = ""
    last_name: str = ""


@dataclass
class ScannedExport:
    tasks: int = 0
    annotations: int = 0
    predictions: int = 0
    prediction_ids_only: int = 0
    """Predictions the export gave as bare ids, which carry no result."""
    people: dict[str, Person] = field(default_factory=dict)
    """Every annotator named, by person key (``id:10``, ``email:a@b.org``,
    ``unknown``)."""
    media: dict[str, int] = field(default_factory=dict)
    """Each uploaded file's path (``/data/upload/...``) and the Label Studio
    task id of the first task that points at it (0 when it has none)."""
    refused: list[dict[str, Any]] = field(default_factory=list)
    task_ids: array = field(default_factory=lambda: array("q"))
    """The Label Studio id of each task written, in order (0: none)."""
    positions: array = field(default_factory=lambda: array("q"))
    """The position in the export (from 1) of each task written."""

    def where(self, index: int) -> str:
        """Names the ``index``-th task written (from 1) for people."""
        position = self.positions[index - 1]
        task_id = self.task_ids[index - 1]
        return _where(task_id, position)


def _where(task_id: int, position: int) -> str:
    if task_id:
        return f"task {task_id} (item {position} of the export)"
    return f"item {position} of the export"


def _items(export: Path) -> Iterator[Any]:
    import ijson

    with export.open("rb") as source:
        head = source.read(64).lstrip()
        source.seek(0)
        if head.startswith(b"{"):
            # One task on its own, as Label Studio's task API gives it.
            yield orjson.loads(source.read())
            return
        if not head.startswith(b"["):
            raise ExportUnreadable("it is not a JSON array of tasks")
        yield from ijson.items(source, "item", use_float=True)


def scan_export(export: Path, scanned: Path) -> ScannedExport:
    """Read the whole export once into ``scanned`` (JSON Lines, one task
    each), refusing bad tasks; raises ``ExportUnreadable`` for a file that
    is not whole JSON."""
    import ijson

    result = ScannedExport()
    position = 0
    try:
        with scanned.open("wb") as output:
            for position, raw in enumerate(_items(export), 1):
                task = _scan_task(raw, position, result)
                if task is not None:
                    output.write(orjson.dumps(task) + b"\n")
    except (ijson.JSONError, orjson.JSONDecodeError, ExportUnreadable) as error:
        # yajl's message goes on with a picture of the spot; its first line
        # says it all.
        reason = (str(error).strip().splitlines() or ["not JSON"])[0].rstrip(".")
        where = f"after item {position}" if position else "at its start"
        raise ExportUnreadable(
            f"The export file {export.name!r} cannot be read {where} ({reason}). "
            f"A Label Studio export must be a complete JSON array of tasks; "
            f"export the project again (a download that broke off leaves the "
            f"file cut short)."
        ) from None
    except UnicodeDecodeError as error:
        raise ExportUnreadable(
            f"The export file {export.name!r} is not UTF-8 JSON ({error}); "
            f"export the project again."
        ) from None
    return result


def _scan_task(raw: Any, position: int, result: ScannedExport) -> dict | None:
    task_id = raw.get("id") if isinstance(raw, dict) else None
    task_id = task_id if _is_id(task_id) else 0

    def refuse(name: str, rule: str) -> None:
        result.refused.append(
            {
                "position": position,
                "where": _where(task_id, position),
                "field": name,
                "message": rule,
            }
        )

    if not isinstance(raw, dict):
        refuse("", f"must be a JSON object (a task), got {type(raw).__name__}.")
        return None
    data = raw["data"] if isinstance(raw.get("data"), dict) else raw
    meta = raw.get("meta") if isinstance(raw.get("meta"), dict) else None

    annotations = raw.get("annotations")
    if annotations is None:
        annotations = raw.get("completions") or []
    if not isinstance(annotations, list):
        refuse("annotations", "must be a list of annotation objects.")
        return None
    kept_annotations = []
    for number, record in enumerate(annotations):
        if not isinstance(record, dict):
            refuse(f"annotations[{number}]", "must be an annotation object.")
            return None
        key = _person_key(record.get("completed_by"), result)
        if key is None:
            refuse(
                f"annotations[{number}].completed_by",
                f"must be a Label Studio user id, an object with the user's "
                f"'email' or 'id', or absent; got {record['completed_by']!r}.",
            )
            return None
        kept = {name: record[name] for name in ANNOTATION_FIELDS if name in record}
        kept["completed_by"] = key
        kept_annotations.append(kept)

    predictions = raw.get("predictions") or []
    if not isinstance(predictions, list):
        refuse("predictions", "must be a list of prediction objects.")
        return None
    kept_predictions = []
    for number, record in enumerate(predictions):
        if _is_id(record):
            result.prediction_ids_only += 1
            continue
        if not isinstance(record, dict):
            refuse(f"predictions[{number}]", "must be a prediction object.")
            return None
        kept_predictions.append(
            {name: record[name] for name in PREDICTION_FIELDS if name in record}
        )

    for path in _upload_paths(data):
        result.media.setdefault(path, task_id)
    result.tasks += 1
    result.annotations += len(kept_annotations)
    result.predictions += len(kept_predictions)
    result.task_ids.append(task_id)
    result.positions.append(position)
    task = {
        "data": data,
        "annotations": kept_annotations,
        "predictions": kept_predictions,
    }
    if meta:
        task["meta"] = meta
    return task


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _person_key(completed_by: Any, result: ScannedExport) -> str | None:
    """The key of the annotator ``completed_by`` names, noted in ``result``;
    None when it names nobody in a shape this import knows."""
    if completed_by is None:
        result.people.setdefault(UNKNOWN, Person())
        return UNKNOWN
    if _is_id(completed_by):
        key = f"id:{completed_by}"
        result.people.setdefault(key, Person(label_studio_id=completed_by))
        return key
    if not isinstance(completed_by, dict):
        return None

    number = completed_by.get("id")
    number = number if _is_id(number) else None
    email = completed_by.get("email")
    if isinstance(email, str) and "@" in email.strip():
        key = f"email:{email.strip().lower()}"
        person = Person(
            number,
            email.strip().lower(),
            str(completed_by.get("first_name") or ""),
            str(completed_by.get("last_name") or ""),
        )
        result.people.setdefault(key, person)
        if number is not None:
            # Other annotations may name the same user by id alone.
            result.people[f"id:{number}"] = person
        return key
    if number is not None:
        key = f"id:{number}"
        result.people.setdefault(key, Person(label_studio_id=number))
        return key
    return None


def upload_path(value: str) -> str | None:
    """The ``/data/upload/...`` path of a Label Studio uploaded file's URL
    (relative, or absolute on Label Studio's host), or None."""
    absolute = value.startswith(("http://", "https://"))
    if not value.startswith(UPLOAD_PREFIX) and not absolute:
        return None
    if UPLOAD_PREFIX not in value or any(c.isspace() for c in value):
        return None
    path = urlsplit(value).path
    return path if path.startswith(UPLOAD_PREFIX) else None


def _upload_paths(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        path = upload_path(value)
        if path is not None:
            yield path
    elif isinstance(value, dict):
        for item in value.values():
            yield from _upload_paths(item)
    elif isinstance(value, list):
        for item in value:
            yield from _upload_paths(item)


def _moved(value: Any, media: Callable[[str], str | None]) -> Any:
    if isinstance(value, str):
        path = upload_path(value)
        if path is None:
            return value
        return media(path) or value
    if isinstance(value, dict):
        return {key: _moved(item, media) for key, item in value.items()}
    if isinstance(value, list):
        return [_moved(item, media) for item in value]
    return value


def write_tasks(
    scanned: Path,
    target: Path,
    people: Callable[[str], int],
    media: Callable[[str], str | None],
) -> None:
    """Write the scanned tasks to ``target`` for the import pipeline: each
    annotator's person key becomes ``people(key)``, each uploaded file's
    URL ``media(path)`` (the URL is kept when that gives None)."""
    with scanned.open("rb") as source, target.open("wb") as output:
        for line in source:
            task = orjson.loads(line)
            task["data"] = _moved(task["data"], media)
            for record in task["annotations"]:
                record["completed_by"] = people(record["completed_by"])
            output.write(orjson.dumps(task) + b"\n")
