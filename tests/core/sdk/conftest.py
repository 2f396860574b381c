"""One live server per SDK test module: the tests make their own projects, so
they can share it, and the server starts once instead of per test."""

import pytest

from tests.support.live import launch_server


@pytest.fixture(scope="module")
def sdk_server(tmp_path_factory):
    server = launch_server(tmp_path_factory.mktemp("sdk-server"))
    yield server
    server.stop()
