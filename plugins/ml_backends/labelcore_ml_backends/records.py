"""From a backend row to a model object, and from a row to Label Studio's JSON.

A remote backend's model is an ``HttpBackend`` on a guarded session; an
in-process one gets the state its last training stored, checked against the
server's secret before it is unpickled, so that a row written by anyone but
this server is refused instead of run.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from flask import current_app

from labelcore import (
    ApiError,
    SecretKeyError,
    app_state,
    decrypt_secret,
    guarded_session,
    outbound_policy,
)
from labelcore.models import Project, db, isoformat
from labelcore_ml_backends.contract import BackendError, ModelSetup, default_timeouts
from labelcore_ml_backends.models import STATES, MLBackend, TrainingRun

log = logging.getLogger(__name__)

CACHED_MODELS = 8
_models: OrderedDict[tuple, Any] = OrderedDict()
_models_lock = threading.Lock()


def backend_types() -> dict[str, Any]:
    return app_state().plugins.ml_backend_types


def backend_type_named(name: str):
    found = backend_types().get(name)
    if found is None:
        known = ", ".join(sorted(backend_types())) or "none installed"
        raise ApiError(
            400,
            f"There is no ML backend type {name!r}; the installed types are {known}.",
            {"type": [f"must be one of {known}."]},
        )
    return found


def project_key(project: Project) -> str:
    """Label Studio names a project to its backends as ``<id>.<created>``."""
    return f"{project.id}.{int(project.created_at.timestamp())}"


def model_setup(backend: MLBackend, project: Project, state: bytes | None = None):
    kind = backend_type_named(backend.type)
    setup = ModelSetup(
        project_id=project.id,
        label_config=project.label_config,
        parsed_config=app_state().compiler.compile(project.label_config),
        title=backend.title or kind.title,
        model_version=backend.model_version or "",
        state=state,
        extra_params=dict(backend.extra_params or {}),
        project_key=project_key(project),
    )
    if kind.needs_url:
        setup.url = backend.url
        setup.auth = _auth(backend)
        setup.timeouts = default_timeouts(backend.timeout)
        setup.session = guarded_session(outbound_policy())
    return setup


def _auth(backend: MLBackend) -> tuple[str, str] | None:
    if backend.auth_method != "BASIC_AUTH":
        return None
    password = ""
    if backend.basic_auth_pass:
        try:
            password = decrypt_secret(backend.basic_auth_pass)
        except SecretKeyError as error:
            raise BackendError(str(error)) from None
    return (backend.basic_auth_user or "", password)


def open_model(backend: MLBackend, project: Project | None = None):
    """The model object of ``backend`` serving its current model version."""
    project = project or db.session.get(Project, backend.project_id)
    kind = backend_type_named(backend.type)
    if kind.needs_url:
        return kind.backend(model_setup(backend, project))

    run = latest_trained_run(backend)
    if run is None:
        return kind.backend(model_setup(backend, project))
    # The signed digest names the stored model by its content, so two apps in
    # one process (or two databases) never share a cached model by accident.
    key = (backend.type, run.state_digest, backend.model_version, project.label_config)
    with _models_lock:
        model = _models.get(key)
        if model is not None:
            _models.move_to_end(key)
            return model
    model = kind.backend(model_setup(backend, project, verified_state(run)))
    with _models_lock:
        _models[key] = model
        while len(_models) > CACHED_MODELS:
            _models.popitem(last=False)
    return model


def latest_trained_run(backend: MLBackend) -> TrainingRun | None:
    query = sa.select(TrainingRun).where(
        TrainingRun.backend_id == backend.id,
        TrainingRun.state == "finished",
        TrainingRun.model_state.is_not(None),
    )
    if backend.model_version:
        query = query.where(TrainingRun.model_version == backend.model_version)
    return db.session.scalars(query.order_by(TrainingRun.id.desc()).limit(1)).first()


def state_digest(state: bytes) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, state, hashlib.sha256).hexdigest()


def verified_state(run: TrainingRun) -> bytes:
    state = run.model_state or b""
    if not run.state_digest or not hmac.compare_digest(
        run.state_digest, state_digest(state)
    ):
        raise BackendError(
            f"The model stored by training run {run.id} was not signed with this "
            f"server's secret key (LABELCORE_SECRET_KEY), so it is not loaded. "
            f"Train the model again."
        )
    return state


def connect(backend: MLBackend, project: Project | None = None) -> None:
    """Reach the backend once (health and setup) and record its state.

    The transaction ends first: the backend may take seconds to answer, and
    SQLite's write lock must not wait for it.
    """
    backend_id = backend.id
    db.session.commit()
    try:
        version = open_model(backend, project).setup()
    except BackendError as error:
        backend = db.session.get(MLBackend, backend_id)
        backend.state = "ER"
        backend.error_message = str(error)
        log.warning("ML backend %s is not usable: %s", backend_id, error)
        return
    except Exception as error:
        backend = db.session.get(MLBackend, backend_id)
        backend.state = "ER"
        backend.error_message = (
            f"The model failed in its setup: {type(error).__name__}: {error}"
        )
        log.warning("ML backend %s failed in setup", backend_id, exc_info=True)
        return

    backend = db.session.get(MLBackend, backend_id)
    backend.state = "CO"
    backend.error_message = None
    if version and (backend.auto_update or not backend.model_version):
        backend.model_version = version
    project = db.session.get(Project, backend.project_id)
    if backend.model_version and not project.model_version:
        project.model_version = backend.model_version


def backend_payload(backend: MLBackend) -> dict[str, Any]:
    """Label Studio's ``MlBackend`` shape; the password only as set or not."""
    return {
        "id": backend.id,
        "project": backend.project_id,
        "type": backend.type,
        "url": backend.url or f"labelcore://{backend.type}",
        "title": backend.title,
        "description": backend.description,
        "state": backend.state,
        "readable_state": STATES.get(backend.state, backend.state),
        "error_message": backend.error_message,
        "is_interactive": backend.is_interactive,
        "auth_method": backend.auth_method,
        "basic_auth_user": backend.basic_auth_user,
        "basic_auth_pass_is_set": bool(backend.basic_auth_pass),
        "extra_params": backend.extra_params or {},
        "model_version": backend.model_version,
        "auto_update": backend.auto_update,
        "timeout": backend.timeout,
        "created_at": isoformat(backend.created_at),
        "updated_at": isoformat(backend.updated_at),
    }


ANNOTATOR_FIELDS = (
    "id",
    "project",
    "type",
    "title",
    "state",
    "readable_state",
    "is_interactive",
    "model_version",
)
"""What someone below manager sees of a backend: enough to pick an
interactive one, nothing of where it runs or how it signs in."""


def visible_backend_payload(backend: MLBackend, user) -> dict[str, Any]:
    """``backend_payload`` for a project manager, the annotator's fields for
    anyone else."""
    from labelcore import at_least, project_role

    payload = backend_payload(backend)
    project = db.session.get(Project, backend.project_id)
    if at_least(project_role(project, user), "manager"):
        return payload
    return {field: payload[field] for field in ANNOTATOR_FIELDS}


def run_payload(run: TrainingRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "ml_backend": run.backend_id,
        "project": run.project_id,
        "job": run.job_id,
        "trigger": run.trigger,
        "state": run.state,
        "model_version": run.model_version,
        "annotation_count": run.annotation_count,
        "metrics": run.metrics or {},
        "error": run.error,
        "created_at": isoformat(run.created_at),
        "started_at": isoformat(run.started_at),
        "finished_at": isoformat(run.finished_at),
    }


def primary_backend(project_id: int) -> MLBackend | None:
    """The backend a project's automatic predictions and trainings use: its
    first connected backend that is not only for interactive pre-annotation."""
    return db.session.scalars(
        sa.select(MLBackend)
        .where(
            MLBackend.project_id == project_id,
            MLBackend.is_interactive.is_(False),
            MLBackend.state.in_(("CO", "TR", "PR")),
        )
        .order_by(MLBackend.id)
        .limit(1)
    ).first()
