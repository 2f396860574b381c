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
    """Re-encrypt every stored credential, of every plugin, with the newest key."""
    from labelcore import SecretKeyError
    from labelcore.secrets import add_key, rotate_stored
    from labelcore.settings import Settings

    if new_key:
        try:
            add_key(Settings.from_env())
        except SecretKeyError as error:
            raise click.ClickException(str(error)) from None

    from labelcore.models import db

    app = _app()
    with app.app_context():
        try:
            counts = rotate_stored(db.session, db.metadata)
        except SecretKeyError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from None
        db.session.commit()
    total = sum(counts.values())
    where = ", ".join(f"{count} in {name}" for name, count in sorted(counts.items()))
    click.echo(f"Re-encrypted {total} stored credentials ({where or 'none stored'}).")


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
    from labelcore.secrets import opens_with_newest, retire_old_keys, stored_tokens

    app = _app()
    with app.app_context():
        settings = app.extensions["labelcore"].settings
        stale = sorted(
            {
                f"{column.table.name} {row_id}"
                for column, row_id, token in stored_tokens(db.session, db.metadata)
                if not opens_with_newest(token)
            }
        )
        if stale:
            raise click.ClickException(
                f"Stored credentials still need an old key ({', '.join(stale[:5])}); "
                f"run `labelcore secrets rotate` first."
            )
        try:
            dropped = retire_old_keys(settings)
        except SecretKeyError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Dropped {dropped} old keys.")
