"""``labelcore import-label-studio``: bring projects over from Label Studio.

From a running Label Studio (``--url`` and ``--token``) or from a project's
JSON export file: each project comes with its label config and settings,
its tasks, annotations (each annotator matched to a LabelCore user by
e-mail, made when missing, or a placeholder user when Label Studio gives
only an id), predictions, and uploaded media. The tasks go through the
import pipeline as a job, shown as a progress bar.

A project comes over or leaves nothing behind: a label config LabelCore
refuses, an export cut short or a failed import leaves no project, user or
file, and the run goes on with the next project. Within a project that
comes over, a task LabelCore refuses (an annotation its config does not
allow, a malformed annotator) is left out and listed with its reason. The
run ends with a summary and exits with status 1 when anything was refused.
"""

from __future__ import annotations

import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from labelcore.imports.label_studio_export import ScannedExport


class ProjectRefused(Exception):
    """One project cannot come over; nothing of it was written."""

    def __init__(self, label: str, field_name: str, message: str):
        super().__init__(f"{label}: {field_name}: {message}")
        self.label = label
        self.field = field_name
        self.message = message


@dataclass
class ProjectOutcome:
    label: str
    project_id: int
    title: str
    tasks: int = 0
    annotations: int = 0
    predictions: int = 0
    media: int = 0
    refused: list[str] = field(default_factory=list)
    refused_count: int = 0
    missing_media: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Run:
    """One run of the command: where things go and what came over."""

    app: Any
    owner_id: int
    annotators: Any
    scratch: Path
    server: Any = None
    media_folders: tuple = ()
    imported: list[ProjectOutcome] = field(default_factory=list)
    refused: list[ProjectRefused] = field(default_factory=list)

    @property
    def state(self):
        return self.app.extensions["labelcore"]

    @property
    def owner(self):
        # Read afresh: each import ends its session.
        from labelcore.models import User, db

        return db.session.get(User, self.owner_id)

    @contextmanager
    def as_owner(self, path: str, method: str, **kwargs):
        """A request of the owner's to the API's views, in an app context of
        its own (its own session and ``g``)."""
        from flask import g

        from labelcore.models import User, db

        # On SQLite one connection of a thread writes at a time: this one's
        # transaction ends before the request's starts.
        db.session.commit()
        with (
            self.app.app_context(),
            self.app.test_request_context(path, method=method, **kwargs),
        ):
            g.user = db.session.get(User, self.owner_id)
            yield


def _create_project(run: Run, label: str, body: dict[str, Any]):
    from labelcore.api.errors import ApiError
    from labelcore.api.projects import create_project
    from labelcore.models import Project, db

    with run.as_owner("/api/projects/", "POST", json=body):
        try:
            created = create_project()
        except ApiError as error:
            fields = error.validation_errors or {"project": [error.detail]}
            name, messages = next(iter(fields.items()))
            raise ProjectRefused(label, name, messages[0]) from None
        project_id = created.get_json()["id"]
    return db.session.get(Project, project_id)


def _delete_project(run: Run, project_id: int) -> None:
    from labelcore.api.projects import delete_project

    with run.as_owner(f"/api/projects/{project_id}/", "DELETE"):
        delete_project(project_id)


def _check_config(run: Run, label: str, config: str) -> None:
    from labelcore.config import ConfigInvalid

    try:
        run.state.compiler.compile(config)
    except ConfigInvalid as error:
        raise ProjectRefused(label, "label_config", str(error)) from None


def migrate_project(run: Run, source: dict[str, Any], export: Path, label: str):
    """Bring one project over from Label Studio's ``source`` (its
    ``/api/projects/<id>/``) and ``export``; a ``ProjectOutcome``, or
    ``ProjectRefused`` with nothing written."""
    from labelcore.imports.label_studio_export import (
        ExportUnreadable,
        project_fields,
        scan_export,
    )

    body, notes = project_fields(source, run.state.plugins.samplers)
    _check_config(run, label, body["label_config"])
    scanned_path = run.scratch / f"label-studio-scan-{uuid.uuid4().hex}.jsonl"
    try:
        try:
            scanned = scan_export(export, scanned_path)
        except ExportUnreadable as error:
            raise ProjectRefused(label, "export", str(error)) from None
        project = _create_project(run, label, body)
        outcome = _import_into(run, project, scanned, scanned_path, label)
    finally:
        scanned_path.unlink(missing_ok=True)
    outcome.notes.extend(notes)
    if scanned.prediction_ids_only:
        outcome.notes.append(
            f"the export gave {scanned.prediction_ids_only} predictions as bare "
            f"ids, without their results, so they were left out; import with "
            f"--url, or export a snapshot with predictions in full"
        )
    return outcome


def _import_into(run: Run, project, scanned: ScannedExport, scanned_path, label):
    """Annotators, media and tasks of one new project; on any failure the
    project and what was made for it are taken back."""
    from labelcore.imports.label_studio_export import write_tasks
    from labelcore.imports.label_studio_media import MediaCopier

    project_id, title = project.id, project.title
    media = MediaCopier(run.state.settings, project_id, run.server, run.media_folders)
    lines = run.scratch / f"label-studio-{uuid.uuid4().hex}.jsonl"
    try:
        users = run.annotators.resolve(scanned.people)
        if scanned.media:
            with click.progressbar(
                scanned.media, label=f"Copying media of {title!r}", file=_progress()
            ) as files:
                media.copy_all(scanned.media, files)
        write_tasks(scanned_path, lines, users.__getitem__, media)
        job, record = _run_import(run, project, lines, label)
    except BaseException:
        from labelcore.models import db

        db.session.rollback()
        lines.unlink(missing_ok=True)
        _delete_project(run, project_id)
        run.annotators.undo()
        media.undo()
        raise
    run.annotators.keep()

    result = job["result"] or {}
    outcome = ProjectOutcome(
        label,
        project_id,
        title,
        tasks=result.get("task_count", 0),
        annotations=result.get("annotation_count", 0),
        predictions=result.get("prediction_count", 0),
        media=len(media.copies),
    )
    refused = [
        (problem["position"], problem["where"], problem["field"] or "task", problem)
        for problem in scanned.refused
    ]
    for problem in record:
        index = problem["index"]
        position, where = scanned.positions[index - 1], scanned.where(index)
        refused.append((position, where, problem["field"], problem))
    refused.sort(key=lambda entry: entry[0])
    outcome.refused = [
        f"{where}: {name}: {p['message']}" for _, where, name, p in refused
    ]
    outcome.refused_count = len(scanned.refused) + result.get("error_count", 0)
    for path, task_id in media.missing:
        where = f" (task {task_id})" if task_id else ""
        outcome.missing_media.append(f"{path}{where}")
    return outcome


def _run_import(run: Run, project, lines: Path, label: str):
    """Import ``lines`` into ``project`` as a job, following it with a
    progress bar; the finished job and the problems it recorded."""
    from labelcore.imports.job import start_import_job
    from labelcore.imports.sources import Source, imports_folder
    from labelcore.jobs.progress import follow_job
    from labelcore.models import ImportRecord, db

    importer = run.state.plugins.importers["jsonl"]
    folder = imports_folder(run.state.settings.data_path)
    options = {"keep_annotators": True, "return_task_ids": False}
    source = Source(lines, importer, lines.name)
    started = start_import_job(project, run.owner, [source], options, folder)
    job = follow_job(started["job"]["id"], f"Importing {project.title!r}", _progress())
    record = db.session.get(ImportRecord, started["import"])
    saved = (record.options or {}) if record is not None else {}
    problems = list(record.errors or []) if record is not None else []
    kept = [Path(source["path"]) for source in saved.get("sources", [])]
    db.session.remove()
    if job["state"] != "finished":
        for path in kept:
            path.unlink(missing_ok=True)
        raise ProjectRefused(
            label, "import", f"the import job {job['state']}: {job['error']}"
        )
    return job, problems


def _progress():
    return sys.stderr


def _owner(email: str | None):
    from labelcore.models import User, db

    query = db.select(User).order_by(User.id)
    query = (
        query.where(User.email == email.strip().lower())
        if email
        else query.where(User.is_admin.is_(True))
    )
    owner = db.session.execute(query.limit(1)).scalar_one_or_none()
    if owner is None:
        wanted = f"user {email!r}" if email else "administrator"
        raise click.ClickException(
            f"No {wanted} exists to own the imported projects; create one with "
            f"`labelcore user create EMAIL --admin`, or pass --owner."
        )
    return owner


@click.command("import-label-studio")
@click.argument("export_file", required=False, type=click.Path(dir_okay=False))
@click.option("--url", help="A running Label Studio, such as http://localhost:8080.")
@click.option("--token", help="Its API token (legacy or personal access token).")
@click.option("--project", "projects", type=int, multiple=True, help="Project id.")
@click.option("--label-config", type=click.Path(dir_okay=False), help="Config XML.")
@click.option("--project-file", type=click.Path(dir_okay=False), help="Project JSON.")
@click.option(
    "--users-file",
    type=click.Path(dir_okay=False),
    help="Label Studio's users (its /api/users/ JSON), to name annotators by e-mail.",
)
@click.option(
    "--media",
    "media",
    multiple=True,
    type=click.Path(file_okay=False),
    help="A folder with Label Studio's uploads (repeatable).",
)
@click.option("--title", help="Title of the project made from an export file.")
@click.option("--owner", help="E-mail of the LabelCore user who owns the projects.")
def import_label_studio(export_file, url, token, projects, **options):
    """Bring Label Studio projects over: configs, settings, tasks, annotations
    (annotators matched or created by e-mail), predictions and uploaded media.

    Give a running Label Studio's --url and --token (every project, or those
    named with --project), or the JSON EXPORT_FILE of one project with its
    --label-config or --project-file (Label Studio's /api/projects/<id>/),
    and --media folders holding its uploads. An annotator the export names
    only by Label Studio user id is looked up in --users-file (or, with
    --url, in Label Studio's users); failing that, they become a placeholder
    user label-studio-user-<id>@label-studio.invalid. Outbound calls pass
    the guard: a Label Studio on a private address must be in
    LABELCORE_OUTBOUND_ALLOW.

    A project that cannot come over leaves nothing behind and the others go
    on. The summary lists what was refused and why; the exit status is 1
    when anything was.
    """
    from labelcore.app import create_app

    if bool(url) == bool(export_file):
        raise click.UsageError("Give either an EXPORT_FILE or --url with --token.")
    if url and not token:
        raise click.UsageError("--url needs --token: Label Studio's API token.")

    app = create_app()
    try:
        with app.app_context():
            run = _start(app, url, token, options)
            try:
                if export_file:
                    _from_file(run, Path(export_file), options)
                else:
                    _from_server(run, list(projects))
            except click.ClickException:
                if run.imported or run.refused:
                    click.echo(summary_of(run, url or export_file))
                raise
            click.echo(summary_of(run, url or export_file))
    finally:
        app.extensions["labelcore"].job_runner.shutdown()
    if run.refused or any(outcome.refused_count for outcome in run.imported):
        raise SystemExit(1)


def _start(app, url, token, options) -> Run:
    from labelcore.imports.label_studio import LabelStudioError, LabelStudioServer
    from labelcore.imports.label_studio_people import (
        Annotators,
        UsersFileInvalid,
        read_users_file,
    )
    from labelcore.outbound import OutboundRefused

    state = app.extensions["labelcore"]
    if "jsonl" not in state.plugins.importers:
        raise click.ClickException(
            "No installed plugin reads JSON Lines (the formats plugin does); "
            "install labelcore-formats."
        )
    owner = _owner(options.get("owner"))
    try:
        directory = (
            read_users_file(Path(options["users_file"]))
            if options.get("users_file")
            else None
        )
    except UsersFileInvalid as error:
        raise click.ClickException(str(error)) from None

    server = None
    if url:
        try:
            server = LabelStudioServer(url, token, state.settings)
        except (LabelStudioError, OutboundRefused) as error:
            raise click.ClickException(str(error)) from None

    scratch = state.settings.data_path / "imports"
    scratch.mkdir(parents=True, exist_ok=True)
    return Run(
        app,
        owner.id,
        Annotators(owner.active_organization_id, _directory(directory, server)),
        scratch,
        server,
        tuple(options.get("media") or ()),
    )


def _directory(given, server):
    """Where Label Studio users are looked up by id: the users file, else
    the server's users (asked once, when first needed), else nowhere."""
    from labelcore.imports.label_studio import LabelStudioError
    from labelcore.imports.label_studio_people import directory_of

    def lookup():
        if given is not None:
            return given
        if server is None:
            return {}
        try:
            users = server.users()
            return directory_of(users, "Label Studio's /api/users/", strict=False)
        except LabelStudioError as error:
            if error.fatal:
                raise
            return {}

    return lookup


def _from_file(run: Run, export: Path, options) -> None:
    source = _file_project(options)
    if options.get("title"):
        source["title"] = options["title"]
    if not isinstance(source.get("title"), str) or not source["title"]:
        source["title"] = export.stem
    label = f"Project {source['title']!r} from {export.name!r}"
    try:
        run.imported.append(migrate_project(run, source, export, label))
    except ProjectRefused as error:
        raise click.ClickException(
            f"{error.label} was not imported, and nothing was written. "
            f"{error.field}: {error.message}"
        ) from None


def _file_project(options) -> dict[str, Any]:
    import orjson

    if options.get("project_file"):
        path = Path(options["project_file"])
        try:
            project = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise click.ClickException(
                f"The project file {str(path)!r} cannot be read as JSON ({error}); "
                f"save Label Studio's /api/projects/<id>/ answer into it."
            ) from None
        if not isinstance(project, dict):
            raise click.ClickException(
                f"The project file {str(path)!r} must hold one project object, "
                f"as Label Studio's /api/projects/<id>/ answers."
            )
        return project
    if options.get("label_config"):
        path = Path(options["label_config"])
        try:
            return {"label_config": path.read_text(encoding="utf-8")}
        except (OSError, UnicodeDecodeError) as error:
            raise click.ClickException(
                f"The label config {str(path)!r} cannot be read: {error}"
            ) from None
    raise click.UsageError(
        "An export file holds no label config: give --label-config FILE or "
        "--project-file (the JSON of Label Studio's /api/projects/<id>/)."
    )


def _from_server(run: Run, wanted: list[int]) -> None:
    from labelcore.imports.label_studio import LabelStudioError

    server = run.server
    try:
        numbers = server.project_ids(wanted)
    except LabelStudioError as error:
        raise click.ClickException(str(error)) from None

    for number in numbers:
        label = f"Label Studio project {number}"
        export = run.scratch / f"label-studio-export-{uuid.uuid4().hex}.json"
        step = "project"
        try:
            source = server.project(number)
            label = f"{label} {source.get('title') or ''!r}"
            _check_config(run, label, source.get("label_config") or "<View/>")
            step = "export"
            server.export_to(number, export)
            run.imported.append(migrate_project(run, source, export, label))
        except ProjectRefused as error:
            run.refused.append(error)
        except LabelStudioError as error:
            if error.fatal:
                raise click.ClickException(str(error)) from None
            run.refused.append(ProjectRefused(label, step, str(error)))
        finally:
            export.unlink(missing_ok=True)


def summary_of(run: Run, origin: str) -> str:
    """What came over and what did not, for people."""
    from labelcore.imports.label_studio_people import PLACEHOLDER_DOMAIN

    imported = run.imported
    annotators = run.annotators
    placeholders = annotators.emails("placeholder")
    refused_tasks = sum(outcome.refused_count for outcome in imported)
    missing = [path for outcome in imported for path in outcome.missing_media]
    lines = [
        f"Summary of the import from {origin}:",
        f"  projects:    {len(imported)} imported, {len(run.refused)} refused",
        f"  tasks:       {sum(o.tasks for o in imported)} imported, "
        f"{refused_tasks} refused",
        f"  annotations: {sum(o.annotations for o in imported)}",
        f"  predictions: {sum(o.predictions for o in imported)}",
        f"  users:       {len(annotators.emails('matched'))} matched, "
        f"{len(annotators.emails('created'))} created, "
        f"{len(placeholders)} placeholders",
        f"  media files: {sum(o.media for o in imported)} copied, "
        f"{len(missing)} not found",
    ]
    for outcome in imported:
        counts = ", ".join(
            _number_of(count, noun)
            for count, noun in (
                (outcome.tasks, "task"),
                (outcome.annotations, "annotation"),
                (outcome.predictions, "prediction"),
                (outcome.media, "media file"),
            )
        )
        lines.append(
            f"{outcome.label} -> LabelCore project {outcome.project_id} "
            f"{outcome.title!r}: {counts}"
        )
        lines.extend(f"  note: {note}" for note in outcome.notes)
    if annotators.emails("created"):
        lines.append("Users created (no password yet; set one to let them log in):")
        lines.extend(f"  {email}" for email in annotators.emails("created"))
    if placeholders:
        lines.append(
            f"Placeholder users, for annotators the export names by Label Studio "
            f"user id only (addresses under .{PLACEHOLDER_DOMAIN.split('.')[-1]} "
            f"never receive mail; give --users-file to name them, or move their "
            f"work to the real accounts later):"
        )
        lines.extend(
            f"  {email}  ({annotators.labels.get(email, 'Label Studio user')})"
            for email in placeholders
        )
    refusals = [str(error) for error in run.refused]
    for outcome in imported:
        refusals.extend(f"{outcome.label}, {text}" for text in outcome.refused)
        hidden = outcome.refused_count - len(outcome.refused)
        if hidden > 0:
            refusals.append(f"{outcome.label}: {hidden} more tasks refused")
    if refusals:
        lines.append("Refused:")
        lines.extend(f"  {text}" for text in refusals)
    if missing:
        lines.append("Media not found (the tasks keep their Label Studio URL):")
        lines.extend(f"  {path}" for path in missing)
    return "\n".join(lines)


def _number_of(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
