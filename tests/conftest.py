"""Fixtures every LabelCore test can use.

Servers: a throw-away PostgreSQL cluster and redis-server per test process,
started on first use and stopped by process id at the end. Databases: each
test gets a fresh SQLite file, and tests marked ``postgres`` run a second time
on a fresh PostgreSQL database. Apps: ``make_app`` builds one with every
installed plugin (or none), ``client`` talks to it with the admin's token, and
``live_server`` is a real ``labelcore serve`` process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN
from tests.support.live import LiveServer, launch_server
from tests.support.services import (
    PostgresServer,
    RedisServer,
    ServiceUnavailable,
    services_required,
)

DATABASE_BACKENDS = ("sqlite", "postgres")

# Unit and API tests must be quick; slow, browser and packaging tests keep the
# larger budget that setup.cfg gives every test (or their own timeout mark).
QUICK_TEST_TIMEOUT = 120

hypothesis_settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.load_profile(
    os.environ.get(
        "HYPOTHESIS_PROFILE",
        "ci" if os.environ.get("CI", "").lower() == "true" else "dev",
    )
)


def pytest_addoption(parser):
    parser.addoption(
        "--databases",
        default=",".join(DATABASE_BACKENDS),
        help="Comma-separated backends that tests marked 'postgres' run on "
        "(default: sqlite,postgres). Unmarked tests always run on sqlite only.",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "packaging: builds wheels and installs them into a fresh virtualenv",
    )


def pytest_generate_tests(metafunc):
    if "database_backend" not in metafunc.fixturenames:
        return
    chosen = [
        name.strip()
        for name in metafunc.config.getoption("--databases").split(",")
        if name.strip()
    ]
    unknown = sorted(set(chosen) - set(DATABASE_BACKENDS))
    if unknown:
        raise pytest.UsageError(
            f"--databases got {', '.join(unknown)}; expected a comma-separated "
            f"subset of {', '.join(DATABASE_BACKENDS)}."
        )
    if metafunc.definition.get_closest_marker("postgres"):
        backends = chosen
    else:
        backends = ["sqlite"]
    metafunc.parametrize("database_backend", backends, indirect=True)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("timeout"):
            continue
        if any(item.get_closest_marker(name) for name in ("slow", "browser")):
            continue
        item.add_marker(pytest.mark.timeout(QUICK_TEST_TIMEOUT))


def _unavailable(error: ServiceUnavailable):
    """Skip the test, or fail it when the run promised every service."""
    if services_required():
        pytest.fail(
            f"{error} (CI=true or LABELCORE_TEST_REQUIRE_SERVICES=1 is set, so a "
            "missing service fails the run instead of skipping.)",
            pytrace=False,
        )
    pytest.skip(str(error))


@pytest.fixture(autouse=True)
def _clean_labelcore_environment(monkeypatch):
    """No test sees the LABELCORE_* settings of the shell that started pytest."""
    for name in list(os.environ):
        if name.startswith("LABELCORE_") and not name.startswith("LABELCORE_TEST_"):
            monkeypatch.delenv(name)


# --- throw-away servers ------------------------------------------------------


class _LazyService:
    """Starts its server on first use, remembers a failure, stops it at the end."""

    def __init__(self, factory):
        self.factory = factory
        self.server = None
        self.error: ServiceUnavailable | None = None

    def get(self):
        if self.error is not None:
            raise self.error
        if self.server is None:
            server = self.factory()
            try:
                server.start()
            except ServiceUnavailable as error:
                server.stop()
                self.error = error
                raise
            self.server = server
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


@pytest.fixture(scope="session")
def _postgres_service() -> Iterator[_LazyService]:
    service = _LazyService(PostgresServer)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def _redis_service() -> Iterator[_LazyService]:
    service = _LazyService(RedisServer)
    yield service
    service.stop()


@pytest.fixture
def postgres_server(_postgres_service) -> PostgresServer:
    """The session's PostgreSQL cluster (skips, or fails in CI, when absent)."""
    try:
        return _postgres_service.get()
    except ServiceUnavailable as error:
        _unavailable(error)


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test, dropped afterwards."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture
def redis_server(_redis_service) -> RedisServer:
    try:
        return _redis_service.get()
    except ServiceUnavailable as error:
        _unavailable(error)


@pytest.fixture
def redis_url(redis_server) -> str:
    """The session's redis-server, emptied before this test."""
    redis_server.flush()
    return redis_server.url


# --- databases and apps ------------------------------------------------------


@pytest.fixture
def database_backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(request, database_backend, tmp_path) -> str:
    """An empty database: SQLite always, PostgreSQL too for ``postgres`` tests."""
    if database_backend == "sqlite":
        return f"sqlite:///{tmp_path / 'labelcore-test.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def _dispose(app) -> None:
    from labelcore.models import db

    state = app.extensions.get("labelcore")
    runner = getattr(state, "job_runner", None)
    if runner is not None:
        runner.shutdown()
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def make_app(data_dir, database_url):
    """``make_app(plugins=(), create_schema=True, **settings)`` builds an app on
    this test's database.

    Every installed plugin loads unless ``disable_plugin_autoload=True``;
    ``plugins`` are plugin objects registered directly. Apps made twice in
    one test share the data dir and the database, like a restarted server.
    """
    from labelcore.app import create_app
    from labelcore.settings import Settings

    made = []

    def factory(plugins=(), create_schema=True, **overrides):
        values = {
            "data_dir": str(data_dir),
            "database_url": database_url,
            "admin_email": ADMIN_EMAIL,
            "admin_password": ADMIN_PASSWORD,
            "admin_token": ADMIN_TOKEN,
            "secret_key": "labelcore-test-secret-key",
            "job_workers": 2,
        }
        values.update(overrides)
        app = create_app(
            Settings(**values), plugins=plugins, create_schema=create_schema
        )
        app.config["TESTING"] = True
        made.append(app)
        return app

    yield factory
    for app in made:
        _dispose(app)


@pytest.fixture
def app(make_app):
    """An app with every installed plugin and the test administrator."""
    return make_app()


@pytest.fixture
def core_only_app(make_app):
    """The core alone: no entry-point plugins, nothing registered."""
    return make_app(disable_plugin_autoload=True)


def _token_client(flask_app):
    client = flask_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.fixture
def client(app):
    """A Flask test client that sends ``Authorization: Token <admin token>``."""
    return _token_client(app)


@pytest.fixture
def core_only_client(core_only_app):
    return _token_client(core_only_app)


@pytest.fixture
def admin_token() -> str:
    return ADMIN_TOKEN


@pytest.fixture
def admin_credentials() -> dict[str, str]:
    return {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "token": ADMIN_TOKEN}


# --- real server processes ---------------------------------------------------


@pytest.fixture
def launch_live_server(tmp_path):
    """``launch_live_server(database_url="", redis_url="", extra_environment=None,
    python=sys.executable)`` starts another ``labelcore serve``; each one gets
    its own data dir and is stopped by process id after the test."""
    started: list[LiveServer] = []

    def factory(**options) -> LiveServer:
        folder = tmp_path / f"live-{len(started) + 1}"
        server = launch_server(folder, **options)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture
def live_server(launch_live_server) -> LiveServer:
    """A real ``labelcore serve`` on SQLite with in-process jobs."""
    return launch_live_server()


@pytest.fixture
def chromium_path() -> str:
    """Debian's chromium, the only browser the tests drive."""
    path = "/usr/bin/chromium"
    if not os.path.exists(path):
        _unavailable(
            ServiceUnavailable(
                "Debian's chromium is not installed at /usr/bin/chromium. "
                "Install it with `apt-get install -y chromium` (as root)."
            )
        )
    return path
