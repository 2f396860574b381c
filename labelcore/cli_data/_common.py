"""What the data commands share: the app, the acting user, the project, and
following a job on the terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click


@contextmanager
def command_app() -> Iterator[Any]:
    """The app, inside its app context; its in-process jobs end with it."""
    from labelcore.app import create_app
    from labelcore.models import db
    from labelcore.plugins import PluginError
    from labelcore.schema import SchemaOutdated

    try:
        with _quiet_unless_asked():
            app = create_app()
    except (PluginError, SchemaOutdated) as error:
        raise click.ClickException(str(error)) from None
    try:
        with app.app_context():
            try:
                yield app
            finally:
                db.session.remove()
    finally:
        app.extensions["labelcore"].job_runner.shutdown()


@contextmanager
def _quiet_unless_asked() -> Iterator[None]:
    """Warnings only, unless LABELCORE_LOG_LEVEL says otherwise: the progress
    bar and the summary say what the server's log would, and its lines
    would break the bar up."""
    if "LABELCORE_LOG_LEVEL" in os.environ:
        yield
        return
    os.environ["LABELCORE_LOG_LEVEL"] = "WARNING"
    try:
        yield
    finally:
        del os.environ["LABELCORE_LOG_LEVEL"]


def acting_user(email: str | None):
    """The user named by ``--as-user``; without it, the only administrator."""
    from labelcore.models import User, db

    if email:
        wanted = email.strip().lower()
        user = db.session.execute(
            db.select(User).where(User.email == wanted)
        ).scalar_one_or_none()
        if user is None:
            raise click.ClickException(
                f"No user has the e-mail {email!r}; pass --as-user with the e-mail "
                f"of an existing user, or create one with `labelcore user create`."
            )
        return user

    admins = list(
        db.session.execute(
            db.select(User).where(User.is_admin.is_(True)).order_by(User.id).limit(2)
        ).scalars()
    )
    if len(admins) == 1:
        return admins[0]
    found = "no administrator" if not admins else "several administrators"
    raise click.ClickException(
        f"There is {found}, so it is not clear whom to act as; pass --as-user "
        f"EMAIL with the user who starts the job."
    )


def project_for(project_id: int, user, needed_role: str, action: str):
    """Project ``project_id`` if ``user`` holds at least ``needed_role`` in it."""
    from labelcore.models import Project, db
    from labelcore.permissions import UNFILTERED
    from labelcore.permissions.roles import at_least, effective_role

    project = db.session.get(Project, project_id, execution_options=UNFILTERED)
    if project is None:
        raise click.ClickException(
            f"No project has the id {project_id}; the web UI and "
            f"GET /api/projects/ list the projects and their ids."
        )
    if user is None:
        return project
    role = effective_role(project, user)
    if not at_least(role, needed_role):
        held = f"is a {role} of" if role else "has no role in"
        raise click.ClickException(
            f"{user.email} {held} project {project.id} ({project.title!r}); to "
            f"{action} they must be a {needed_role} or above. Pass --as-user "
            f"with such a user."
        )
    return project


def progress_stream():
    """Where progress bars go: the terminal, keeping stdout for results."""
    return sys.stderr


def follow(job_id: int, label: str, runs_here: bool) -> dict[str, Any]:
    """Follow job ``job_id`` with a progress bar until it ends; its payload.

    Interrupted (Ctrl-C), a job that ``runs_here`` (on this process's own
    pool) is cancelled, since it would end with the process anyway; a job
    that runs on a worker or in a server goes on.
    """
    from labelcore.jobs.dispatch import JobAlreadyOver, request_cancel
    from labelcore.jobs.progress import follow_job
    from labelcore.models import Job, db

    try:
        return follow_job(job_id, label, progress_stream())
    except KeyboardInterrupt:
        if not runs_here:
            click.echo(
                f"\nStopped following job {job_id}; it goes on where it runs. "
                f"Follow it again with `labelcore jobs watch {job_id}`.",
                err=True,
            )
            raise SystemExit(130) from None
        db.session.rollback()
        try:
            request_cancel(db.session.get(Job, job_id))
        except JobAlreadyOver:
            click.echo(f"\nInterrupted; job {job_id} had ended.", err=True)
        else:
            click.echo(
                f"\nInterrupted: job {job_id} ran in this command and was cancelled.",
                err=True,
            )
        raise SystemExit(130) from None


def runs_in_process(app) -> bool:
    return not app.extensions["labelcore"].settings.redis_url


def failed_job(job: dict[str, Any], what: str) -> click.ClickException:
    return click.ClickException(
        f"The {what} job {job['id']} {job['state']}: "
        f"{job['error'] or 'no reason given'}"
    )
