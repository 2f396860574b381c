"""The throw-away servers and launchers that the rest of the suite relies on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.credentials import ADMIN_TOKEN


@pytest.mark.postgres
def test_each_test_gets_its_own_empty_database(database_url, database_backend):
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as connection:
            assert sa.inspect(connection).get_table_names() == []
            connection.execute(sa.text("CREATE TABLE marker (id INTEGER)"))
        assert database_url.startswith(
            "sqlite" if database_backend == "sqlite" else "postgresql+psycopg"
        )
    finally:
        engine.dispose()


def test_postgres_databases_are_dropped_after_use(postgres_server):
    import psycopg

    url = postgres_server.create_database()
    name = url.rsplit("/", 1)[1]
    postgres_server.drop_database(url)

    with psycopg.connect(
        host="127.0.0.1", port=postgres_server.port, user="postgres"
    ) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
    assert found is None


def test_postgres_listens_on_loopback_only(postgres_server):
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=postgres_server.port, user="postgres"
    ) as connection:
        addresses = connection.execute("SHOW listen_addresses").fetchone()[0]
    assert addresses == "127.0.0.1"


def test_redis_is_emptied_for_each_test(redis_url):
    from redis import Redis

    with Redis.from_url(redis_url) as connection:
        assert connection.dbsize() == 0
        connection.set("left-behind", "1")


def test_redis_is_emptied_for_the_next_test_too(redis_url):
    from redis import Redis

    with Redis.from_url(redis_url) as connection:
        assert connection.get("left-behind") is None


def test_shell_settings_do_not_reach_tests():
    assert not [
        name
        for name in os.environ
        if name.startswith("LABELCORE_") and not name.startswith("LABELCORE_TEST_")
    ]


def test_client_is_authenticated_as_the_admin(client):
    assert client.get("/api/projects/").status_code == 200


def test_client_without_token_is_refused(app):
    assert app.test_client().get("/api/projects/").status_code == 401


def test_core_only_app_lists_no_plugins(core_only_client):
    response = core_only_client.get("/api/plugins/")
    assert response.status_code == 200
    assert response.get_json() == []


def test_app_loads_the_installed_plugins(client):
    from importlib import metadata

    installed = {entry.name for entry in metadata.entry_points(group="labelcore")}
    listed = {plugin["name"] for plugin in client.get("/api/plugins/").get_json()}
    assert installed
    assert installed <= listed


@pytest.mark.slow
def test_live_server_answers_with_the_admin_token(live_server):
    version = live_server.get_json("/api/version/")
    assert "release" in version
    assert live_server.token == ADMIN_TOKEN
    assert live_server.data_dir.joinpath("labelcore.sqlite3").exists()


@pytest.mark.slow
def test_live_server_stops_by_pid(launch_live_server):
    server = launch_live_server()
    server.stop()
    assert server.process.poll() is not None


def test_missing_postgres_names_the_package_to_install():
    from tests.support.services import PostgresServer, ServiceUnavailable

    server = PostgresServer()
    server.bindir = None

    with pytest.raises(ServiceUnavailable, match=r"apt-get install -y postgresql"):
        server.start()


def test_missing_redis_names_the_package_to_install():
    from tests.support.services import RedisServer, ServiceUnavailable

    server = RedisServer()
    server.binary = None

    with pytest.raises(ServiceUnavailable, match=r"apt-get install -y redis-server"):
        server.start()


@pytest.mark.parametrize(
    ("environment", "required"),
    [
        ({}, False),
        ({"CI": "true"}, True),
        ({"CI": "false"}, False),
        ({"LABELCORE_TEST_REQUIRE_SERVICES": "1"}, True),
    ],
)
def test_ci_and_the_require_setting_turn_a_skip_into_a_failure(
    monkeypatch, environment, required
):
    from tests.support.services import services_required

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("LABELCORE_TEST_REQUIRE_SERVICES", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert services_required() is required


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_servers_end_with_the_test_run_that_started_them(tmp_path):
    """A child started with ``dying_with_us`` ends when its parent does, so a
    test run that is killed leaves no server behind."""
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "child.pid"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import subprocess\n"
            "from tests.support.services import dying_with_us\n"
            "child = subprocess.Popen(['sleep', '60'], preexec_fn=dying_with_us())\n"
            f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n",
        ],
        cwd=Path(__file__).resolve().parents[2],
        timeout=30,
        check=True,
    )
    child_pid = int(pid_file.read_text())

    deadline = time.monotonic() + 10
    while _running(child_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child_pid)
