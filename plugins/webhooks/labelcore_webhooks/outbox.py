"""From what happened to rows to deliver: the transactional outbox.

Events are noted while a transaction runs (by the core's ``on_*`` hooks,
in ``plugin``), turned into one ``WebhookEvent`` and one delivery job per
listening webhook just before the transaction commits, and handed to the
job runner once it has committed. A rolled-back change sends nothing; a
committed one always has its events and jobs.

The session's transaction events are the process's; in an app that has
not loaded this plugin (or a bare Flask app) they do nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context

from labelcore.models import Job, Project, Task
from labelcore_webhooks.catalogue import (
    ORGANIZATION_ONLY,
    TASKS_PER_PAYLOAD,
    project_body,
    task_body,
)
from labelcore_webhooks.models import Webhook, WebhookEvent

log = logging.getLogger(__name__)

PENDING = "labelcore_webhooks.pending"
QUEUED = "labelcore_webhooks.queued"
BUSY = "labelcore_webhooks.busy"
ACTIVE = "labelcore_webhooks.active"
DELIVERY_KIND = "webhooks.deliver"
LISTED_ACTIONS = {
    "TASKS_CREATED": "tasks",
    "TASKS_DELETED": "tasks",
    "ANNOTATIONS_DELETED": "annotations",
}
"""Actions whose items of one transaction go out together, as a list."""


@dataclass
class Noted:
    action: str
    project_id: int | None
    organization_id: int | None = None
    body: dict[str, Any] = field(default_factory=dict)
    project: dict[str, Any] | None = None
    project_row: Project | None = None
    """A project created in this transaction, whose id its flush sets."""


def note(session, noted: Noted) -> None:
    """Remember an event for this transaction of ``session``."""
    session.info.setdefault(PENDING, []).append(noted)


def listen(session_factory) -> None:
    """Attach the transaction events once to the sessions of ``session_factory``."""
    for name, handler in (
        ("before_commit", _before_commit),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not sa.event.contains(session_factory, name, handler):
            sa.event.listen(session_factory, name, handler)


def active() -> bool:
    """Whether the running app loaded this plugin: the session events are
    the process's, but another app (a test's, say) may run without it."""
    if not has_app_context():
        return False
    extensions = current_app.extensions
    if ACTIVE not in extensions:
        import sys

        plugin = sys.modules.get("labelcore_webhooks.plugin")
        state = extensions.get("labelcore")
        extensions[ACTIVE] = (
            plugin is not None
            and state is not None
            and state.plugins.manager.is_registered(plugin)
        )
    return extensions[ACTIVE]


# -- rows and jobs, just before the commit ---------------------------------------


def _listeners(session, organization_id: int, project_id: int | None, action: str):
    query = sa.select(Webhook).where(
        Webhook.organization_id == organization_id, Webhook.is_active.is_(True)
    )
    if project_id is None or action in ORGANIZATION_ONLY:
        query = query.where(Webhook.project_id.is_(None))
    else:
        query = query.where(
            sa.or_(Webhook.project_id.is_(None), Webhook.project_id == project_id)
        )
    return [
        webhook
        for webhook in session.execute(query).scalars()
        if webhook.send_for_all_actions or action in (webhook.actions or [])
    ]


def _grouped(pending: list[Noted]) -> list[Noted]:
    """Listed actions of one project merged into one event (a list per
    payload of at most ``TASKS_PER_PAYLOAD``), in the order first noted."""
    entries: list[Noted | list[Noted]] = []
    lists: dict[tuple[str, int | None], list[Noted]] = {}
    for noted in pending:
        if noted.action not in LISTED_ACTIONS:
            entries.append(noted)
            continue
        key = (noted.action, noted.project_id)
        if key not in lists:
            lists[key] = []
            entries.append(lists[key])
        lists[key].append(noted)
    return [event for entry in entries for event in _as_events(entry)]


def _as_events(entry: Noted | list[Noted]) -> list[Noted]:
    if isinstance(entry, Noted):
        return [entry]
    first = entry[0]
    name = LISTED_ACTIONS[first.action]
    bodies = [noted.body for noted in entry]
    return [
        Noted(
            first.action,
            first.project_id,
            first.organization_id,
            {name: bodies[start : start + TASKS_PER_PAYLOAD]},
        )
        for start in range(0, len(bodies), TASKS_PER_PAYLOAD)
    ]


def payload_of(noted: Noted, project: dict[str, Any] | None) -> dict[str, Any]:
    payload: dict[str, Any] = {"action": noted.action}
    payload.update(noted.body)
    if project is not None:
        payload["project"] = project
    return payload


def _before_commit(session) -> None:
    if session.info.get(BUSY) or not active():
        return
    # A project created in this transaction gets its id from this flush.
    session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    session.info[BUSY] = True
    try:
        jobs = _write_events(session, _grouped(pending))
    finally:
        session.info[BUSY] = False
    session.info.setdefault(QUEUED, []).extend(jobs)


# Asked at every commit that noted an event, and most servers have no
# webhook: one read on the session's connection, not an ORM query.
_ANY_WEBHOOK = sa.select(Webhook.id).limit(1)


def _write_events(session, pending: list[Noted]) -> list[int]:
    if not session.connection().execute(_ANY_WEBHOOK).first():
        return []
    job_ids: list[int] = []
    for noted in pending:
        project = None
        if noted.project_row is not None:
            noted.project_id = noted.project_row.id
        if noted.project_id is not None:
            row = session.get(Project, noted.project_id)
            if row is None:
                continue
            noted.organization_id = row.organization_id
            project = project_body(row)
        project = noted.project or project
        if noted.organization_id is None:
            continue
        for webhook in _listeners(
            session, noted.organization_id, noted.project_id, noted.action
        ):
            payload = payload_of(noted, project)
            event = WebhookEvent(
                webhook_id=webhook.id,
                action=noted.action,
                payload=payload if webhook.send_payload else {"action": noted.action},
            )
            session.add(event)
            session.flush()
            job = Job(
                kind=DELIVERY_KIND,
                params={"event_id": event.id},
                organization_id=webhook.organization_id,
                project_id=webhook.project_id,
            )
            session.add(job)
            session.flush()
            job_ids.append(job.id)
    return job_ids


def _after_commit(session) -> None:
    job_ids = session.info.pop(QUEUED, None)
    if not job_ids:
        return
    submit(job_ids)


def submit(job_ids: list[int]) -> None:
    from labelcore.jobs.dispatch import QueueUnavailable

    state = current_app.extensions.get("labelcore") if has_app_context() else None
    if state is None:
        # Committed outside the app that queued them: the reconciler of the
        # running server finds the jobs queued and on no queue.
        log.warning("Webhook delivery jobs %s left to the reconciler", job_ids)
        return
    runner = state.job_runner
    for job_id in job_ids:
        try:
            runner.submit(job_id, "default")
        except QueueUnavailable as error:
            # The record is committed: the reconciler queues it later.
            log.warning("Webhook delivery job %s not queued yet: %s", job_id, error)


def _after_rollback(session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(QUEUED, None)


def tasks_of_import(session, project: Project, summary: dict[str, Any]) -> list[dict]:
    """The tasks an import made: by its record, or (an inline import, which
    has none) the newest ``task_count`` of the project."""
    query = sa.select(Task).where(Task.project_id == project.id)
    if summary.get("task_ids"):
        query = query.where(Task.id.in_(summary["task_ids"]))
    elif summary.get("import_id") is not None:
        query = query.where(Task.import_id == summary["import_id"])
    else:
        count = int(summary.get("task_count") or 0)
        query = query.order_by(Task.id.desc()).limit(count)
    rows = session.execute(query).scalars().all()
    return [task_body(row) for row in sorted(rows, key=lambda row: row.id)]
