"""Turning the image view: a box drawn on the turned photo is stored in percent of the
photo as it is, with Label Studio's ``image_rotation``; the view opens turned again."""

from __future__ import annotations

import pytest

from tests.e2e.test_stream_browser import done, open_stream

pytestmark = pytest.mark.browser

BOXES = """<View>
  <Image name="photo" value="$image"/>
  <RectangleLabels name="box" toName="photo">
    <Label value="Cat"/>
    <Label value="Dog"/>
  </RectangleLabels>
</View>"""


@pytest.fixture(scope="module")
def photo_url(api) -> str:
    templates = api.get(api.base_url + "/api/templates/").json()
    detection = next(t for t in templates if "RectangleLabels" in t["config"])
    data = detection["sample_task"].get("data", detection["sample_task"])
    return next(v for v in data.values() if str(v).startswith("data:image"))


def is_turned(box, upright) -> bool:
    """The photo on screen has the upright photo's shape turned a quarter."""
    return box.width / box.height == pytest.approx(
        upright.height / upright.width, rel=0.02
    )


def test_a_box_drawn_on_the_turned_view_is_stored_on_the_photo_as_it_is(
    page, web_server, make_project, annotations_of, api, photo_url
):
    project = make_project("Turned view", BOXES, [{"image": photo_url}])
    ui = open_stream(page, web_server, project)
    upright = ui.image("photo")
    page.get_by_role("button", name="Rotate the view").click()
    page.wait_for_timeout(200)
    turned = ui.image("photo")
    assert is_turned(turned, upright)

    page.get_by_role("radio", name="Cat").click()
    # A quarter turn clockwise: the photo's left edge is now at the top, its top edge on
    # the right, so the screen's (u, v) is the photo's (v, 100 - u).
    ui.drag(turned.at(10, 20), turned.at(40, 60))
    ui.wait_for_regions(1)
    page.get_by_role("button", name="Submit").click()
    done(page, 1)

    [annotation] = annotations_of(project)
    [box] = annotation["result"]
    assert box["image_rotation"] == 90
    assert box["value"]["rotation"] == 0
    assert box["value"]["x"] == pytest.approx(20, abs=1)
    assert box["value"]["y"] == pytest.approx(60, abs=1)
    assert box["value"]["width"] == pytest.approx(40, abs=1)
    assert box["value"]["height"] == pytest.approx(30, abs=1)
    assert (box["original_width"], box["original_height"]) != (0, 0)


def test_turning_the_view_after_drawing_changes_the_stored_rotation_not_the_box(
    page, web_server, make_project, annotations_of, api, photo_url
):
    project = make_project("Turned later", BOXES, [{"image": photo_url}])
    ui = open_stream(page, web_server, project)
    page.get_by_role("radio", name="Dog").click()
    upright = ui.image("photo")
    ui.drag(upright.at(10, 10), upright.at(30, 50))
    ui.wait_for_regions(1)
    page.get_by_role("button", name="Rotate the view").click()
    page.get_by_role("button", name="Submit").click()
    done(page, 1)

    [annotation] = annotations_of(project)
    [box] = annotation["result"]
    assert box["image_rotation"] == 90
    assert box["value"]["x"] == pytest.approx(10, abs=1)
    assert box["value"]["width"] == pytest.approx(20, abs=1)
    assert box["value"]["height"] == pytest.approx(40, abs=1)

    # The annotation opens again in the view it was drawn in.
    page.get_by_role("button", name="← Previous task").click()
    page.get_by_role("button", name="Update").wait_for()
    ui.wait_for_regions(1)
    assert is_turned(ui.image("photo"), upright)
