"""The ``labelcore`` command: serve, worker, db, user, plugins, demo."""

from __future__ import annotations

import gc
import logging
import sys

import click

from labelcore.cli_data import DATA_COMMANDS
from labelcore.migrate_from_label_studio import import_label_studio
from labelcore.settings import Settings

log = logging.getLogger(__name__)


def _app(create_schema: bool = True):
    from labelcore.app import create_app

    try:
        return create_app(create_schema=create_schema)
    except Exception as error:
        from labelcore.plugins import PluginError
        from labelcore.schema import SchemaOutdated

        if isinstance(error, (PluginError, SchemaOutdated)):
            raise click.ClickException(str(error)) from None
        raise


def _freeze_start_up_objects() -> None:
    """Keep what start-up built out of the garbage collector's full passes.

    The app, its plugins and the modules they import are a few hundred
    thousand objects that live as long as the process. A full collection
    walks every object it tracks, and a large import or export, which keeps
    thousands of items alive at a time, sets one off every few tens of
    thousands of items: a third of an import's time went there.
    """
    gc.collect()
    gc.freeze()


class LabelCoreGroup(click.Group):
    """Adds the commands that plugins register to the built-in ones."""

    def _plugin_commands(self) -> dict:
        if not hasattr(self, "_loaded"):
            self._loaded = {}
            try:
                from labelcore.plugins import build_plugin_set

                plugin_set = build_plugin_set(Settings.from_env())
                self._loaded = dict(plugin_set.cli_commands)
            except Exception as error:
                log.warning("Plugin commands are unavailable: %s", error)
        return self._loaded

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self._plugin_commands()})

    def get_command(self, ctx, name):
        return super().get_command(ctx, name) or self._plugin_commands().get(name)

    def invoke(self, ctx):
        from labelcore.settings import SettingInvalid

        try:
            return super().invoke(ctx)
        except SettingInvalid as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=LabelCoreGroup)
def main() -> None:
    """LabelCore: a data annotation server built from plugins."""


@main.command()
@click.option("--host", default=None, help="Address to serve on (LABELCORE_HOST).")
@click.option("--port", default=None, type=int, help="Port (LABELCORE_PORT).")
@click.option(
    "--threads", default=16, show_default=True, help="Worker threads per process."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Server processes; more than one runs gunicorn (Unix), one per core.",
)
def serve(host: str | None, port: int | None, threads: int, workers: int) -> None:
    """Run the server (creates the schema on an empty database)."""
    from labelcore.jobs.memory import tune_allocator
    from labelcore.jobs.runner import start_reconciler

    tune_allocator()
    app = _app()
    settings = app.extensions["labelcore"].settings
    host = host or settings.host
    port = port or settings.port
    if workers > 1:
        _serve_processes(app, host, port, threads, workers)
        return

    from waitress import serve as waitress_serve

    if not settings.redis_url:
        # In-process jobs live in this server: it alone takes over the jobs
        # that a previous run of it left unfinished.
        start_reconciler(app)
    _freeze_start_up_objects()
    click.echo(f"LabelCore is serving on http://{host}:{port}/")
    waitress_serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="LabelCore",
        # Waitress reads a whole body before the app sees the request: with
        # the same limit it answers 413 as soon as the headers announce more.
        max_request_body_size=settings.max_upload_bytes,
    )


def _serve_processes(app, host: str, port: int, threads: int, workers: int) -> None:
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:
        raise click.ClickException(
            "--workers needs gunicorn, which runs on Unix only: install it "
            "(`pip install gunicorn`) or serve with one process (--workers 1)."
        ) from None

    # The schema is ready and the plugins load: each process builds its own
    # app after the fork, so that no database connection is shared.
    with app.app_context():
        from labelcore.models import db

        db.engine.dispose()

    class Processes(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", [f"{host}:{port}"])
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("proc_name", "labelcore")
            # Its control socket sits at one path per user: a second server
            # on the machine would take it over.
            self.cfg.set("control_socket_disable", True)
            # A long import or export request must not be killed as a hung worker.
            self.cfg.set("timeout", 0)
            self.cfg.set("graceful_timeout", 30)

        def load(self):
            return _process_app()

    click.echo(f"LabelCore is serving on http://{host}:{port}/ ({workers} processes)")
    Processes().run()


def _process_app():
    from labelcore.jobs.memory import tune_allocator
    from labelcore.jobs.runner import start_reconciler

    tune_allocator()
    app = _app(create_schema=False)
    if not app.extensions["labelcore"].settings.redis_url:
        # One reconciler per process: a job two of them queue again runs
        # once, because taking a job is a single conditional UPDATE.
        start_reconciler(app)
    _freeze_start_up_objects()
    return app


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes to run, each taking jobs from every queue.",
)
def worker(burst: bool, processes: int) -> None:
    """Run jobs from Redis (needs LABELCORE_REDIS_URL): the high, the default
    and the low priority queue, in that order."""
    from labelcore.jobs.memory import tune_allocator
    from labelcore.jobs.worker import queue_names, run_worker, run_workers

    settings = Settings.from_env()
    if not settings.redis_url:
        raise click.ClickException(
            "LABELCORE_REDIS_URL is not set: without Redis, jobs run inside "
            "`labelcore serve` and no worker is needed."
        )
    if processes > 1:
        sys.exit(run_workers(processes, burst=burst))
    tune_allocator()
    app = _app()
    _freeze_start_up_objects()
    click.echo(f"LabelCore worker listening on {', '.join(queue_names())}")
    run_worker(app, settings.redis_url, burst=burst)


@main.group()
def db() -> None:
    """Database schema: upgrade, downgrade, current."""


@db.command("upgrade")
@click.argument("revision", default="heads")
def db_upgrade(revision: str) -> None:
    """Apply the core's and every plugin's revisions."""
    from labelcore.schema import upgrade

    app = _app(create_schema=False)
    with app.app_context():
        upgrade(app, revision)
    click.echo(f"Database upgraded to {revision}.")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Revert to REVISION (``base`` for an empty schema)."""
    from labelcore.schema import downgrade

    app = _app(create_schema=False)
    with app.app_context():
        downgrade(app, revision)
    click.echo(f"Database downgraded to {revision}.")


@db.command("current")
def db_current() -> None:
    """Show the applied revisions and whether the schema is current."""
    from labelcore.schema import current_revisions, schema_state

    app = _app(create_schema=False)
    with app.app_context():
        click.echo(f"{schema_state(app)}: {', '.join(sorted(current_revisions(app)))}")


@main.group()
def user() -> None:
    """Users: create, merge."""


@user.command("create")
@click.argument("email")
@click.option("--password", default=None, help="Password for the web UI.")
@click.option("--admin", is_flag=True, help="Make the user an administrator.")
@click.option("--token", default=None, help="Use exactly this API token.")
@click.option(
    "--organization", default=None, help="Organization to join; made when absent."
)
@click.option(
    "--role",
    default=None,
    help="Role in the organization: owner, administrator, manager, reviewer or "
    "annotator (default: owner for --admin, annotator otherwise).",
)
def user_create(
    email: str,
    password: str | None,
    admin: bool,
    token: str | None,
    organization: str | None,
    role: str | None,
):
    """Create a user and print their API token."""
    from labelcore.accounts import AccountError, create_user

    app = _app()
    with app.app_context():
        try:
            _, value = create_user(
                email,
                password,
                admin=admin,
                token=token,
                organization=organization,
                role=role,
            )
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Created {email}. API token: {value}")


@user.command("merge")
@click.argument("source_email")
@click.argument("target_email")
@click.option(
    "--keep-both",
    is_flag=True,
    help="Merge even where both annotated the same task, keeping both annotations.",
)
@click.option(
    "--force", is_flag=True, help="Merge a real account into a placeholder user."
)
@click.option("--dry-run", is_flag=True, help="Print the summary, change nothing.")
def user_merge(
    source_email: str, target_email: str, keep_both: bool, force: bool, dry_run: bool
):
    """Give everything SOURCE_EMAIL did or owns to TARGET_EMAIL, then delete
    SOURCE_EMAIL: such as a Label Studio placeholder to its real owner.

    Tasks both annotated are refused unless --keep-both: each would then
    hold two annotations by one person that count as two annotators toward
    its overlap. The source's API tokens are deleted, not moved.
    """
    from labelcore.accounts_merge import MergeRefused, find_user, merge_users

    app = _app()
    with app.app_context():
        try:
            summary = merge_users(
                find_user(source_email, "source"),
                find_user(target_email, "target"),
                keep_both=keep_both,
                force=force,
                dry_run=dry_run,
            )
        except MergeRefused as error:
            raise click.ClickException(str(error)) from None
    click.echo("\n".join(summary.lines()))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def plugins(as_json: bool) -> None:
    """List the installed plugins and what each contributes."""
    import json

    from labelcore.plugins import PluginError, build_plugin_set

    try:
        described = build_plugin_set(Settings.from_env()).describe()
    except PluginError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(described, indent=2))
        return
    if not described:
        click.echo("No plugins are installed.")
    for info in described:
        version = f" {info['version']}" if info["version"] else ""
        click.echo(f"{info['name']} ({info['distribution'] or 'local'}{version})")
        for family, names in sorted(info["contributions"].items()):
            click.echo(f"  {family}: {', '.join(names)}")


@main.command()
@click.option("--owner", default=None, help="E-mail of the demo projects' owner.")
def demo(owner: str | None) -> None:
    """Create the demo projects that installed plugins contribute (once)."""
    from labelcore.demos import load_demos

    app = _app()
    with app.app_context():
        for title, created, count in load_demos(app, owner):
            state = f"created with {count} tasks" if created else "already there"
            click.echo(f"Demo {title!r}: {state}")


main.add_command(import_label_studio)
for data_command in DATA_COMMANDS:
    main.add_command(data_command)


if __name__ == "__main__":
    sys.exit(main())
