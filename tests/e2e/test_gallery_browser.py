"""Every gallery template labeled in a real browser, one result per control.

For each template the test opens its sample task's data (without the sample's
own results), makes one result with every control by mouse and keyboard,
submits, and reads the annotation back through the API: each control's item
is there, of its type, holding what was drawn or typed.
"""

from __future__ import annotations

import pytest
from labelcore_templates.gallery import templates

from tests.e2e.gallery_drivers import DRIVERS, Run, controls_of, wanted_choices
from tests.e2e.gallery_ui import Ui

pytestmark = pytest.mark.browser

GALLERY = templates()


def sample_data(template) -> dict:
    sample = template.sample_task
    return sample["data"] if isinstance(sample.get("data"), dict) else sample


def checks_its_own_item(control) -> bool:
    # Labels over a video label its tracks; relations name no control.
    if control.tag == "Labels" and control.object_tag == "Video":
        return False
    return control.tag != "Relations"


@pytest.mark.parametrize("template", GALLERY, ids=[t.name for t in GALLERY])
def test_every_control_of_the_template_stores_what_was_done(
    page, web_server, make_project, annotations_of, template
):
    data = sample_data(template)
    project = make_project(template.title, template.config, [{"data": data}])
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.locator(".labeling .tag-tree").wait_for()
    assert page.locator(".tag-missing").count() == 0
    assert page.locator(".tag-error").count() == 0

    controls = sorted(
        controls_of(template.config, data), key=lambda c: DRIVERS[c.tag].order
    )
    run = Run(Ui(page), data, wanted_choices(template.config))
    run.drawn["_controls"] = controls
    for control in controls:
        DRIVERS[control.tag].act(control, run)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("1 done in this session").wait_for()

    [annotation] = annotations_of(project)
    result = annotation["result"]
    run.result = result
    for control in controls:
        if control.tag == "Relations":
            relations = [item for item in result if item["type"] == "relation"]
            regions = {item["id"] for item in result if item["type"] != "relation"}
            assert (
                relations
                and {relations[0]["from_id"], relations[0]["to_id"]} <= regions
            )
            assert relations[0]["labels"] == [control.options[0]]
            continue
        if not checks_its_own_item(control):
            continue
        items = [item for item in result if item.get("from_name") == control.name]
        assert items, f"no result from {control.tag} {control.name!r}: {result}"
        assert items[0]["type"] == DRIVERS[control.tag].result_type
        DRIVERS[control.tag].check(items, control, run)
