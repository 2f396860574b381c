"""``labelcore import``: local files into a project, as the API's import job."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import click

from labelcore.cli_data._common import (
    acting_user,
    command_app,
    failed_job,
    follow,
    project_for,
    runs_in_process,
)

SHOWN_REFUSALS = 20


@click.command("import")
@click.argument("project_id", type=int)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    default=None,
    help="Read every FILE as this format (json, jsonl, csv, tsv, txt); "
    "by default each file's extension decides.",
)
@click.option("--as-user", default=None, help="E-mail of the user who imports.")
def import_files(
    project_id: int, files: tuple[Path, ...], format_name: str | None, as_user
) -> None:
    """Import FILEs into project PROJECT_ID, as the API's import job does.

    The files are copied into the data directory first, so the job can be
    resumed after a crash like one the API started. A bad item is left out
    and named in the summary with its line or index, field and rule; the
    good ones are imported. The exit status is 1 when anything was refused.
    """
    for path in files:
        if not path.is_file():
            raise click.ClickException(
                f"The file {str(path)!r} does not exist or is not a file; "
                f"give the path of a JSON, JSONL, CSV, TSV or TXT file."
            )

    with command_app() as app:
        from labelcore.imports.job import start_import_job
        from labelcore.imports.request import with_config_options
        from labelcore.imports.sources import imports_folder
        from labelcore.models import ImportRecord, db

        state = app.extensions["labelcore"]
        user = acting_user(as_user)
        project = project_for(project_id, user, "manager", "import tasks")
        importer = _importer(state.plugins.importers, format_name)
        options = with_config_options(
            {"return_task_ids": False}, _parsed_config(state, project)
        )
        folder = imports_folder(state.settings.data_path)
        # Copying a large file takes a while: no transaction (on SQLite, the
        # write lock) stays open meanwhile.
        db.session.commit()
        sources = _copied(files, importer, state, project_id, folder)
        started = start_import_job(project, user, sources, options, folder)

        job = follow(
            started["job"]["id"],
            f"Importing into project {project.id}",
            runs_in_process(app),
        )
        record = db.session.get(ImportRecord, started["import"])
        if job["state"] != "finished":
            _remove_copies(record)
            raise failed_job(job, "import")
        click.echo(summary_of(project, record, job))
        if (job["result"] or {}).get("error_count"):
            raise SystemExit(1)


def _importer(importers, format_name: str | None):
    if format_name is None:
        return None
    importer = importers.get(format_name.lower())
    if importer is None:
        known = ", ".join(sorted(importers)) or "none installed"
        raise click.ClickException(
            f"No installed importer reads the format {format_name!r}; --format "
            f"takes one of: {known}."
        )
    return importer


def _parsed_config(state, project):
    from labelcore.config import ConfigInvalid

    try:
        return state.compiler.compile(project.label_config)
    except ConfigInvalid as error:
        raise click.ClickException(
            f"The label config of project {project.id} does not compile, so no "
            f"task can be checked against it: {error}"
        ) from None


def _copied(files, importer, state, project_id: int, folder: Path) -> list:
    """Each file copied to ``folder`` as the API spools an upload, one Source
    each; media files go to the project's uploads, where their tasks point."""
    from labelcore.imports.sources import (
        COPY_CHUNK,
        ImportRequestError,
        MediaStore,
        discard,
        named_source,
        source_for,
        spool,
    )
    from labelcore.uploads import upload_folder

    media = MediaStore(upload_folder(state.settings, project_id), project_id)
    importers = state.plugins.importers
    sources: list = []
    try:
        for path in files:
            with path.open("rb") as stream:
                copy, head = spool(iter(partial(stream.read, COPY_CHUNK), b""), folder)
            if importer is not None:
                sources.append(source_for(copy, importer, path.name, media))
                continue
            try:
                sources.append(
                    named_source(copy, head, path.name, "", importers, media)
                )
            except ImportRequestError:
                known = ", ".join(sorted(importers)) or "none installed"
                raise click.ClickException(
                    f"Cannot tell the format of {str(path)!r} from its extension "
                    f"or its first bytes; rename it to end in its format's "
                    f"extension, or pass --format with one of: {known}."
                ) from None
    except BaseException:
        discard(sources, media_too=True)
        raise
    return sources


def _remove_copies(record) -> None:
    """The copies of a job that failed or was cancelled: no rerun will come."""
    for saved in (record.options or {}).get("sources", []) if record else []:
        if not saved.get("kept"):
            Path(saved["path"]).unlink(missing_ok=True)


def summary_of(project, record, job: dict[str, Any]) -> str:
    """What the import brought in and what it refused, for people."""
    result = job["result"] or {}
    refused = result.get("error_count", 0)
    lines = [
        f"Import {record.id} into project {project.id} ({project.title!r}), "
        f"job {job['id']}:",
        f"  tasks:       {result.get('task_count', 0)} imported",
        f"  annotations: {result.get('annotation_count', 0)}",
        f"  predictions: {result.get('prediction_count', 0)}",
        f"  refused:     {refused} items",
    ]
    problems = list(record.errors or [])
    if problems:
        lines.append("Refused items (where: field: rule):")
        lines.extend(f"  {problem['text']}" for problem in problems[:SHOWN_REFUSALS])
    hidden = refused - min(len(problems), SHOWN_REFUSALS)
    if hidden > 0:
        lines.append(
            f"  ... and {hidden} more; GET /api/projects/{project.id}/imports/"
            f"{record.id}/ lists the first {len(problems)}."
        )
    return "\n".join(lines)
