"""``labelcore secrets``: keys for stored credentials, and their rotation."""

from __future__ import annotations

import click


def _app():
    from labelcore.app import create_app

    return create_app()


@click.group("secrets")
def secrets_command() -> None:
    """Keys that encrypt stored credentials (LABELCORE_SECRET_KEYS)."""


@secrets_command.command("rotate")
@click.option(
    "--new-key",
    is_flag=True,
    help="First put a newly generated key in front of the data dir's key file.",
)
def rotate_command(new_key: bool) -> None:
    """Re-encrypt every stored credential with the newest key."""
    from labelcore import SecretKeyError, rotate_secret
    from labelcore.secrets import add_key
    from labelcore.settings import Settings

    if new_key:
        try:
            add_key(Settings.from_env())
        except SecretKeyError as error:
            raise click.ClickException(str(error)) from None

    from labelcore.models import db
    from labelcore_storages.models import Storage

    app = _app()
    with app.app_context():
        rows = db.session.query(Storage).filter(Storage.secrets != "").all()
        try:
            for storage in rows:
                storage.secrets = rotate_secret(storage.secrets)
        except SecretKeyError as error:
            db.session.rollback()
            raise click.ClickException(f"Storage {storage.id}: {error}") from None
        db.session.commit()
    click.echo(f"Re-encrypted the credentials of {len(rows)} storages.")


@secrets_command.command("new-key")
@click.option(
    "--print",
    "print_only",
    is_flag=True,
    help="Only print a new key, for LABELCORE_SECRET_KEYS; change nothing.",
)
def new_key_command(print_only: bool) -> None:
    """Generate a key and put it in front of the data dir's key file."""
    from labelcore import SecretKeyError
    from labelcore.secrets import add_key, generate_key
    from labelcore.settings import Settings

    if print_only:
        click.echo(generate_key())
        return
    try:
        add_key(Settings.from_env())
    except SecretKeyError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        "Added a new key in front of the key file; run `labelcore secrets "
        "rotate` to move the stored credentials to it."
    )


@secrets_command.command("retire-old-keys")
def retire_command() -> None:
    """Drop every key but the newest from the data dir's key file (after rotate)."""
    from labelcore import SecretKeyError
    from labelcore.models import db
    from labelcore.secrets import opens_with_newest, retire_old_keys
    from labelcore_storages.models import Storage

    app = _app()
    with app.app_context():
        settings = app.extensions["labelcore"].settings
        tokens = db.session.query(Storage.id, Storage.secrets).filter(
            Storage.secrets != ""
        )
        stale = [row.id for row in tokens if not opens_with_newest(row.secrets)]
        if stale:
            raise click.ClickException(
                f"The credentials of storages {stale} still need an old key; run "
                f"`labelcore secrets rotate` first."
            )
        try:
            dropped = retire_old_keys(settings)
        except SecretKeyError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Dropped {dropped} old keys.")
