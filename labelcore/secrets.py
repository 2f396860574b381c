"""Encrypting stored credentials with a key list kept apart from the session secret.

The keys are Fernet keys, newest first: ``LABELCORE_SECRET_KEYS`` when it is
set, otherwise the file ``secret_keys`` in the data dir, generated with mode
0600 on first use. Values are encrypted with the first key and decrypted with
any of them (MultiFernet), so a new key goes in front, ``rotate`` re-encrypts
each stored value with it, and the old keys can then be dropped.

A column that stores tokens of ``encrypt_secret`` says so in its SQLAlchemy
``info`` (``info={"labelcore_secret": True}``); ``rotate_stored`` then
re-encrypts it with every other such column of every loaded plugin.

Nothing here logs or echoes a key or a plain value: errors name the setting
and the fix only.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_FILE_NAME = "secret_keys"
KEYS_SETTING = "LABELCORE_SECRET_KEYS"
SECRET_COLUMN = "labelcore_secret"
"""The key in a column's ``info`` that marks it as holding encrypted values."""


class SecretKeyError(RuntimeError):
    """The key list is malformed, or a stored value fits none of its keys."""


def key_file(settings) -> Path:
    return settings.data_path / KEY_FILE_NAME


def load_keys(settings) -> tuple[str, ...]:
    """The key list of ``settings``, generating the key file when needed."""
    if settings.secret_keys:
        return tuple(settings.secret_keys)

    path = key_file(settings)
    if not path.exists():
        _write_key_file(path, [Fernet.generate_key().decode()], create=True)
    keys = tuple(line.strip() for line in path.read_text().splitlines())
    keys = tuple(key for key in keys if key)
    if not keys:
        raise SecretKeyError(
            f"The key file {path} is empty. Delete it to have a new key generated "
            f"(values encrypted with the lost keys cannot be read again), or set "
            f"{KEYS_SETTING}."
        )
    return keys


def _write_key_file(path: Path, keys: list[str], *, create: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path if create else path.with_name(path.name + ".new")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if create else os.O_TRUNC)
    descriptor = os.open(target, flags, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("\n".join(keys) + "\n")
    if not create:
        os.replace(target, path)


@lru_cache(maxsize=16)
def _keyring(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            raise SecretKeyError(
                f"Key {position} of the credential key list ({KEYS_SETTING} or "
                f"the data dir's {KEY_FILE_NAME} file) is not a Fernet key: it "
                f"must be 32 bytes in URL-safe base64. Generate one with "
                f"`labelcore secrets new-key`."
            ) from None
    return MultiFernet(fernets)


def keyring(settings=None) -> MultiFernet:
    return _keyring(load_keys(_settings(settings)))


def _settings(settings):
    if settings is not None:
        return settings
    from flask import current_app

    return current_app.extensions["labelcore"].settings


def encrypt(value: str, settings=None) -> str:
    """``value`` encrypted with the newest key, as text safe to store."""
    return keyring(settings).encrypt(value.encode()).decode()


def decrypt(token: str, settings=None) -> str:
    """The plain value of ``token``; SecretKeyError when no key opens it."""
    try:
        return keyring(settings).decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretKeyError(
            f"A stored credential cannot be decrypted with any key of "
            f"{KEYS_SETTING} (or the data dir's {KEY_FILE_NAME} file). Put back "
            f"the key it was encrypted with, or enter the credential again."
        ) from None


def rotate(token: str, settings=None) -> str:
    """``token`` re-encrypted with the newest key."""
    try:
        return keyring(settings).rotate(token.encode()).decode()
    except InvalidToken:
        raise SecretKeyError(
            f"A stored credential cannot be rotated: no key of {KEYS_SETTING} "
            f"(or the data dir's {KEY_FILE_NAME} file) decrypts it."
        ) from None


def opens_with_newest(token: str, settings=None) -> bool:
    """Whether the newest key alone decrypts ``token`` (it was rotated)."""
    newest = load_keys(_settings(settings))[0]
    try:
        _keyring((newest,)).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def add_key(settings) -> None:
    """Put a newly generated key first in the data dir's key file.

    Refused when the keys come from the environment: there the operator adds
    the key to ``LABELCORE_SECRET_KEYS`` themselves.
    """
    if settings.secret_keys:
        raise SecretKeyError(
            f"The keys come from {KEYS_SETTING}; add the new key in front of "
            f"that list instead (generate one with `labelcore secrets new-key "
            f"--print`)."
        )
    keys = list(load_keys(settings))
    _write_key_file(key_file(settings), [Fernet.generate_key().decode(), *keys])


def retire_old_keys(settings) -> int:
    """Keep only the newest key in the key file; returns how many were dropped."""
    if settings.secret_keys:
        raise SecretKeyError(
            f"The keys come from {KEYS_SETTING}; remove the old keys from that "
            f"list yourself."
        )
    keys = list(load_keys(settings))
    _write_key_file(key_file(settings), keys[:1])
    return len(keys) - 1


def secret_columns(metadata) -> list:
    """Every column of ``metadata`` marked as holding encrypted values."""
    return [
        column
        for table in metadata.sorted_tables
        for column in table.columns
        if column.info.get(SECRET_COLUMN)
    ]


def stored_tokens(session, metadata):
    """``(column, row id, token)`` for every stored encrypted value."""
    import sqlalchemy as sa

    for column in secret_columns(metadata):
        [key] = column.table.primary_key.columns
        rows = session.execute(
            sa.select(key, column).where(column.is_not(None), column != "")
        )
        for row_id, token in rows:
            yield column, row_id, token


def rotate_stored(session, metadata, settings=None) -> dict[str, int]:
    """Re-encrypt every stored value with the newest key, in ``session``'s
    transaction (the caller commits); counts per ``table.column``."""
    import sqlalchemy as sa

    counts: dict[str, int] = {}
    for column, row_id, token in list(stored_tokens(session, metadata)):
        [key] = column.table.primary_key.columns
        session.execute(
            sa.update(column.table)
            .where(key == row_id)
            .values({column.name: rotate(token, settings)})
        )
        name = f"{column.table.name}.{column.name}"
        counts[name] = counts.get(name, 0) + 1
    return counts


def generate_key() -> str:
    return Fernet.generate_key().decode()


# The names plugins import through ``labelcore``'s public surface.
encrypt_secret = encrypt
decrypt_secret = decrypt
rotate_secret = rotate
