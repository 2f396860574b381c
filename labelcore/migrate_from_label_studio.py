"""``labelcore import-label-studio``: bring projects over from Label Studio.

From a running Label Studio (``--url`` and ``--token``) or from a project's
JSON export file: each project comes with its label config and settings,
its tasks, annotations (matched to LabelCore users by e-mail, who are
created when missing), predictions, and uploaded media. The tasks go
through the import pipeline as a job, so a large project shows a progress
bar and survives the way any import job does.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import click


class Annotators:
    """Label Studio users to LabelCore user ids, by e-mail."""

    def __init__(self, source_users: list[dict[str, Any]], fallback_id: int | None):
        self.by_source_id = {
            user["id"]: user for user in source_users if isinstance(user.get("id"), int)
        }
        self.fallback_id = fallback_id
        self.local: dict[str, int] = {}
        self.created: list[str] = []

    def __call__(self, completed_by: Any) -> int | None:
        if isinstance(completed_by, dict):
            person = completed_by
        else:
            person = self.by_source_id.get(completed_by)
        email = (person or {}).get("email")
        if not isinstance(email, str) or "@" not in email:
            return self.fallback_id
        return self._local_id(email.strip().lower(), person)

    def _local_id(self, email: str, person: dict[str, Any]) -> int:
        if email in self.local:
            return self.local[email]
        from labelcore.accounts import create_user
        from labelcore.models import User, db

        user = db.session.execute(
            db.select(User).where(User.email == email)
        ).scalar_one_or_none()
        if user is None:
            user, _ = create_user(
                email,
                first_name=str(person.get("first_name") or ""),
                last_name=str(person.get("last_name") or ""),
            )
            self.created.append(email)
        self.local[email] = user.id
        return user.id


class MediaCopier:
    """Copies Label Studio's uploaded files into a project's uploads."""

    def __init__(self, project_id: int, server=None, folders=()):
        from labelcore.api.access import app_state
        from labelcore.uploads import upload_folder

        self.folder = upload_folder(app_state().settings, project_id)
        self.project_id = project_id
        self.server = server
        self.folders = [Path(folder) for folder in folders]
        self.missing: list[str] = []

    def __call__(self, url: str) -> str | None:
        path = url[url.index("/data/upload/") :]
        name = path.rsplit("/", 1)[1]
        target = self.folder / name
        if not target.exists() and not self._copy(path, target):
            self.missing.append(url)
            return None
        return f"/data/upload/{self.project_id}/{name}"

    def _copy(self, path: str, target: Path) -> bool:
        relative = path.removeprefix("/data/upload/")
        for folder in self.folders:
            for candidate in (folder / relative, folder / relative.split("/", 1)[-1]):
                if candidate.is_file():
                    shutil.copyfile(candidate, target)
                    return True
        if self.server is not None:
            return self.server.download(path, target)
        return False


def _create_project(app, owner, body: dict[str, Any], title: str | None):
    from flask import g

    from labelcore.api.errors import ApiError
    from labelcore.api.projects import create_project
    from labelcore.models import Project, db

    if title:
        body = {**body, "title": title}
    with app.test_request_context("/api/projects/", method="POST", json=body):
        g.user = owner
        try:
            created = create_project()
        except ApiError as error:
            raise click.ClickException(
                f"Project {body.get('title')!r} cannot be created here: {error.detail}"
            ) from None
        project_id = created.get_json()["id"]
    # The request context took its session with it; read the row afresh.
    return db.session.get(Project, project_id)


def migrate_project(app, owner, source: dict[str, Any], export: Path, **where) -> dict:
    """Create one project from Label Studio's ``source`` and its ``export``
    file, and import its tasks as a job; returns what was brought over."""
    from labelcore.imports.job import start_import_job
    from labelcore.imports.label_studio import project_fields, rewrite_export
    from labelcore.imports.sources import Source, imports_folder
    from labelcore.jobs.progress import follow_job
    from labelcore.models import db

    state = app.extensions["labelcore"]
    project = _create_project(app, owner, project_fields(source), where.get("title"))
    users = Annotators(where.get("users") or [], owner.id)
    media = MediaCopier(project.id, where.get("server"), where.get("media") or ())
    folder = imports_folder(state.settings.data_path)
    lines = folder / f"label-studio-{uuid.uuid4().hex}.jsonl"
    counts = rewrite_export(export, lines, users, media)

    importer = state.plugins.importers.get("jsonl")
    if importer is None:
        raise click.ClickException(
            "No installed plugin reads JSON Lines (the formats plugin does); "
            "install labelcore-formats."
        )
    options = {"keep_annotators": True, "return_task_ids": False}
    started = start_import_job(
        project, owner, [Source(lines, importer, lines.name)], options, folder
    )
    project_id, title = project.id, project.title
    job = follow_job(started["job"]["id"], f"Importing {title!r}")
    db.session.remove()
    if job["state"] != "finished":
        raise click.ClickException(
            f"The import of project {title!r} ended {job['state']}: {job['error']}"
        )
    return {
        "project": project_id,
        "title": title,
        **counts,
        "imported_tasks": job["result"].get("task_count", 0),
        "users_created": users.created,
        "media_missing": media.missing,
    }


def _owner(email: str | None):
    from labelcore.models import User, db

    query = db.select(User).order_by(User.id)
    query = (
        query.where(User.email == email.lower())
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
@click.option("--users-file", type=click.Path(dir_okay=False), help="Users JSON.")
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
    (users matched by e-mail), predictions and uploaded media.

    Give a running Label Studio's --url and --token (every project, or those
    named with --project), or the JSON EXPORT_FILE of one project with its
    --label-config or --project-file (Label Studio's /api/projects/<id>/),
    and --media folders holding its uploads. Outbound calls pass the guard:
    a Label Studio on a private address must be in LABELCORE_OUTBOUND_ALLOW.
    """
    from labelcore.app import create_app

    if bool(url) == bool(export_file):
        raise click.UsageError("Give either an EXPORT_FILE or --url with --token.")
    if url and not token:
        raise click.UsageError("--url needs --token: Label Studio's API token.")

    app = create_app()
    try:
        with app.app_context():
            results = _run(app, export_file, url, token, projects, options)
    finally:
        app.extensions["labelcore"].job_runner.shutdown()
    for result in results:
        click.echo(
            f"Project {result['title']!r} (id {result['project']}): "
            f"{result['imported_tasks']} tasks, {result['annotations']} annotations, "
            f"{result['predictions']} predictions, {result['media']} media files"
        )
        for email in result["users_created"]:
            click.echo(f"  created user {email}")
        for missing in result["media_missing"]:
            click.echo(f"  media not found, URL kept: {missing}")


def _run(app, export_file, url, token, projects, options) -> list[dict]:
    import orjson

    from labelcore.imports.label_studio import LabelStudioError, LabelStudioServer
    from labelcore.outbound import OutboundRefused

    owner = _owner(options.get("owner"))
    settings = app.extensions["labelcore"].settings
    scratch = settings.data_path / "imports"
    scratch.mkdir(parents=True, exist_ok=True)
    common = {"media": options.get("media") or ()}
    if options.get("users_file"):
        common["users"] = orjson.loads(Path(options["users_file"]).read_bytes())

    if export_file:
        source = _file_project(options)
        return [
            migrate_project(
                app,
                owner,
                source,
                Path(export_file),
                title=options.get("title"),
                **common,
            )
        ]

    try:
        server = LabelStudioServer(url, token, settings)
        users = common.pop("users", None) or server.users()
        results = []
        for source in server.projects(list(projects)):
            export = scratch / f"label-studio-export-{uuid.uuid4().hex}.json"
            try:
                server.export_to(source["id"], export)
                results.append(
                    migrate_project(
                        app,
                        owner,
                        source,
                        export,
                        server=server,
                        users=users,
                        **common,
                    )
                )
            finally:
                export.unlink(missing_ok=True)
        return results
    except (LabelStudioError, OutboundRefused) as error:
        raise click.ClickException(str(error)) from None


def _file_project(options) -> dict[str, Any]:
    import orjson

    if options.get("project_file"):
        return orjson.loads(Path(options["project_file"]).read_bytes())
    if options.get("label_config"):
        config = Path(options["label_config"]).read_text()
        return {"label_config": config, "title": options.get("title") or "Label Studio"}
    raise click.UsageError(
        "An export file holds no label config: give --label-config FILE or "
        "--project-file (the JSON of Label Studio's /api/projects/<id>/)."
    )
