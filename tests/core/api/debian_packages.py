"""Real texts for the API tests: Debian package descriptions from ../shared.

The records come from the team's shared data folder, which sits beside the
repository on developers' machines and in CI but not in a user's clone; the
tests that need it skip with the reason when it is absent.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from functools import cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
PACKAGES_FILE = REPO_ROOT.parent / "shared" / "data" / "debian-packages.jsonl.gz"
TEXT_FROM_NAME = "section"
TEXT_TO_NAME = "text"


@cache
def _read(count: int) -> tuple[dict, ...]:
    records = []
    with gzip.open(PACKAGES_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            records.append(json.loads(line))
            if len(records) == count:
                break
    return tuple(records)


def debian_packages(count: int) -> list[dict]:
    """The first ``count`` package records (package, section, summary, text)."""
    if not PACKAGES_FILE.exists():
        pytest.skip(
            f"The shared data file {PACKAGES_FILE} is absent (a clone without "
            f"../shared); these tests import real Debian package descriptions."
        )
    records = _read(count)
    assert len(records) == count, f"{PACKAGES_FILE} holds fewer than {count} rows"
    return [dict(record) for record in records]


def most_common_sections(records: list[dict], count: int = 10) -> list[str]:
    counted = Counter(record["section"] for record in records)
    return [section for section, _ in counted.most_common(count)]


def section_config(sections: list[str]) -> str:
    """A text classification config: the package text and its section."""
    choices = "\n".join(
        f"    <Choice value={quoteattr(section)}/>" for section in sections
    )
    return (
        "<View>\n"
        '  <Header value="Which Debian section is this package in?"/>\n'
        f'  <Text name="{TEXT_TO_NAME}" value="$text"/>\n'
        f'  <Choices name="{TEXT_FROM_NAME}" toName="{TEXT_TO_NAME}" '
        'choice="single">\n'
        f"{choices}\n"
        "  </Choices>\n"
        "</View>"
    )


def choice_result(section: str) -> list[dict]:
    """One annotation result that picks ``section``."""
    return [
        {
            "from_name": TEXT_FROM_NAME,
            "to_name": TEXT_TO_NAME,
            "type": "choices",
            "value": {"choices": [section]},
        }
    ]


def as_tasks(records: list[dict]) -> list[dict]:
    """Label Studio task objects: the text as data, the package name as meta."""
    return [
        {
            "data": {"text": record["text"], "section": record["section"]},
            "meta": {"package": record["package"]},
        }
        for record in records
    ]
