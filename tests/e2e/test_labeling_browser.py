"""The label stream in a real browser against a real server, checked through the API."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

PHOTO_CONFIG = """<View>
  <Header value="What is this about?"/>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text" choice="single" showInline="true">
    <Choice value="Sports"/>
    <Choice value="Politics"/>
  </Choices>
  <Image name="photo" value="$image"/>
  <RectangleLabels name="box" toName="photo">
    <Label value="Cat" background="#e11d48"/>
  </RectangleLabels>
</View>"""

NER_CONFIG = """<View>
  <Labels name="ner" toName="text">
    <Label value="PER"/>
    <Label value="ORG"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>"""

SLIDER_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Slider name="quality" toName="text" min="0" max="10" step="1" label="Quality"/>
</View>"""

CLASSIFY_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>"""

# A stage that fits the page keeps the tests' sums in view: at zoom 1 the image
# is drawn at the stage's top-left corner, scaled by min(width / w, 620 / h).
STAGE_MAX_HEIGHT = 620
TOLERANCE = 0.6


@pytest.fixture(scope="module")
def photo(api) -> dict:
    """A real photograph (the gallery's object detection sample) and its size."""
    templates = api.get(api.base_url + "/api/templates/").json()
    detection = next(t for t in templates if "RectangleLabels" in t["config"])
    data = detection["sample_task"].get("data", detection["sample_task"])
    url = next(value for value in data.values() if str(value).startswith("data:image"))
    encoded = url.split(",", 1)[1]
    with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
        width, height = image.size
    return {"url": url, "width": width, "height": height}


def image_frame(page, photo) -> dict:
    """Where the photo is on screen: its top-left corner and its screen scale."""
    canvas = page.locator(".lc-image-canvas canvas").first
    canvas.wait_for()
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    scale = min(box["width"] / photo["width"], STAGE_MAX_HEIGHT / photo["height"])
    return {"left": box["x"], "top": box["y"], "scale": scale}


def screen_point(frame, photo, x_percent, y_percent) -> tuple[float, float]:
    return (
        frame["left"] + x_percent / 100 * photo["width"] * frame["scale"],
        frame["top"] + y_percent / 100 * photo["height"] * frame["scale"],
    )


def drag(page, start, end) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()


def result_of(annotation: dict, result_type: str) -> dict:
    return next(item for item in annotation["result"] if item["type"] == result_type)


def submit_and_wait(page, done: int) -> None:
    page.get_by_role("button", name="Submit").click()
    page.get_by_text(f"{done} done in this session").wait_for()


def test_label_a_text_with_a_choice_and_draw_a_box_stored_in_percent(
    page, web_server, make_project, annotations_of, photo
):
    project = make_project(
        "Photos and texts",
        PHOTO_CONFIG,
        [{"text": "A cat sat on the mat.", "image": photo["url"]}],
    )
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.locator(".lc-image-canvas canvas").wait_for()

    # Hotkeys go in document order: Sports 1, Politics 2, then the label Cat 3.
    page.keyboard.press("2")
    politics = page.get_by_role("radio", name="Politics")
    assert politics.get_attribute("aria-checked") == "true"

    page.get_by_role("radio", name="Cat").click()
    frame = image_frame(page, photo)
    drag(
        page,
        screen_point(frame, photo, 20, 25),
        screen_point(frame, photo, 60, 75),
    )
    page.locator(".result-value", has_text="Cat").wait_for()
    submit_and_wait(page, 1)

    [annotation] = annotations_of(project)
    assert result_of(annotation, "choices")["value"] == {"choices": ["Politics"]}
    box = result_of(annotation, "rectanglelabels")
    assert box["from_name"] == "box"
    assert box["to_name"] == "photo"
    assert box["value"]["rectanglelabels"] == ["Cat"]
    assert box["original_width"] == photo["width"]
    assert box["original_height"] == photo["height"]
    for key, expected in {"x": 20, "y": 25, "width": 40, "height": 50}.items():
        assert box["value"][key] == pytest.approx(expected, abs=TOLERANCE), key
    assert box["value"]["rotation"] == 0


def test_move_and_resize_a_box(page, web_server, make_project, annotations_of, photo):
    project = make_project(
        "Move and resize",
        PHOTO_CONFIG,
        [{"text": "Boxes move.", "image": photo["url"]}],
    )
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_role("radio", name="Cat").click()
    frame = image_frame(page, photo)
    drag(page, screen_point(frame, photo, 10, 10), screen_point(frame, photo, 40, 40))

    # Drag the box by its middle 20% right and 10% down.
    drag(page, screen_point(frame, photo, 25, 25), screen_point(frame, photo, 45, 35))
    page.wait_for_timeout(150)

    # Its bottom-right handle, now at (60%, 50%), pulled out to (80%, 70%).
    drag(page, screen_point(frame, photo, 60, 50), screen_point(frame, photo, 80, 70))
    page.wait_for_timeout(150)
    submit_and_wait(page, 1)

    [annotation] = annotations_of(project)
    value = result_of(annotation, "rectanglelabels")["value"]
    for key, expected in {"x": 30, "y": 20, "width": 50, "height": 50}.items():
        assert value[key] == pytest.approx(expected, abs=TOLERANCE), key


def test_a_box_drawn_after_zooming_is_stored_in_percent_of_the_image(
    page, web_server, make_project, annotations_of, photo
):
    project = make_project(
        "Zoomed", PHOTO_CONFIG, [{"text": "Zoom in.", "image": photo["url"]}]
    )
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_role("radio", name="Cat").click()
    frame = image_frame(page, photo)

    # Two wheel steps in, about the middle of the image: each step zooms by 1.15 and
    # keeps the image point under the pointer where it is.
    centre = screen_point(frame, photo, 50, 50)
    page.mouse.move(*centre)
    for _ in range(2):
        page.mouse.wheel(0, -100)
        page.wait_for_timeout(50)
    page.get_by_text("132%").wait_for()
    zoom = 1.15**2

    def zoomed_point(x_percent: float, y_percent: float) -> tuple[float, float]:
        x, y = screen_point(frame, photo, x_percent, y_percent)
        return (centre[0] + (x - centre[0]) * zoom, centre[1] + (y - centre[1]) * zoom)

    drag(page, zoomed_point(40, 40), zoomed_point(55, 60))
    page.locator(".result-value", has_text="Cat").wait_for()
    submit_and_wait(page, 1)

    [annotation] = annotations_of(project)
    value = result_of(annotation, "rectanglelabels")["value"]
    for key, expected in {"x": 40, "y": 40, "width": 15, "height": 20}.items():
        assert value[key] == pytest.approx(expected, abs=TOLERANCE), key


SELECT_TEXT = """([start, end]) => {
  const root = document.querySelector('.lc-text-body');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const positions = [];
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const [name, target] of [['start', start], ['end', end]]) {
      if (!positions[name] && target >= seen && target <= seen + node.length) {
        positions[name] = [node, target - seen];
      }
    }
    seen += node.length;
  }
  const range = document.createRange();
  range.setStart(...positions.start);
  range.setEnd(...positions.end);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
}"""


def test_span_labels_are_stored_in_code_points_after_emoji(
    page, web_server, make_project, annotations_of
):
    text = "😀 Ada Lovelace met 🎉🎉 Charles Babbage in London."
    project = make_project("Names", NER_CONFIG, [{"text": text}])
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.locator(".lc-text-body").wait_for()

    for label, name in (("PER", "Ada Lovelace"), ("ORG", "Charles Babbage")):
        page.get_by_role("radio", name=label).click()
        start = text.encode("utf-16-le").find(name.encode("utf-16-le")) // 2
        page.evaluate(SELECT_TEXT, [start, start + len(name.encode("utf-16-le")) // 2])
        page.get_by_text(f"{label}: “{name}”").wait_for()
    submit_and_wait(page, 1)

    [annotation] = annotations_of(project)
    spans = sorted(
        (item["value"] for item in annotation["result"]), key=lambda v: v["start"]
    )
    assert spans == [
        {"start": 2, "end": 14, "text": "Ada Lovelace", "labels": ["PER"]},
        {"start": 22, "end": 37, "text": "Charles Babbage", "labels": ["ORG"]},
    ]
    assert text[22:37] == "Charles Babbage"


def test_skip_then_submit(page, web_server, make_project, annotations_of, api):
    project = make_project(
        "Skip one", CLASSIFY_CONFIG, [{"text": "first"}, {"text": "second"}]
    )
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_text("first").wait_for()

    page.get_by_role("button", name="Skip").click()
    page.get_by_text("second").wait_for()
    page.get_by_role("radio", name="Negative").click()
    submit_and_wait(page, 2)
    page.get_by_text("No more tasks for you").wait_for()

    annotations = annotations_of(project)
    assert sorted(a["was_cancelled"] for a in annotations) == [False, True]
    labeled = next(a for a in annotations if not a["was_cancelled"])
    assert labeled["result"][0]["value"] == {"choices": ["Negative"]}


def test_a_refused_submit_shows_the_server_message_and_keeps_the_task(
    page, web_server, make_project, api
):
    project = make_project("Refused", CLASSIFY_CONFIG, [{"text": "soon gone"}])
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_text("soon gone").wait_for()
    task = api.get(api.base_url + f"/api/tasks/?project={project}").json()["tasks"][0]
    assert api.delete(api.base_url + f"/api/tasks/{task['id']}/").status_code == 204

    page.get_by_role("radio", name="Positive").click()
    page.get_by_role("button", name="Submit").click()

    alert = page.locator(".labeling-side .error-message")
    alert.wait_for()
    assert str(task["id"]) in alert.inner_text()
    assert page.get_by_text("soon gone").is_visible()


def test_the_example_plugin_tag_renders_and_its_result_is_stored(
    page, web_server, make_project, annotations_of, api
):
    plugins = {
        plugin["name"] for plugin in api.get(api.base_url + "/api/plugins/").json()
    }
    assert "example_tag" in plugins
    project = make_project("Rate texts", SLIDER_CONFIG, [{"text": "Rate me."}])
    page.goto(f"{web_server.url}/projects/{project}/label")

    slider = page.get_by_role("slider", name="Quality")
    slider.focus()
    page.keyboard.press("End")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.locator(".example-slider output").get_by_text("7").wait_for()
    submit_and_wait(page, 1)

    [annotation] = annotations_of(project)
    [item] = annotation["result"]
    assert item["type"] == "slider"
    assert (item["from_name"], item["to_name"]) == ("quality", "text")
    assert item["value"] == {"slider": 7}


def test_the_server_refuses_a_slider_value_out_of_its_range(
    web_server, make_project, api
):
    project = make_project("Range", SLIDER_CONFIG, [{"text": "Too much."}])
    task = api.get(api.base_url + f"/api/tasks/?project={project}").json()["tasks"][0]
    item = {
        "id": "s1",
        "from_name": "quality",
        "to_name": "text",
        "type": "slider",
        "value": {"slider": 11},
    }

    answer = api.post(
        api.base_url + f"/api/tasks/{task['id']}/annotations/", json={"result": [item]}
    )

    assert answer.status_code == 400
    assert "outside the range of Slider 'quality'" in answer.text


def test_create_a_project_from_the_gallery_with_a_live_preview_and_import_files(
    page, web_server, tmp_path, api
):
    page.goto(f"{web_server.url}/projects/new")
    page.get_by_role("button", name="Named entity recognition").click()
    preview = page.get_by_label("Preview")
    preview.get_by_role("radio", name="PER").wait_for()

    editor = page.get_by_label("Label config (XML)")
    editor.fill(
        "<View>\n"
        '  <Text name="text" value="$text"/>\n'
        '  <Sparkle name="oops" toName="text"/>\n'
        "</View>"
    )
    issue = page.locator(".issue-error").first
    issue.wait_for()
    assert issue.locator(".issue-where").inner_text().startswith("Line 3")
    assert "Sparkle" in issue.inner_text()
    assert page.locator(".xml-gutter .gutter-error").inner_text() == "3"
    assert page.get_by_role("button", name="Create project").is_disabled()

    editor.fill(NER_CONFIG)
    preview.get_by_role("radio", name="ORG").wait_for()
    page.get_by_label("Title").fill("People and companies")
    page.get_by_role("button", name="Create project").click()
    page.get_by_role("heading", name="People and companies").wait_for()

    upload = tmp_path / "people.jsonl"
    upload.write_text('{"text": "Grace Hopper"}\n{"text": "Alan Turing"}\n')
    page.get_by_label("Files to import").set_input_files(str(upload))
    page.get_by_text("Imported 2 tasks.").wait_for()
    rows = page.locator(".task-table tbody tr")
    rows.nth(1).wait_for()
    assert rows.count() == 2
    assert "Alan Turing" in rows.nth(1).inner_text()

    project_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    project = api.get(api.base_url + f"/api/projects/{project_id}/").json()
    assert project["title"] == "People and companies"
    assert "<Labels" in project["label_config"]


def test_a_large_import_runs_as_a_job_and_the_export_downloads(
    page, web_server, make_project, tmp_path
):
    project = make_project("Large", CLASSIFY_CONFIG, [{"text": "already here"}])
    page.goto(f"{web_server.url}/projects/{project}")
    upload = tmp_path / "many.jsonl"
    upload.write_text("".join(f'{{"text": "line {n}"}}\n' for n in range(1500)))

    page.get_by_label("Files to import").set_input_files(str(upload))
    page.get_by_text("Imported 1500 tasks.").wait_for(timeout=60_000)
    page.get_by_test_id("task-total").get_by_text("1,501 tasks", exact=False).wait_for()

    with page.expect_download() as download:
        page.get_by_role("link", name="Export JSON").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert isinstance(exported, list)


def test_boxes_without_labels_from_a_rectangle_control(
    page, web_server, make_project, annotations_of, photo
):
    config = """<View>
  <Image name="photo" value="$image"/>
  <Rectangle name="region" toName="photo"/>
</View>"""
    project = make_project("Plain boxes", config, [{"image": photo["url"]}])
    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_role("switch", name="Draw boxes").click()
    frame = image_frame(page, photo)

    drag(page, screen_point(frame, photo, 5, 10), screen_point(frame, photo, 35, 30))
    page.locator(".result-list li").wait_for()
    submit_and_wait(page, 1)

    [annotation] = annotations_of(project)
    [item] = annotation["result"]
    assert item["type"] == "rectangle"
    assert set(item["value"]) == {"x", "y", "width", "height", "rotation"}
    for key, expected in {"x": 5, "y": 10, "width": 30, "height": 20}.items():
        assert item["value"][key] == pytest.approx(expected, abs=TOLERANCE), key
