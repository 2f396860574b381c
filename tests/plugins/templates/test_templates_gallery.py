"""Every gallery template compiles, and its sample task and results validate."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import labelcore_templates.plugin
import pytest
from labelcore_templates.gallery import ENTRIES
from labelcore_templates.gallery.entries import GROUPS
from labelcore_templates.tags import ALL_TAG_TYPES

from labelcore import Template, WebModule
from labelcore.config.samples import sample_task

NAMES = sorted(entry.name for entry in ENTRIES)
GENERATED = Path(labelcore_templates.plugin.__file__).parent / "gallery" / "samples"


def test_the_gallery_has_over_sixty_templates_in_every_group(plugin_set):
    groups = Counter(template.group for template in plugin_set.templates.values())

    assert len(plugin_set.templates) >= 60
    assert set(groups) == set(GROUPS)
    assert min(groups.values()) >= 4
    assert all(isinstance(t, Template) for t in plugin_set.templates.values())
    assert plugin_set.owner_of("templates", "object-detection") == "templates"


@pytest.mark.parametrize("name", NAMES)
def test_template_compiles_without_warnings(compiler, plugin_set, name):
    template = plugin_set.templates[name]

    parsed = compiler.compile(template.config)

    assert parsed.warnings == []
    assert parsed.controls
    assert template.title and template.group and template.description


@pytest.mark.parametrize("name", NAMES)
def test_sample_task_and_one_result_per_control_validate(compiler, plugin_set, name):
    template = plugin_set.templates[name]
    parsed = compiler.compile(template.config)
    data = template.sample_task["data"]
    [prediction] = template.sample_task["predictions"]

    assert parsed.check_task_data(data) == []
    assert parsed.check_result(prediction["result"], data) == []
    covered = {item.get("from_name") for item in prediction["result"]}
    producing = {
        name
        for name, control in parsed.controls.items()
        if control.tag_type.result_type != "relation" and control.repeat is None
    }
    assert producing <= covered


@pytest.mark.parametrize("name", NAMES)
def test_shipped_samples_are_what_the_generator_writes_now(compiler, plugin_set, name):
    template = plugin_set.templates[name]
    parsed = compiler.compile(template.config)

    regenerated = sample_task(parsed, template.sample_task["data"])

    assert regenerated == template.sample_task


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_result_for_each_template_is_refused(compiler, plugin_set, name):
    template = plugin_set.templates[name]
    parsed = compiler.compile(template.config)
    data = template.sample_task["data"]
    item = dict(template.sample_task["predictions"][0]["result"][0])
    item["value"] = "not an object"

    issues = parsed.check_result([item], data)

    assert [issue.field for issue in issues] == ["value"]


def test_samples_carry_media_as_data_uris_never_remote_urls(plugin_set):
    for template in plugin_set.templates.values():
        text = json.dumps(template.sample_task)
        assert "http://" not in text and "https://" not in text, template.name

    data = plugin_set.templates["object-detection"].sample_task["data"]
    assert data["image"].startswith("data:image/jpeg;base64,/9j/")
    video = plugin_set.templates["video-object-tracking"].sample_task["data"]
    assert video["video"].startswith("data:video/mp4;base64,")


def test_every_entry_has_its_generated_sample_file():
    assert sorted(path.stem for path in GENERATED.glob("*.json")) == NAMES


def test_the_renderers_are_registered_as_a_web_module(plugin_set):
    [(plugin_name, module)] = plugin_set.web_modules

    assert plugin_name == "templates"
    assert isinstance(module, WebModule)
    assert module.name == "renderers.js"
    expected = Path(labelcore_templates.plugin.__file__).parent / "web/dist"
    assert Path(module.path) == expected / "renderers.js"


def test_every_tag_declares_what_the_compiler_reads(plugin_set):
    tags = plugin_set.tag_types

    assert set(tags) == {tag.name for tag in ALL_TAG_TYPES}
    for tag in tags.values():
        assert tag.description, tag.name
        if tag.kind == "control":
            assert "name" in tag.attributes, tag.name
            assert tag.result_type, tag.name
