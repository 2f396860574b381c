"""Background jobs: state and progress of imports, exports and the rest."""

from __future__ import annotations

import sqlalchemy as sa
from flask import jsonify, request
from flask_smorest import Blueprint

from labelcore.api.access import bool_arg, int_arg, organization_id
from labelcore.api.errors import ApiError, invalid, not_found
from labelcore.jobs import job_payload
from labelcore.jobs.dispatch import JobAlreadyOver, request_cancel
from labelcore.models import JOB_STATES, Job, db

blp = Blueprint("jobs", __name__, url_prefix="/api/jobs", description="Jobs")


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.organization_id != organization_id():
        raise not_found("Job", job_id)
    return job


@blp.route("/", methods=["GET"])
def list_jobs():
    """The organization's jobs, newest first.

    ``?project=`` narrows to one project, ``?state=queued,running`` to some
    states (``?active=true`` is those two, what a progress panel shows),
    ``?kind=import`` to one kind; ``page_size`` (at most 1000) limits.
    """
    query = sa.select(Job).where(Job.organization_id == organization_id())
    project_id = int_arg("project")
    if project_id is not None:
        query = query.where(Job.project_id == project_id)
    states = _states()
    if states:
        query = query.where(Job.state.in_(states))
    if request.args.get("kind"):
        query = query.where(Job.kind == request.args["kind"])
    limit = min(int_arg("page_size", 100), 1000)
    rows = db.session.execute(query.order_by(Job.id.desc()).limit(limit)).scalars()
    return jsonify([job_payload(job) for job in rows])


def _states() -> list[str]:
    if bool_arg("active"):
        return ["queued", "running"]
    raw = request.args.get("state", "")
    states = [state.strip() for state in raw.split(",") if state.strip()]
    unknown = [state for state in states if state not in JOB_STATES]
    if unknown:
        raise invalid(
            "state",
            f"{unknown[0]!r} is not a job state; use one or more of "
            f"{', '.join(JOB_STATES)}, separated by commas.",
        )
    return states


@blp.route("/<int:job_id>/", methods=["GET"])
def read_job(job_id: int):
    """One job: state, progress (done/total), result and error."""
    return jsonify(job_payload(_job(job_id)))


@blp.route("/<int:job_id>/cancel", methods=["POST"])
def cancel_job(job_id: int):
    """Ask a queued or running job to stop; it stops at its next checkpoint."""
    job = _job(job_id)
    try:
        request_cancel(job)
    except JobAlreadyOver as error:
        raise ApiError(400, str(error)) from None
    return jsonify(job_payload(job))
