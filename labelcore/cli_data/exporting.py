"""``labelcore export``: a project's snapshot, made by the API's export job,
written to a file."""

from __future__ import annotations

import os
from pathlib import Path

import click

from labelcore.cli_data._common import (
    acting_user,
    command_app,
    failed_job,
    follow,
    project_for,
    runs_in_process,
)


@click.command("export")
@click.argument("project_id", type=int)
@click.option(
    "--format",
    "format_name",
    default="JSON",
    show_default=True,
    help="Export format: JSON, CSV, COCO, YOLO, ... (`GET /api/projects/<id>/"
    "export/formats` lists those that fit the project).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write; by default the name the download would have.",
)
@click.option(
    "--all-tasks", is_flag=True, help="Every task, not only the annotated ones."
)
@click.option("--include-predictions", is_flag=True, help="Add the predictions.")
@click.option(
    "--view", "view_id", type=int, default=None, help="Only a data-manager tab's tasks."
)
@click.option("--as-user", default=None, help="E-mail of the user who exports.")
def export_project(
    project_id: int,
    format_name: str,
    output: Path | None,
    all_tasks: bool,
    include_predictions: bool,
    view_id: int | None,
    as_user: str | None,
) -> None:
    """Export project PROJECT_ID as a snapshot job (the job of
    `POST /api/projects/<id>/exports/`) and write it to a file, the same
    file the snapshot's download gives."""
    if output is not None and not output.parent.is_dir():
        raise click.ClickException(
            f"The folder of --output {str(output)!r} does not exist; create it "
            f"first or write the file elsewhere."
        )

    with command_app() as app:
        from labelcore.exports.filters import ExportOptionError
        from labelcore.exports.snapshot import start_snapshot
        from labelcore.models import db

        state = app.extensions["labelcore"]
        user = acting_user(as_user)
        project = project_for(project_id, user, "manager", "export the project")
        exporter = _exporter(state, project, format_name)
        task_filters = {"only_with_annotations": not all_tasks}
        if view_id is not None:
            task_filters["view"] = view_id
        options = {
            "task_filter_options": task_filters,
            "annotation_filter_options": {},
            "serialization_options": {
                "predictions": {"only_id": False} if include_predictions else False
            },
            "export_type": exporter.name,
        }
        try:
            snapshot = start_snapshot(project, user, options, "")
        except ExportOptionError as error:
            option = "--view" if error.field.endswith(".view") else error.field
            raise click.ClickException(f"{option}: {error.message}") from None
        snapshot_id, job_id = snapshot.id, snapshot.job_id
        db.session.commit()

        here = runs_in_process(app)
        job = follow(job_id, f"Exporting project {project.id}", here)
        if job["state"] != "finished":
            raise failed_job(job, "export")
        if exporter.name != "JSON":
            # The snapshot's job queued the conversion as it finished.
            converting = _conversion_job(project.id, job_id, snapshot_id, exporter)
            converted = follow(converting, f"Converting to {exporter.name}", here)
            if converted["state"] != "finished":
                raise failed_job(converted, f"{exporter.name} conversion")

        path, counters = _write(snapshot_id, exporter, output)
        click.echo(
            f"Export {snapshot_id} of project {project.id} ({exporter.name}, job "
            f"{job_id}): {counters.get('task_number', 0)} tasks, "
            f"{counters.get('annotation_number', 0)} annotations, "
            f"{counters.get('prediction_number', 0)} predictions, written to {path}"
        )


def _exporter(state, project, name: str):
    from labelcore.config import ConfigInvalid

    exporters = state.plugins.exporters
    exporter = exporters.get(name) or exporters.get(name.upper())
    if exporter is None:
        known = ", ".join(sorted(exporters)) or "none installed"
        raise click.ClickException(
            f"No installed plugin provides the export format {name!r}; "
            f"--format takes one of: {known}."
        )
    try:
        parsed = state.compiler.compile(project.label_config)
    except ConfigInvalid as error:
        raise click.ClickException(
            f"The label config of project {project.id} does not compile: {error}"
        ) from None
    if not exporter.applies_to(parsed):
        fitting = [item.name for item in exporters.values() if item.applies_to(parsed)]
        about = exporter.description or exporter.title or exporter.name
        made_for = f" (made for {', '.join(exporter.tags)})" if exporter.tags else ""
        raise click.ClickException(
            f"The format {exporter.name!r} cannot express the label config of "
            f"project {project.id}: {about.rstrip('.')}{made_for}, and the "
            f"config has nothing it can hold. Formats that fit: "
            f"{', '.join(fitting) or 'none'}."
        )
    return exporter


def _conversion_job(project_id: int, export_job_id: int, snapshot_id: int, exporter):
    import sqlalchemy as sa

    from labelcore.models import Job, db

    jobs = db.session.execute(
        sa.select(Job)
        .where(
            Job.kind == "export_convert",
            Job.project_id == project_id,
            Job.id > export_job_id,
        )
        .order_by(Job.id)
    ).scalars()
    for job in jobs:
        params = job.params or {}
        if (
            params.get("snapshot_id") == snapshot_id
            and params.get("export_type") == exporter.name
        ):
            return job.id
    raise click.ClickException(
        f"Export {snapshot_id} finished but no conversion to {exporter.name} was "
        f"queued; convert it with POST /api/projects/{project_id}/exports/"
        f"{snapshot_id}/convert."
    )


def _write(snapshot_id: int, exporter, output: Path | None):
    """Write the snapshot's download to ``output`` (whole or not at all);
    the path written and the snapshot's counters."""
    from labelcore.exports.payloads import download_filename
    from labelcore.exports.snapshot import download_chunks
    from labelcore.models import ExportSnapshot, db

    snapshot = db.session.get(ExportSnapshot, snapshot_id, populate_existing=True)
    db.session.expunge(snapshot)
    path = output or Path(download_filename(snapshot, exporter))
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as target:
            chunks = download_chunks(snapshot, exporter)
            target.write(next(chunks, b""))
            # The rest comes from the snapshot's files: no transaction (on
            # SQLite, the write lock) stays open while they are read.
            db.session.commit()
            for chunk in chunks:
                target.write(chunk)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(
            f"Could not write the export to {str(path)!r}: {error}"
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return path, dict(snapshot.counters or {})
