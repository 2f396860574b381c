"""Reading what a Label Studio has: its API, its export files, its media.

``LabelStudioServer`` talks to a running Label Studio through the outbound
guard with a legacy API token (``Token``) or a personal access token (a JWT
refresh token, traded for a short access token). ``rewrite_export`` turns a
Label Studio JSON export into JSON Lines for the import pipeline, one task
at a time, with each annotation's ``completed_by`` mapped to a LabelCore
user and each uploaded file's URL mapped to its copy here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import ijson
import orjson

log = logging.getLogger(__name__)

TIMEOUT = (10, 120)
UPLOAD_PREFIX = "/data/upload/"
PROJECT_TEXT_FIELDS = ("title", "description", "expert_instruction", "color")
PROJECT_FLAGS = ("show_instruction", "show_skip_button", "enable_empty_annotation")
SAMPLINGS = {
    "Sequential sampling": "Sequential sampling",
    "Uniform sampling": "Uniform sampling",
    "Uncertainty sampling": "Uncertainty sampling",
}


class LabelStudioError(RuntimeError):
    """Label Studio could not be read; the message says what to do."""


class LabelStudioServer:
    def __init__(self, url: str, token: str, settings):
        from labelcore.outbound import check_url, guarded_session, outbound_policy

        self.url = url.rstrip("/") + "/"
        policy = outbound_policy(settings)
        check_url(self.url, policy)
        self.session = guarded_session(policy)
        self.token = token.strip()
        self.access_until = 0.0
        if self.token.count(".") == 2:
            self._refresh()
        else:
            self.session.headers["Authorization"] = f"Token {self.token}"

    def _refresh(self) -> None:
        # A personal access token is a refresh token: it buys access tokens
        # that last a few minutes.
        answer = self.session.post(
            urljoin(self.url, "api/token/refresh"),
            json={"refresh": self.token},
            timeout=TIMEOUT,
        )
        if answer.status_code != 200:
            raise LabelStudioError(
                f"Label Studio refused the personal access token "
                f"({answer.status_code}); create a new one under Account & "
                f"Settings, or use the legacy token."
            )
        self.session.headers["Authorization"] = f"Bearer {answer.json()['access']}"
        self.access_until = time.monotonic() + 240

    def get(self, path: str, **kwargs):
        if self.access_until and time.monotonic() > self.access_until:
            self._refresh()
        answer = self.session.get(urljoin(self.url, path), timeout=TIMEOUT, **kwargs)
        if answer.status_code in (401, 403):
            raise LabelStudioError(
                f"Label Studio answered {answer.status_code} to {path}: the token "
                f"is wrong or lacks the rights; copy it from Account & Settings."
            )
        if answer.status_code >= 400:
            raise LabelStudioError(
                f"Label Studio answered {answer.status_code} to {path}: "
                f"{answer.text[:300]}"
            )
        return answer

    def _all(self, path: str) -> list[dict[str, Any]]:
        """Every item of a list endpoint, paged (``results``) or not."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.get(path, params={"page": page, "page_size": 100}).json()
            if isinstance(body, list):
                return body
            items.extend(body.get("results") or [])
            if not body.get("next"):
                return items
            page += 1

    def projects(self, wanted: list[int]) -> list[dict[str, Any]]:
        if wanted:
            return [self.get(f"api/projects/{number}/").json() for number in wanted]
        return [
            self.get(f"api/projects/{p['id']}/").json()
            for p in self._all("api/projects/")
        ]

    def users(self) -> list[dict[str, Any]]:
        return self._all("api/users/")

    def export_to(self, project_id: int, target: Path) -> None:
        """Stream the project's full JSON export into ``target``."""
        answer = self.get(
            f"api/projects/{project_id}/export",
            params={"exportType": "JSON", "download_all_tasks": "true"},
            stream=True,
        )
        with target.open("wb") as output:
            for chunk in answer.iter_content(1 << 20):
                output.write(chunk)

    def download(self, url: str, target: Path) -> bool:
        """Copy one of Label Studio's media files; False when it has none."""
        try:
            answer = self.get(url.lstrip("/"), stream=True)
        except LabelStudioError as error:
            log.warning("Media %s not copied: %s", url, error)
            return False
        with target.open("wb") as output:
            for chunk in answer.iter_content(1 << 20):
                output.write(chunk)
        return True


def project_fields(source: dict[str, Any]) -> dict[str, Any]:
    """The body that creates a LabelCore project like the Label Studio one;
    what LabelCore has no field for is kept in ``settings``."""
    body: dict[str, Any] = {"label_config": source.get("label_config") or "<View/>"}
    for field in PROJECT_TEXT_FIELDS:
        if isinstance(source.get(field), str):
            body[field] = source[field]
    for field in PROJECT_FLAGS:
        if isinstance(source.get(field), bool):
            body[field] = source[field]
    overlap = source.get("maximum_annotations")
    if isinstance(overlap, int) and not isinstance(overlap, bool) and overlap >= 1:
        body["maximum_annotations"] = overlap
    if source.get("sampling") in SAMPLINGS:
        body["sampling"] = SAMPLINGS[source["sampling"]]
    kept = {
        key: source[key]
        for key in (
            "show_annotation_history",
            "show_collab_predictions",
            "evaluate_predictions_automatically",
            "reveal_preannotations_interactively",
            "show_ground_truth_first",
            "skip_queue",
            "min_annotations_to_start_training",
            "control_weights",
        )
        if key in source
    }
    body["settings"] = {"label_studio": {"id": source.get("id"), **kept}}
    return body


def _tasks(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as source:
        head = source.read(1).lstrip()
        source.seek(0)
        if head == b"{":
            yield orjson.loads(source.read())
            return
        yield from ijson.items(source, "item", use_float=True)


def rewrite_export(
    export: Path,
    target: Path,
    annotator: Callable[[Any], int | None],
    media: Callable[[str], str | None],
) -> dict[str, int]:
    """Write the export's tasks to ``target`` as JSON Lines for the pipeline."""
    counts = {"tasks": 0, "annotations": 0, "predictions": 0, "media": 0}
    with target.open("wb") as output:
        for task in _tasks(export):
            data = task.get("data") if isinstance(task.get("data"), dict) else task
            copied = {}
            for key, value in data.items():
                if isinstance(value, str) and UPLOAD_PREFIX in value:
                    moved = media(value)
                    if moved is not None:
                        counts["media"] += 1
                        value = moved
                copied[key] = value
            annotations = []
            for record in task.get("annotations") or task.get("completions") or []:
                record = dict(record)
                record["completed_by"] = annotator(record.get("completed_by"))
                annotations.append(record)
            predictions = [
                {key: p.get(key) for key in ("result", "score", "model_version")}
                for p in task.get("predictions") or []
                if isinstance(p, dict)
            ]
            item = {
                "data": copied,
                "annotations": annotations,
                "predictions": predictions,
            }
            if isinstance(task.get("meta"), dict) and task["meta"]:
                item["meta"] = task["meta"]
            output.write(orjson.dumps(item) + b"\n")
            counts["tasks"] += 1
            counts["annotations"] += len(annotations)
            counts["predictions"] += len(predictions)
    return counts
