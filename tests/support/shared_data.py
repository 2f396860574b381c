"""Real files from the team's shared data folder.

The folder (``../shared/data``) sits beside the repository on developers'
machines and in CI but not in a user's clone; a test that needs one of its
files skips, saying which and why, when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SHARED_DATA = REPOSITORY.parent / "shared" / "data"


def shared_data_file(relative: str, needed_to: str) -> Path:
    """The shared file at ``relative``; the test is skipped when it is absent,
    with ``needed_to`` ("export real photographs") saying what it was for."""
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(
            f"The shared data file {path} is absent (a clone without ../shared); "
            f"these tests {needed_to}."
        )
    return path
