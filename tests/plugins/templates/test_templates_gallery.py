"""Every gallery template compiles, and its sample task and results validate."""

from __future__ import annotations

from pathlib import Path

import labelcore_templates.plugin
import pytest

from labelcore import Template, WebModule

EXPECTED = {
    "text-classification",
    "named-entity-recognition",
    "image-classification",
    "object-detection",
    "image-captioning",
}


def test_the_gallery_has_the_five_templates(plugin_set):
    assert set(plugin_set.templates) == EXPECTED
    assert all(isinstance(t, Template) for t in plugin_set.templates.values())
    assert plugin_set.owner_of("templates", "object-detection") == "templates"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_template_compiles_without_warnings(compiler, plugin_set, name):
    template = plugin_set.templates[name]

    parsed = compiler.compile(template.config)

    assert parsed.warnings == []
    assert parsed.controls
    assert template.title and template.group and template.description


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_task_and_its_results_validate(compiler, plugin_set, name):
    template = plugin_set.templates[name]
    parsed = compiler.compile(template.config)
    data = template.sample_task["data"]
    [prediction] = template.sample_task["predictions"]

    assert parsed.check_task_data(data) == []
    assert parsed.check_result(prediction["result"], data) == []
    covered = {item["from_name"] for item in prediction["result"]}
    assert covered == set(parsed.controls)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_wrong_result_for_each_template_is_refused(compiler, plugin_set, name):
    template = plugin_set.templates[name]
    parsed = compiler.compile(template.config)
    data = template.sample_task["data"]
    item = dict(template.sample_task["predictions"][0]["result"][0])
    item["value"] = {**item["value"], item["type"]: ["Not a label"]}
    if item["type"] == "textarea":
        item["value"] = {"text": "not a list"}

    issues = parsed.check_result([item], data)

    assert len(issues) == 1
    assert issues[0].field.startswith("value")


def test_image_samples_are_data_uris_of_the_shipped_photo(plugin_set):
    data = plugin_set.templates["object-detection"].sample_task["data"]

    assert data["image"].startswith("data:image/jpeg;base64,/9j/")


def test_the_renderers_are_registered_as_a_web_module(plugin_set):
    [(plugin_name, module)] = plugin_set.web_modules

    assert plugin_name == "templates"
    assert isinstance(module, WebModule)
    assert module.name == "renderers.js"
    expected = Path(labelcore_templates.plugin.__file__).parent / "web/dist"
    assert Path(module.path) == expected / "renderers.js"


def test_every_tag_declares_what_the_compiler_reads(plugin_set):
    tags = plugin_set.tag_types

    assert set(tags) >= {
        "View",
        "Header",
        "Text",
        "Image",
        "Choices",
        "Choice",
        "Labels",
        "Label",
        "RectangleLabels",
        "Rectangle",
        "TextArea",
    }
    for tag in tags.values():
        assert tag.description, tag.name
        if tag.kind == "control":
            assert tag.attributes["name"].required, tag.name
            assert tag.result_type == tag.name.lower()
