"""``labelcore index``: data-manager indexes on ``data`` keys."""

from __future__ import annotations

import click

from labelcore.cli_data._common import (
    acting_user,
    command_app,
    failed_job,
    follow,
    project_for,
    runs_in_process,
)


@click.group("index")
def index() -> None:
    """Indexes on a project's data keys, for the data manager's filters,
    sorts and `contains`: build, list."""


@index.command("build")
@click.argument("project_id", type=int)
@click.argument("key")
@click.option(
    "--kind",
    default="value",
    show_default=True,
    help="value (equality, ranges, sorting) or text (contains).",
)
@click.option("--as-user", default=None, help="E-mail of the user who builds it.")
def build_index(project_id: int, key: str, kind: str, as_user: str | None) -> None:
    """Build an index of KIND on data.KEY of project PROJECT_ID, as a job
    followed with a progress bar; an index already built is left as it is,
    and a build already running is followed."""
    with command_app() as app:
        from labelcore.datamanager.building import pending_builds, start_data_index
        from labelcore.datamanager.data_keys import DataKeyInvalid
        from labelcore.models import TaskDataIndex, db

        user = acting_user(as_user)
        project = project_for(project_id, user, "manager", "build data indexes")
        already_building = {job.id for job in pending_builds(project_id)}
        try:
            started = start_data_index(project, key, kind, user.id)
        except DataKeyInvalid as error:
            raise click.ClickException(f"KEY {key!r}: {error}") from None
        except ValueError as error:
            raise click.ClickException(f"--kind: {error}") from None
        if isinstance(started, TaskDataIndex):
            name = started.index_name
            db.session.commit()
            click.echo(
                f"Project {project_id} already has the {kind} index on data.{key} "
                f"({name})."
            )
            return

        job_id = started.id
        db.session.commit()
        # A build someone else started runs elsewhere, and is only followed.
        here = runs_in_process(app) and job_id not in already_building
        job = follow(job_id, f"Indexing data.{key} of project {project_id}", here)
        if job["state"] != "finished":
            raise failed_job(job, "index build")
        built = (job["result"] or {}).get("index") or {}
        click.echo(
            f"Built the {kind} index on data.{key} of project {project_id} "
            f"({built.get('index_name')}, job {job_id}); the data manager uses it "
            f"from now on."
        )


@index.command("list")
@click.argument("project_id", type=int)
def list_indexes(project_id: int) -> None:
    """The indexes of project PROJECT_ID: those built, then those building."""
    with command_app():
        from labelcore.datamanager.building import building_payload, pending_builds
        from labelcore.datamanager.indexes import data_indexes, index_payload

        project = project_for(project_id, None, "manager", "list indexes")
        built = [index_payload(record) for record in data_indexes(project)]
        building = [building_payload(job) for job in pending_builds(project_id)]
        if not built and not building:
            click.echo(f"Project {project_id} has no data indexes.")
            return
        click.echo(f"{'KIND':<6} {'KEY':<24} {'STATE':<9} DETAIL")
        for entry in built + building:
            click.echo(
                f"{entry['kind']:<6} {entry['key']:<24} {entry['state']:<9} "
                f"{_detail(entry)}"
            )


def _detail(entry: dict) -> str:
    if entry["state"] == "ready":
        return f"{entry['index_name']} (index {entry['id']})"
    progress = entry["progress"]
    total = progress["total"] if progress["total"] is not None else "?"
    return f"job {entry['job']}, {progress['done'] or 0}/{total}"
