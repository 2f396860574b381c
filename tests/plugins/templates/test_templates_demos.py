"""The demos ship real data inside the package, and every task validates."""

from __future__ import annotations

import collections
import gzip
import json
from pathlib import Path

import pytest
from labelcore_templates import demos as demo_module

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def media_url(file_name: str) -> str:
    return f"/plugins/templates/media/{file_name}"


def test_three_demos_are_registered(plugin_set):
    assert set(plugin_set.demos) == {
        "debian-sections",
        "debian-entities",
        "photo-objects",
    }


@pytest.mark.parametrize(
    "name", ["debian-sections", "debian-entities", "photo-objects"]
)
def test_every_demo_task_validates(compiler, plugin_set, name):
    demo = plugin_set.demos[name]
    parsed = compiler.compile(demo.config)

    tasks = list(demo.tasks(media_url))

    assert parsed.warnings == []
    assert tasks
    assert [p for task in tasks for p in parsed.check_task_data(task["data"])] == []


def test_classification_demo_has_500_texts_and_the_ten_sections(compiler, plugin_set):
    demo = plugin_set.demos["debian-sections"]
    tasks = list(demo.tasks(media_url))

    choices = compiler.compile(demo.config).controls["section"].labels
    truths = collections.Counter(task["meta"]["true_section"] for task in tasks)

    assert len(tasks) == 500
    assert len(choices) == 10
    assert set(truths) == set(choices)
    assert all(task["data"]["text"] for task in tasks)
    assert "true_section" not in tasks[0]["data"]


def test_a_true_section_is_a_valid_annotation(compiler, plugin_set):
    demo = plugin_set.demos["debian-sections"]
    parsed = compiler.compile(demo.config)
    task = next(iter(demo.tasks(media_url)))
    truth = task["meta"]["true_section"]
    result = [
        {
            "from_name": "section",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": [truth]},
        }
    ]

    assert parsed.check_result(result, task["data"]) == []


def test_photo_demo_lists_its_media_files(plugin_set):
    demo = plugin_set.demos["photo-objects"]

    tasks = list(demo.tasks(media_url))

    assert {task["data"]["image"] for task in tasks} == {
        media_url(name) for name in demo.media
    }
    assert all(Path(path).is_file() for path in demo.media.values())


def test_shipped_data_stays_small():
    files = [path for path in demo_module.DATA.iterdir() if path.is_file()]

    assert sum(path.stat().st_size for path in files) < 2 * 1024 * 1024
    assert (demo_module.DATA / "README.md").read_text().count("licence") >= 1


@pytest.mark.skipif(
    not (SHARED_DATA / "debian-packages.jsonl.gz").exists(),
    reason="the team's shared data folder is not beside this checkout",
)
def test_shipped_sections_are_the_ten_most_common_of_the_full_index():
    with gzip.open(SHARED_DATA / "debian-packages.jsonl.gz", "rt") as lines:
        counts = collections.Counter(json.loads(line)["section"] for line in lines)

    top_ten = {section for section, _ in counts.most_common(10)}

    assert set(demo_module.sections()) == top_ten
