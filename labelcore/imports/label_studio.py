"""Reading a running Label Studio through its API.

``LabelStudioServer`` talks to Label Studio through the outbound guard with
a legacy API token (``Authorization: Token``) or a personal access token: a
JWT refresh token that ``POST /api/token/refresh`` trades for an access
token of a few minutes (``Authorization: Bearer``), traded again when one
runs out. It reads the paged project list, each project, the users, a full
export of each project's tasks and the uploaded media.

The tasks come from an export snapshot (``POST /api/projects/<id>/exports/``)
asked for with predictions and annotators in full: the plain
``/api/projects/<id>/export`` of current Label Studio versions gives each
prediction as its id only and each annotator as a bare user id. A Label
Studio without snapshots (before 1.4) is read through the plain export.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

log = logging.getLogger(__name__)

TIMEOUT = (10, 120)
PAGE_SIZE = 100
EXPORT_WAIT_SECONDS = 3 * 3600
SNAPSHOT = {
    "title": "LabelCore migration",
    "task_filter_options": {},
    "annotation_filter_options": {"usual": True, "ground_truth": True, "skipped": True},
    "serialization_options": {
        "drafts": {"only_id": True},
        "predictions": {"only_id": False},
        "annotations__completed_by": {"only_id": False},
        "include_annotation_history": False,
        "interpolate_key_frames": False,
    },
}
"""Every task, every annotation (skipped and ground truth too), predictions
and annotators in full: Label Studio's snapshot defaults leave skipped
annotations out."""


class LabelStudioError(RuntimeError):
    """Label Studio answered something this import cannot use; the message
    says what and what to do. ``fatal`` errors end the whole run (a wrong
    token, an unreachable server); others end one project."""

    fatal = False


class LabelStudioUnusable(LabelStudioError):
    fatal = True


class LabelStudioServer:
    def __init__(self, url: str, token: str, settings):
        from labelcore.outbound import check_url, guarded_session, outbound_policy

        self.url = url.rstrip("/") + "/"
        policy = outbound_policy(settings)
        check_url(self.url, policy)
        self.session = guarded_session(policy)
        self.token = token.strip()
        self.personal = self.token.count(".") == 2
        if self.personal:
            self._refresh()
        else:
            self.session.headers["Authorization"] = f"Token {self.token}"

    # -- requests ---------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs):
        import requests

        from labelcore.outbound import OutboundRefused

        try:
            return self.session.request(
                method, urljoin(self.url, path), timeout=TIMEOUT, **kwargs
            )
        except OutboundRefused as error:
            raise LabelStudioUnusable(str(error)) from None
        except requests.RequestException as error:
            raise LabelStudioUnusable(
                f"Label Studio at {self.url} could not be reached ({error}); check "
                f"--url and that Label Studio is running."
            ) from None

    def _refresh(self) -> None:
        answer = self._send("POST", "api/token/refresh", json={"refresh": self.token})
        body = _json(answer) if answer.status_code == 200 else None
        access = body.get("access") if isinstance(body, dict) else None
        if not isinstance(access, str) or not access:
            raise LabelStudioUnusable(
                f"Label Studio at {self.url} refused the personal access token "
                f"({answer.status_code} on /api/token/refresh): check that --token "
                f"is a current personal access token from Account & Settings of "
                f"that Label Studio, or give its legacy token instead."
            )
        self.session.headers["Authorization"] = f"Bearer {access}"

    def request(self, method: str, path: str, allow=(), **kwargs):
        """Label Studio's answer to one request; an error answer raises
        ``LabelStudioError`` unless its status is in ``allow``."""
        answer = self._send(method, path, **kwargs)
        if answer.status_code == 401 and self.personal:
            # Access tokens last about five minutes; the refresh token buys
            # another one.
            self._refresh()
            answer = self._send(method, path, **kwargs)
        if answer.status_code in allow:
            return answer
        if answer.status_code in (401, 403):
            raise LabelStudioUnusable(
                f"Label Studio at {self.url} refused the token ({answer.status_code} "
                f"on /{path}): check that --token is the legacy token or personal "
                f"access token of an owner or administrator, copied from Account & "
                f"Settings of that Label Studio, and that this kind of token is "
                f"enabled in its organization settings."
            )
        if answer.status_code >= 400:
            raise LabelStudioError(
                f"Label Studio at {self.url} answered {answer.status_code} to "
                f"{method} /{path}: {answer.text[:300]}"
            )
        return answer

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def get_json(self, path: str, **kwargs) -> Any:
        answer = self.get(path, **kwargs)
        body = _json(answer)
        if body is None:
            raise LabelStudioError(
                f"Label Studio at {self.url} answered GET /{path} with something "
                f"that is not JSON; check that --url is Label Studio's address."
            )
        return body

    # -- reading ----------------------------------------------------------

    def _pages(self, path: str) -> list[dict[str, Any]]:
        """Every item of a list endpoint: a paged ``{count, next, results}``
        read page by page (``next`` may name a host only Label Studio knows,
        so pages are counted here), or a plain list."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.get_json(path, params={"page": page, "page_size": PAGE_SIZE})
            if isinstance(body, list):
                return body
            results = body.get("results") if isinstance(body, dict) else None
            if not isinstance(results, list):
                raise LabelStudioError(
                    f"Label Studio at {self.url} answered GET /{path} without a "
                    f"'results' list; is --url Label Studio's address?"
                )
            items.extend(results)
            count = body.get("count")
            if not body.get("next") or not results:
                return items
            if isinstance(count, int) and len(items) >= count:
                return items
            page += 1

    def project_ids(self, wanted: list[int]) -> list[int]:
        if wanted:
            return list(wanted)
        return [
            item["id"]
            for item in self._pages("api/projects/")
            if isinstance(item, dict) and isinstance(item.get("id"), int)
        ]

    def project(self, project_id: int) -> dict[str, Any]:
        body = self.get_json(f"api/projects/{project_id}/")
        if not isinstance(body, dict):
            raise LabelStudioError(
                f"Label Studio at {self.url} answered GET /api/projects/"
                f"{project_id}/ with something other than a project."
            )
        return body

    def users(self) -> list[dict[str, Any]]:
        return [user for user in self._pages("api/users/") if isinstance(user, dict)]

    def export_to(self, project_id: int, target: Path) -> None:
        """Write project ``project_id``'s tasks, in Label Studio's JSON export
        shape, to ``target``."""
        created = self.request(
            "POST",
            f"api/projects/{project_id}/exports/",
            allow=(404, 405),
            json=SNAPSHOT,
        )
        if created.status_code in (404, 405):
            log.info("Label Studio has no export snapshots; reading /export")
            self._download(
                f"api/projects/{project_id}/export",
                target,
                params={"exportType": "JSON", "download_all_tasks": "true"},
            )
            return
        body = _json(created)
        snapshot = body.get("id") if isinstance(body, dict) else None
        if not isinstance(snapshot, int):
            raise LabelStudioError(
                f"Label Studio at {self.url} made an export of project "
                f"{project_id} without telling its id."
            )

        path = f"api/projects/{project_id}/exports/{snapshot}"
        try:
            self._wait_for(path, project_id)
            self._download(f"{path}/download", target)
        finally:
            # The snapshot was made for this import only.
            try:
                self.request("DELETE", path)
            except LabelStudioError as error:
                log.warning(
                    "Export %s of project %s left in place: %s",
                    snapshot,
                    project_id,
                    error,
                )

    def _wait_for(self, path: str, project_id: int) -> None:
        deadline = time.monotonic() + EXPORT_WAIT_SECONDS
        pause = 0.2
        while True:
            body = self.get_json(path)
            status = body.get("status") if isinstance(body, dict) else None
            if status == "completed":
                return
            if status == "failed":
                raise LabelStudioError(
                    f"Label Studio could not export project {project_id} (its "
                    f"export snapshot failed); see Label Studio's log."
                )
            if time.monotonic() > deadline:
                raise LabelStudioError(
                    f"Label Studio's export of project {project_id} was still "
                    f"{status!r} after {EXPORT_WAIT_SECONDS // 3600} hours."
                )
            time.sleep(pause)
            pause = min(pause * 2, 5.0)

    def _download(self, path: str, target: Path, **kwargs) -> None:
        import requests

        answer = self.get(path, stream=True, **kwargs)
        try:
            with target.open("wb") as output:
                for chunk in answer.iter_content(1 << 20):
                    output.write(chunk)
        except (OSError, requests.RequestException) as error:
            target.unlink(missing_ok=True)
            raise LabelStudioError(
                f"The download of /{path} from Label Studio broke off: {error}"
            ) from None

    def download(self, path: str, target: Path) -> bool:
        """Copy one uploaded file (``/data/upload/...``) to ``target``; False
        when Label Studio has no such file."""
        try:
            self._download(path.lstrip("/"), target)
        except LabelStudioError as error:
            if error.fatal:
                raise
            log.warning("Media %s not copied: %s", path, error)
            target.unlink(missing_ok=True)
            return False
        return True


def _json(answer) -> Any:
    """The answer's JSON body, or None when it has none."""
    try:
        return answer.json()
    except ValueError:
        return None
