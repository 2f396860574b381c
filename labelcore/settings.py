"""Every setting of a LabelCore server, read from ``LABELCORE_*`` variables.

One typed object, built once per app, so that the rest of the code never reads
the environment itself. The README's settings table lists the same names and
defaults; a test keeps the two in step.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

PREFIX = "LABELCORE_"


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return os.path.join(base, "labelcore")


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


class SettingInvalid(ValueError):
    """A ``LABELCORE_*`` value that the server cannot run with."""


def _number(kind: type, name: str, raw: str):
    try:
        return kind(raw)
    except ValueError:
        expected = "a whole number" if kind is int else "a number"
        raise SettingInvalid(
            f"LABELCORE_{name.upper()} must be {expected}, not {raw!r}."
        ) from None


@dataclass(frozen=True)
class Settings:
    """The server's settings; each field is ``LABELCORE_<FIELD NAME>``."""

    data_dir: str = field(
        default_factory=_default_data_dir,
        metadata={"help": "Folder for the SQLite database, uploads and secrets."},
    )
    database_url: str = field(
        default="",
        metadata={"help": "SQLAlchemy URL; empty means SQLite in the data dir."},
    )
    redis_url: str = field(
        default="",
        metadata={"help": "Redis URL for RQ jobs; empty runs jobs in-process."},
    )
    host: str = field(default="127.0.0.1", metadata={"help": "Address to serve on."})
    port: int = field(default=8080, metadata={"help": "Port to serve on."})
    secret_key: str = field(
        default="",
        metadata={"help": "Session secret; empty generates one into the data dir."},
    )
    admin_email: str = field(
        default="", metadata={"help": "First administrator's e-mail, made at start."}
    )
    admin_password: str = field(
        default="", metadata={"help": "First administrator's password."}
    )
    admin_token: str = field(
        default="", metadata={"help": "Use exactly this API token for the admin."}
    )
    plugins: tuple[str, ...] = field(
        default=(),
        metadata={"help": "Comma-separated entry-point names to load (all if empty)."},
    )
    disable_plugin_autoload: bool = field(
        default=False,
        metadata={"help": "Load no entry-point plugins (tests register their own)."},
    )
    required_plugins: tuple[str, ...] = field(
        default=(),
        metadata={
            "help": "Plugins that must be installed, or the server will not start."
        },
    )
    trace_hooks: bool = field(
        default=False, metadata={"help": "Log every hook call and its result."}
    )
    job_workers: int = field(
        default=2, metadata={"help": "Threads for in-process jobs."}
    )
    sync_import_limit: int = field(
        default=1000,
        metadata={"help": "Imports above this many tasks run as a background job."},
    )
    max_upload_bytes: int = field(
        default=512 * 1024 * 1024,
        metadata={"help": "Largest request body accepted, in bytes (413 above)."},
    )
    lock_ttl_seconds: int = field(
        default=3600,
        metadata={
            "help": "Seconds a task handed out stays reserved for its annotator."
        },
    )
    outbound_allow: tuple[str, ...] = field(
        default=(),
        metadata={
            "help": "Hosts, host:port pairs, IPs or CIDR ranges that outbound "
            "calls may reach although private or loopback."
        },
    )
    log_level: str = field(default="INFO", metadata={"help": "Logging level."})
    secret_keys: tuple[str, ...] = field(
        default=(),
        metadata={
            "help": "Comma-separated Fernet keys for stored credentials, newest "
            "first; empty generates one into the data dir."
        },
    )
    local_files_root: str = field(
        default="",
        metadata={
            "help": "Folder that local-file storages may read and write; empty "
            "turns local-file storage off."
        },
    )
    public_url: str = field(
        default="",
        metadata={
            "help": "The address people open the server at (such as "
            "https://labels.example.org), for password-reset and invite links; "
            "a request's Host header is never used."
        },
    )
    trusted_proxies: int = field(
        default=0,
        metadata={
            "help": "How many proxies in front of the server set X-Forwarded-For, "
            "-Proto, -Host, -Port and -Prefix; 0 trusts none. Set it behind an "
            "HTTPS proxy, so that cookies are Secure."
        },
    )
    hypertext_unsafe: bool = field(
        default=False,
        metadata={
            "help": "Show HyperText tags' HTML as given instead of sanitised "
            "(the Content-Security-Policy still blocks scripts); only for data "
            "from trusted sources."
        },
    )
    webhook_attempts: int = field(
        default=5,
        metadata={"help": "Attempts to deliver one webhook event before giving up."},
    )
    webhook_retry_seconds: float = field(
        default=2.0,
        metadata={
            "help": "Seconds before a failed webhook delivery's first retry; each "
            "later retry waits four times longer."
        },
    )
    webhook_timeout_seconds: float = field(
        default=10.0,
        metadata={"help": "Seconds a webhook receiver has to answer one delivery."},
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        """Read every field from ``environ`` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        values = {}
        for setting in fields(cls):
            raw = environ.get(PREFIX + setting.name.upper())
            if raw is None:
                continue
            if setting.type in ("int", int):
                values[setting.name] = _number(int, setting.name, raw)
            elif setting.type in ("float", float):
                values[setting.name] = _number(float, setting.name, raw)
            elif setting.type in ("bool", bool):
                values[setting.name] = _bool(raw)
            elif str(setting.type).startswith("tuple"):
                values[setting.name] = _csv(raw)
            else:
                values[setting.name] = raw
        values.update(overrides)
        return cls(**values)

    def __post_init__(self):
        for name in ("trusted_proxies", "webhook_attempts"):
            least = 0 if name == "trusted_proxies" else 1
            if getattr(self, name) < least:
                raise SettingInvalid(
                    f"LABELCORE_{name.upper()} must be {least} or more, not "
                    f"{getattr(self, name)}."
                )
        for name in ("webhook_retry_seconds", "webhook_timeout_seconds"):
            if not getattr(self, name) > 0:
                raise SettingInvalid(
                    f"LABELCORE_{name.upper()} must be a number of seconds above "
                    f"0, not {getattr(self, name)}."
                )

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return _normalise_database_url(self.database_url)
        return f"sqlite:///{self.data_path / 'labelcore.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")


def _normalise_database_url(url: str) -> str:
    # People paste the URLs their PostgreSQL tools use; SQLAlchemy needs the
    # driver named, and psycopg 3 is the one we ship.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def read_or_create_secret(path: Path, nbytes: int = 32) -> str:
    """Return the secret stored at ``path``, generating it (mode 0600) if absent."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value + "\n")
    return value


def settings_table() -> list[tuple[str, str, str]]:
    """(variable, default, help) for every setting, for the README and the CLI."""
    rows = []
    for setting in fields(Settings):
        if setting.default_factory is not MISSING:
            default = "per-user data folder"
        else:
            default = setting.default
            default = ",".join(default) if isinstance(default, tuple) else default
        rows.append(
            (PREFIX + setting.name.upper(), str(default), setting.metadata["help"])
        )
    return rows
