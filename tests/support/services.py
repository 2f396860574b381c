"""Throw-away PostgreSQL and Redis servers on free loopback ports.

Each server lives in its own temporary folder, listens on 127.0.0.1 only, and
is stopped by its process id. PostgreSQL refuses to run as root, so when the
tests run as root the cluster belongs to the ``postgres`` system user.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.ports import free_port, wait_for_port

POSTGRES_PACKAGE = "postgresql"
REDIS_PACKAGE = "redis-server"


class ServiceUnavailable(RuntimeError):
    """A system package the tests need is missing or its server did not start."""


def services_required() -> bool:
    """Whether a missing server fails the run instead of skipping its tests."""
    return (
        os.environ.get("CI", "").lower() == "true"
        or os.environ.get("LABELCORE_TEST_REQUIRE_SERVICES", "") == "1"
    )


def install_hint(package: str) -> str:
    return f"Install it with `apt-get install -y {package}` (as root)."


def postgres_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, preferring PostgreSQL 15."""
    preferred = Path("/usr/lib/postgresql/15/bin")
    candidates = [preferred, *map(Path, sorted(glob.glob("/usr/lib/postgresql/*/bin")))]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def stop_process(
    process: subprocess.Popen, first_signal=signal.SIGTERM, timeout: float = 20
) -> None:
    """Stop a child we started by its pid: ``first_signal``, then SIGKILL once
    ``timeout`` has passed."""
    if process.poll() is not None:
        return
    process.send_signal(first_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _load_libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc() if sys.platform.startswith("linux") else None
PR_SET_PDEATHSIG = 1


def dying_with_us(signal_number: int = signal.SIGTERM):
    """A ``preexec_fn`` that makes the child get ``signal_number`` when the test
    process dies, so that a killed test run leaves no server behind."""

    def arrange() -> None:
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, int(signal_number))

    return arrange


class PostgresServer:
    """One PostgreSQL cluster; ``create_database`` gives each test its own."""

    def __init__(self) -> None:
        self.bindir = postgres_bindir()
        self.root: Path | None = None
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._counter = 0

    def _run_as_owner(self, arguments: list[str]) -> subprocess.CompletedProcess:
        as_root = os.geteuid() == 0
        return subprocess.run(
            arguments,
            user="postgres" if as_root else None,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def start(self) -> None:
        if self.bindir is None:
            raise ServiceUnavailable(
                "PostgreSQL is not installed: no initdb under /usr/lib/postgresql. "
                + install_hint(POSTGRES_PACKAGE)
            )
        self.root = Path(tempfile.mkdtemp(prefix="labelcore-pg-"))
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise ServiceUnavailable(
                    "The tests run as root, and PostgreSQL refuses root, but there "
                    "is no 'postgres' system user to run it. "
                    + install_hint(POSTGRES_PACKAGE)
                ) from None
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

        data = self.root / "data"
        initdb = self._run_as_owner(
            [
                str(self.bindir / "initdb"),
                *("-D", str(data), "-A", "trust", "-U", "postgres"),
                *("-E", "UTF8", "--no-sync"),
            ]
        )
        if initdb.returncode:
            raise ServiceUnavailable(f"initdb failed:\n{initdb.stderr}")

        # The postmaster runs as our child rather than a pg_ctl daemon, so that
        # it is stopped by its pid here and dies with a test run that is killed.
        for _attempt in range(3):
            self.port = free_port()
            self.process = self._start_postmaster(data)
            if self._wait_until_ready():
                return
            stop_process(self.process)
        log_text = (self.root / "server.log").read_text(errors="replace")
        raise ServiceUnavailable(f"PostgreSQL did not start:\n{log_text[-2000:]}")

    def _start_postmaster(self, data: Path) -> subprocess.Popen:
        settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.root),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "200",
        }
        arguments = [str(self.bindir / "postgres"), "-D", str(data)]
        arguments += ["-p", str(self.port)]
        for name, value in settings.items():
            arguments += ["-c", f"{name}={value}"]
        with open(self.root / "server.log", "ab") as log_file:
            return subprocess.Popen(
                arguments,
                user="postgres" if os.geteuid() == 0 else None,
                cwd=self.root,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                preexec_fn=dying_with_us(signal.SIGINT),
            )

    def _wait_until_ready(self, timeout: float = 60) -> bool:
        import psycopg

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                self._admin().close()
                return True
            except psycopg.OperationalError:
                time.sleep(0.1)
        return False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", autocommit=True
        )

    def create_database(self, prefix: str = "test") -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        # SIGINT is PostgreSQL's fast shutdown: sessions are cut, no checkpoint
        # wait, which is all a throw-away cluster needs.
        if self.process is not None:
            stop_process(self.process, signal.SIGINT, timeout=30)
            self.process = None
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


class RedisServer:
    """One redis-server without persistence."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        self.root: Path | None = None
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if self.binary is None:
            raise ServiceUnavailable(
                "redis-server is not installed. " + install_hint(REDIS_PACKAGE)
            )
        self.root = Path(tempfile.mkdtemp(prefix="labelcore-redis-"))
        for _attempt in range(3):
            self.port = free_port()
            self.process = subprocess.Popen(
                [
                    self.binary,
                    *("--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no", "--dir", str(self.root)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=dying_with_us(),
            )
            try:
                wait_for_port(self.port, 20, self.process)
                return
            except RuntimeError:
                stop_process(self.process)
        raise ServiceUnavailable("redis-server did not start on a free port.")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def flush(self) -> None:
        from redis import Redis

        with Redis.from_url(self.url) as connection:
            connection.flushall()

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
