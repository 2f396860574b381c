"""Request bodies to storage rows and rows to answers, credentials kept sealed.

A body is loaded with the common fields' schema and the provider's; the
provider's secret fields are split off, encrypted together into one token
and never put into an answer: it says only which of them are set
(``<field>_is_set``). In a change, a secret left out or sent as ``null``
stays as it is, and an empty string removes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import orjson
from marshmallow import EXCLUDE, ValidationError

from labelcore import (
    ApiError,
    app_state,
    decrypt_secret,
    encrypt_secret,
)
from labelcore.models import isoformat
from labelcore_storages.fields import COMMON_FIELDS
from labelcore_storages.models import Storage


@dataclass
class StorageValues:
    """What a body says: plain settings, and the secrets it sets or clears."""

    settings: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    cleared: set[str] = field(default_factory=set)


def storage_types() -> dict[str, Any]:
    return app_state().plugins.storage_types


def storage_type_named(name: str):
    found = storage_types().get(name)
    if found is None:
        installed = ", ".join(sorted(storage_types())) or "none"
        raise ApiError(
            404,
            f"No storage type {name!r} is installed (installed: {installed}). "
            f"Install the plugin that provides it.",
            code="not_found",
        )
    return found


def load_values(storage_type, direction: str, body: dict, *, partial: bool):
    """Validate ``body``; 400 naming every wrong field."""
    errors: dict[str, list[str]] = {}
    loaded: dict[str, Any] = {}
    schemas = [COMMON_FIELDS[direction]()]
    if storage_type.settings_schema is not None:
        schemas.append(storage_type.settings_schema())
    for schema in schemas:
        try:
            loaded.update(schema.load(body, unknown=EXCLUDE, partial=partial))
        except ValidationError as error:
            loaded.update(error.valid_data or {})
            for name, messages in error.normalized_messages().items():
                errors[name] = _messages(messages)
    _check_regex(loaded.get("regex_filter"), errors)
    if errors:
        first, messages = next(iter(errors.items()))
        raise ApiError(
            400,
            f"Invalid {first} for a {storage_type.title} storage: {messages[0]}",
            errors,
        )

    values = StorageValues()
    for name, value in loaded.items():
        if name in storage_type.secret_fields:
            if value == "":
                values.cleared.add(name)
            elif value is not None:
                values.secrets[name] = value
        elif not (partial and value is None):
            values.settings[name] = value
    return values


def _messages(messages: Any) -> list[str]:
    if isinstance(messages, list):
        return [str(message) for message in messages]
    return [str(messages)]


def _check_regex(pattern: Any, errors: dict[str, list[str]]) -> None:
    if not pattern:
        return
    try:
        re.compile(pattern)
    except re.error as error:
        errors["regex_filter"] = [
            f"is not a valid regular expression ({error}); use for example "
            f"'.*\\.jpg' to take only JPEG files."
        ]


def defaults_filled(direction: str, settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` with each common field's default where it is left null."""
    filled = dict(settings)
    for name, default in COMMON_FIELDS[direction]().load({}).items():
        if filled.get(name) is None:
            filled[name] = default
    return filled


def sealed(secrets: dict[str, str]) -> str:
    if not secrets:
        return ""
    return encrypt_secret(orjson.dumps(secrets).decode())


def unsealed(storage: Storage) -> dict[str, str]:
    if not storage.secrets:
        return {}
    return orjson.loads(decrypt_secret(storage.secrets))


def merged_secrets(storage: Storage | None, values: StorageValues) -> dict[str, str]:
    current = unsealed(storage) if storage is not None else {}
    current.update(values.secrets)
    for name in values.cleared:
        current.pop(name, None)
    return current


def storage_payload(storage: Storage, storage_type=None) -> dict[str, Any]:
    """A storage in Label Studio's shape, with no credential in it."""
    storage_type = storage_type or storage_types().get(storage.type)
    secret_fields = storage_type.secret_fields if storage_type else ()
    settings = dict(storage.settings or {})
    set_names = set(settings.pop("secrets_set", []))
    body: dict[str, Any] = {
        "id": storage.id,
        "type": storage.type,
        "project": storage.project_id,
        "title": storage.title,
        "description": storage.description,
        **settings,
        "created_at": isoformat(storage.created_at),
        "updated_at": isoformat(storage.updated_at),
        "last_sync": isoformat(storage.last_sync),
        "last_sync_count": storage.last_sync_count,
        "last_sync_job": str(storage.last_sync_job) if storage.last_sync_job else None,
        "status": storage.status,
        "traceback": storage.traceback,
        "meta": storage.meta or {},
        "synchronizable": True,
    }
    for name in secret_fields:
        body[f"{name}_is_set"] = name in set_names
    return body


def apply_values(storage: Storage, values: StorageValues, secrets: dict) -> None:
    """Write loaded settings and the merged secrets onto the row."""
    settings = {**(storage.settings or {}), **values.settings}
    settings.pop("project", None)
    if "title" in settings:
        storage.title = settings.pop("title") or ""
    if "description" in settings:
        storage.description = settings.pop("description") or ""
    settings["secrets_set"] = sorted(secrets)
    storage.settings = settings
    storage.secrets = sealed(secrets)


def connector_config(storage: Storage) -> dict[str, Any]:
    settings = dict(storage.settings or {})
    settings.pop("secrets_set", None)
    return settings


def open_connector(storage: Storage, secrets: dict[str, str] | None = None):
    """The storage's connector, built with its decrypted credentials."""
    storage_type = storage_type_named(storage.type)
    secrets = unsealed(storage) if secrets is None else secrets
    return storage_type.connector(
        connector_config(storage), secrets, app_state().settings
    )
