"""Fixtures of the core's tests that run ``labelcore`` commands."""

from __future__ import annotations

import pytest

from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN


@pytest.fixture
def environment(data_dir, database_url):
    """The environment a ``labelcore`` command runs in: this test's database
    and data directory, the admin, and the plugins imports and exports
    need."""
    return {
        "LABELCORE_DATA_DIR": str(data_dir),
        "LABELCORE_DATABASE_URL": database_url,
        "LABELCORE_ADMIN_EMAIL": ADMIN_EMAIL,
        "LABELCORE_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "LABELCORE_ADMIN_TOKEN": ADMIN_TOKEN,
        "LABELCORE_SECRET_KEY": "labelcore-test-secret-key",
        "LABELCORE_PLUGINS": "formats,templates,samplers,workflows",
        "LABELCORE_LOG_LEVEL": "WARNING",
    }
