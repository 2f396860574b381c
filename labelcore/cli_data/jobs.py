"""``labelcore jobs``: list job records, follow one, cancel one."""

from __future__ import annotations

from typing import Any

import click

from labelcore.cli_data._common import command_app, follow

LISTED_JOBS = 100


def _list_options(command):
    command = click.option(
        "--kind", default=None, help="Only jobs of this kind (import, export, ...)."
    )(command)
    command = click.option(
        "--state",
        "states",
        default=None,
        help="Only jobs in these states, separated by commas: queued, running, "
        "finished, failed, cancelled.",
    )(command)
    return click.option(
        "--project", "project_id", type=int, default=None, help="Only this project."
    )(command)


@click.group("jobs", invoke_without_command=True)
@_list_options
@click.pass_context
def jobs(ctx, project_id: int | None, states: str | None, kind: str | None) -> None:
    """Job records (imports, exports, index builds, ...): without a command,
    the newest first, as `jobs list` shows them."""
    if ctx.invoked_subcommand is None:
        _print_jobs(project_id, states, kind)


@jobs.command("list")
@_list_options
def list_jobs(project_id: int | None, states: str | None, kind: str | None) -> None:
    """The newest job records first."""
    _print_jobs(project_id, states, kind)


def _print_jobs(project_id: int | None, states: str | None, kind: str | None):
    import sqlalchemy as sa

    from labelcore.jobs import job_payload
    from labelcore.models import JOB_STATES, Job, db

    wanted = [state.strip() for state in (states or "").split(",") if state.strip()]
    unknown = [state for state in wanted if state not in JOB_STATES]
    if unknown:
        raise click.ClickException(
            f"--state: {unknown[0]!r} is not a job state; use one or more of "
            f"{', '.join(JOB_STATES)}, separated by commas."
        )

    with command_app():
        query = sa.select(Job).order_by(Job.id.desc()).limit(LISTED_JOBS)
        if project_id is not None:
            query = query.where(Job.project_id == project_id)
        if wanted:
            query = query.where(Job.state.in_(wanted))
        if kind:
            query = query.where(Job.kind == kind)
        rows = [job_payload(job) for job in db.session.execute(query).scalars()]

    if not rows:
        click.echo("No jobs match.")
        return
    click.echo(
        f"{'ID':>6}  {'KIND':<24} {'STATE':<9} {'PROJECT':>7}  {'PROGRESS':<15} CREATED"
    )
    for job in rows:
        click.echo(
            f"{job['id']:>6}  {job['kind']:<24} {job['state']:<9} "
            f"{job['project'] if job['project'] is not None else '-':>7}  "
            f"{_progress(job):<15} {job['created_at'] or ''}"
        )
        if job["error"]:
            click.echo(f"{'':>8}error: {job['error']}")


def _progress(job: dict[str, Any]) -> str:
    done = job["progress"]["done"] or 0
    total = job["progress"]["total"]
    return f"{done}/{total}" if total is not None else str(done)


@jobs.command("watch")
@click.argument("job_id", type=int)
def watch_job(job_id: int) -> None:
    """Follow job JOB_ID with a progress bar until it ends; the exit status
    is 1 when it failed or was cancelled."""
    with command_app():
        job = _job(job_id)
        # The job runs in a server or on a worker: interrupting only stops
        # following it.
        ended = follow(job_id, f"Job {job_id} ({job['kind']})", False)
    if ended["state"] != "finished":
        raise click.ClickException(
            f"Job {job_id} {ended['state']}: {ended['error'] or 'no reason given'}"
        )
    click.echo(f"Job {job_id} ({ended['kind']}) finished: {ended['result'] or {}}")


@jobs.command("cancel")
@click.argument("job_id", type=int)
def cancel_job(job_id: int) -> None:
    """Ask job JOB_ID to stop; a running job stops at its next checkpoint."""
    with command_app():
        from labelcore.jobs.dispatch import JobAlreadyOver, request_cancel
        from labelcore.models import Job, db

        _job(job_id)
        try:
            request_cancel(db.session.get(Job, job_id))
        except JobAlreadyOver as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Job {job_id} cancelled; a running job stops at its next checkpoint.")


def _job(job_id: int) -> dict[str, Any]:
    from labelcore.jobs import job_payload
    from labelcore.models import Job, db

    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(
            f"No job has the id {job_id}; `labelcore jobs` lists the jobs."
        )
    payload = job_payload(job)
    db.session.commit()
    return payload
