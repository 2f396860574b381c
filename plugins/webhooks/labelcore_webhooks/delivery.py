"""Delivering one event: sign the body, POST it through the outbound guard,
log the attempt, and try again later with a growing delay.

Each attempt is a job of its own. A failed attempt that may be retried
records when the next one is due and queues its job then, so no worker
waits out a delay; a job that starts early (a reconciler queued it) waits
until the event is due. Receivers see:

- ``X-LabelCore-Signature: sha256=<hex>``: HMAC-SHA256 of the exact body
  with the webhook's secret;
- ``X-LabelCore-Event`` (the action), ``X-LabelCore-Delivery`` (the event
  id, the same on every retry) and ``X-LabelCore-Attempt``.

An address the outbound guard refuses is not retried: it would be refused
again. Settings (``LABELCORE_WEBHOOK_ATTEMPTS``, ``..._RETRY_SECONDS``,
``..._TIMEOUT_SECONDS``) are read from the server's settings when it has
them, with the defaults below otherwise.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from datetime import timedelta

import orjson
from flask import current_app

from labelcore import decrypt_secret, guarded_session, job_kind, outbound_policy
from labelcore.models import Job, db, utcnow
from labelcore.outbound import OutboundRefused
from labelcore_webhooks.models import Webhook, WebhookAttempt, WebhookEvent
from labelcore_webhooks.outbox import DELIVERY_KIND, submit

log = logging.getLogger(__name__)

MAX_EARLY_WAIT_SECONDS = 600.0
USER_AGENT = "LabelCore-Webhooks/0.1"


class DeliveryFailed(RuntimeError):
    """An event could not be delivered in its last allowed attempt."""


def _settings():
    return current_app.extensions["labelcore"].settings


def retry_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (from 1): the
    first retry waits ``LABELCORE_WEBHOOK_RETRY_SECONDS``, each later one
    four times longer."""
    return _settings().webhook_retry_seconds * 4 ** (attempt - 1)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _headers(webhook: Webhook, event: WebhookEvent, body: bytes, attempt: int):
    headers = {str(name): str(value) for name, value in (webhook.headers or {}).items()}
    headers.update(
        {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-LabelCore-Event": event.action,
            "X-LabelCore-Delivery": str(event.id),
            "X-LabelCore-Attempt": str(attempt),
            "X-LabelCore-Signature": sign(decrypt_secret(webhook.secret), body),
        }
    )
    return headers


def _wait_until_due(event: WebhookEvent) -> None:
    if event.next_attempt_at is None:
        return
    early = (event.next_attempt_at - utcnow()).total_seconds()
    if early > 0:
        time.sleep(min(early, MAX_EARLY_WAIT_SECONDS))


def _post(url: str, body: bytes, headers: dict[str, str]):
    """``(status code, error, permanent)`` of one POST."""
    import requests

    timeout = _settings().webhook_timeout_seconds
    try:
        response = guarded_session(outbound_policy()).post(
            url, data=body, headers=headers, timeout=timeout
        )
    except OutboundRefused as error:
        return None, str(error), True
    except requests.RequestException as error:
        return None, f"{type(error).__name__}: {error}", False
    if 200 <= response.status_code < 300:
        return response.status_code, None, False
    return (
        response.status_code,
        f"HTTP {response.status_code}: {response.text[:200]}",
        False,
    )


@job_kind(DELIVERY_KIND)
def deliver(context) -> dict:
    """Job: one attempt at delivering ``params["event_id"]``."""
    event = db.session.get(WebhookEvent, context.params["event_id"])
    if event is None or event.state in ("delivered", "failed"):
        return {"skipped": True}
    webhook = db.session.get(Webhook, event.webhook_id)
    _wait_until_due(event)
    attempt = event.attempts + 1
    body = orjson.dumps(event.payload)
    headers = _headers(webhook, event, body, attempt)
    url, event_id, webhook_id = webhook.url, event.id, webhook.id
    # No transaction stays open while the receiver thinks.
    db.session.commit()

    started = time.monotonic()
    status, error, permanent = _post(url, body, headers)
    elapsed = int((time.monotonic() - started) * 1000)
    return _record(webhook_id, event_id, attempt, status, error, permanent, elapsed)


def _record(webhook_id, event_id, attempt, status, error, permanent, elapsed) -> dict:
    event = db.session.get(WebhookEvent, event_id)
    webhook = db.session.get(Webhook, webhook_id)
    db.session.add(
        WebhookAttempt(
            webhook_id=webhook_id,
            event_id=event_id,
            attempt=attempt,
            status_code=status,
            error=error,
            duration_ms=elapsed,
        )
    )
    event.attempts = attempt
    if error is None:
        event.state, event.finished_at = "delivered", utcnow()
        webhook.consecutive_failures = 0
        db.session.commit()
        return {"delivered": True, "status_code": status, "attempt": attempt}

    webhook.consecutive_failures += 1
    attempts = _settings().webhook_attempts
    if permanent or attempt >= attempts:
        event.state, event.finished_at = "failed", utcnow()
        db.session.commit()
        log.warning(
            "Webhook %s: event %s failed for good: %s", webhook_id, event_id, error
        )
        raise DeliveryFailed(
            f"Webhook {webhook_id} could not deliver event {event_id} in "
            f"{attempt} attempt(s); the last said: {error}"
        )

    delay = retry_delay(attempt)
    event.state = "retrying"
    event.next_attempt_at = utcnow() + timedelta(seconds=delay)
    retry = Job(
        kind=DELIVERY_KIND,
        params={"event_id": event_id},
        organization_id=webhook.organization_id,
        project_id=webhook.project_id,
    )
    db.session.add(retry)
    db.session.commit()
    _submit_later(retry.id, delay)
    return {"delivered": False, "error": error, "retry_in": delay, "attempt": attempt}


def _submit_later(job_id: int, delay: float) -> None:
    """Queue the retry when it is due. Should this process end first, the
    job waits queued in the database and the reconciler queues it."""
    app = current_app._get_current_object()

    def fire():
        with app.app_context():
            submit([job_id])

    timer = threading.Timer(delay, fire)
    timer.daemon = True
    timer.start()
