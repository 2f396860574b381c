"""Long jobs give freed memory back to the system between batches."""

import sys

import pytest

from labelcore.jobs import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_glibc_trim_is_found_and_runs():
    assert memory._trim() is not None

    memory.release_free_memory()
