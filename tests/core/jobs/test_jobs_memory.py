"""Long jobs give freed memory back to the system between batches."""

import sys

import pytest

from labelcore.jobs import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_glibc_trim_is_found_and_runs():
    assert memory._trim() is not None

    memory.release_free_memory()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_the_allocator_can_be_tuned_at_start():
    memory.tune_allocator()


def cache_size(connection):
    return connection.execute("PRAGMA cache_size").fetchone()[0]


def test_a_small_page_cache_lasts_until_the_connection_goes_back_to_the_pool(
    make_app,
):
    from labelcore.models import db

    app = make_app(disable_plugin_autoload=True)
    with app.app_context():
        connection = db.session.connection()
        driver = connection.connection.driver_connection
        usual = cache_size(driver)

        memory.small_page_cache(connection, 1024)
        memory.small_page_cache(db.session.connection(), 2048)
        during = cache_size(driver)
        db.session.commit()
        after = cache_size(driver)

    assert usual != -1024
    assert during == -1024
    assert after == usual
