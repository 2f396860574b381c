"""Smart tools in a real browser against a real ML backend: a keypoint drawn with a
``smart`` KeyPointLabels goes to the backend's interactive annotation as context, the
box it answers is a suggestion in the keypoint's place, and only an accepted one is
submitted."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.test_stream_browser import done, open_stream
from tests.support.live import REPO_ROOT, LiveServer, launch_server

pytestmark = pytest.mark.browser

SMART = """<View>
  <Image name="photo" value="$image"/>
  <KeyPointLabels name="point" toName="photo" smart="true">
    <Label value="Cat here"/>
  </KeyPointLabels>
  <RectangleLabels name="box" toName="photo">
    <Label value="Cat"/>
  </RectangleLabels>
</View>"""

BOX_WIDTH, BOX_HEIGHT = 20, 10


class BoxFinder:
    """A model server speaking Label Studio's ML backend protocol on 127.0.0.1: for a
    keypoint in the context it answers a Cat box centred on it."""

    version = "box-finder-1"

    def __init__(self):
        self.contexts: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, body: dict) -> dict:
        if path == "/predict":
            return {"results": [self.predict(body)], "model_version": self.version}
        if path == "/setup":
            return {"model_version": self.version}
        return {"status": "UP", "model_class": "BoxFinder"}

    def predict(self, body: dict) -> dict:
        context = (body.get("params") or {}).get("context") or {}
        self.contexts.append(context)
        points = [
            item
            for item in context.get("result", [])
            if item["type"] == "keypointlabels"
        ]
        result = [
            {
                "from_name": "box",
                "to_name": "photo",
                "type": "rectanglelabels",
                "original_width": point.get("original_width"),
                "original_height": point.get("original_height"),
                "value": {
                    "x": point["value"]["x"] - BOX_WIDTH / 2,
                    "y": point["value"]["y"] - BOX_HEIGHT / 2,
                    "width": BOX_WIDTH,
                    "height": BOX_HEIGHT,
                    "rotation": 0,
                    "rectanglelabels": ["Cat"],
                },
            }
            for point in points
        ]
        return {"result": result, "score": 0.9, "model_version": self.version}

    def _handler(self):
        finder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *arguments):
                pass

            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else {}
                data = json.dumps(finder.answer(self.path.split("?")[0], body)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _reply
            do_POST = _reply

        return Handler


@pytest.fixture(scope="module")
def box_finder() -> Iterator[BoxFinder]:
    finder = BoxFinder()
    finder.thread.start()
    yield finder
    finder.server.shutdown()
    finder.server.server_close()


@pytest.fixture(scope="module")
def web_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A server that may call the test's model on 127.0.0.1, as an administrator
    allows with LABELCORE_OUTBOUND_ALLOW."""
    server = launch_server(
        tmp_path_factory.mktemp("smart-server"),
        extra_environment={
            "LABELCORE_OUTBOUND_ALLOW": "127.0.0.1",
            "PYTHONPATH": str(REPO_ROOT),
        },
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def photo_url(api) -> str:
    templates = api.get(api.base_url + "/api/templates/").json()
    detection = next(t for t in templates if "RectangleLabels" in t["config"])
    data = detection["sample_task"].get("data", detection["sample_task"])
    return next(v for v in data.values() if str(v).startswith("data:image"))


def test_a_smart_keypoint_asks_the_model_and_only_an_accepted_box_is_submitted(
    page, web_server, make_project, annotations_of, api, photo_url, box_finder
):
    project = make_project("Smart tools", SMART, [{"image": photo_url}])
    connected = api.post(
        api.base_url + "/api/ml/",
        json={
            "project": project,
            "url": box_finder.url,
            "title": "Box finder",
            "is_interactive": True,
        },
    )
    assert connected.status_code == 201, connected.text
    ui = open_stream(page, web_server, project)
    switch = page.get_by_label("Auto-annotation with Box finder")
    switch.check()
    page.get_by_role("radio", name="Cat here").click()
    image = ui.image("photo")

    ui.click(image.at(30, 40))
    page.get_by_text("1 suggestion from box-finder-1").wait_for()
    ui.wait_for_regions(1)
    page.get_by_role("button", name="Reject").click()
    ui.wait_for_regions(0)

    ui.click(image.at(60, 50))
    page.get_by_text("1 suggestion from box-finder-1").wait_for()
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("button", name="Submit").click()
    done(page, 1)

    [first, second] = box_finder.contexts
    [asked] = first["result"]
    assert asked["type"] == "keypointlabels"
    assert asked["value"]["keypointlabels"] == ["Cat here"]
    assert asked["value"]["x"] == pytest.approx(30, abs=1)
    assert asked["value"]["y"] == pytest.approx(40, abs=1)
    assert second["result"][0]["value"]["x"] == pytest.approx(60, abs=1)
    [annotation] = annotations_of(project)
    [box] = annotation["result"]
    assert box["type"] == "rectanglelabels"
    assert box["origin"] == "prediction"
    assert box["value"]["rectanglelabels"] == ["Cat"]
    assert box["value"]["x"] == pytest.approx(60 - BOX_WIDTH / 2, abs=1)
    assert box["value"]["y"] == pytest.approx(50 - BOX_HEIGHT / 2, abs=1)


def test_with_auto_annotation_off_a_smart_tool_draws_as_usual(
    page, web_server, make_project, annotations_of, api, photo_url, box_finder
):
    project = make_project("Smart tools off", SMART, [{"image": photo_url}])
    api.post(
        api.base_url + "/api/ml/",
        json={"project": project, "url": box_finder.url, "is_interactive": True},
    )
    asked_before = len(box_finder.contexts)
    ui = open_stream(page, web_server, project)
    page.get_by_text("Smart tools draw as usual.").wait_for()
    page.get_by_role("radio", name="Cat here").click()
    image = ui.image("photo")

    ui.click(image.at(25, 25))
    ui.wait_for_regions(1)
    page.get_by_role("button", name="Submit").click()
    done(page, 1)

    assert len(box_finder.contexts) == asked_before
    [annotation] = annotations_of(project)
    [point] = annotation["result"]
    assert point["type"] == "keypointlabels"


def test_a_smart_only_tool_shows_only_while_auto_annotation_is_on(
    page, web_server, make_project, api, photo_url, box_finder
):
    config = SMART.replace('smart="true"', 'smartOnly="true"')
    project = make_project("Smart only", config, [{"image": photo_url}])
    api.post(
        api.base_url + "/api/ml/",
        json={"project": project, "url": box_finder.url, "is_interactive": True},
    )
    open_stream(page, web_server, project)
    switch = page.get_by_label("Auto-annotation with")
    switch.wait_for()

    assert page.get_by_role("radio", name="Cat here").count() == 0
    assert page.locator('[data-name="box"]').count() == 1
    switch.check()
    page.get_by_role("radio", name="Cat here").wait_for()
    switch.uncheck()
    page.get_by_role("radio", name="Cat here").wait_for(state="detached")


def test_suggestions_accepted_at_once_go_straight_into_the_answer(
    page, web_server, make_project, annotations_of, api, photo_url, box_finder
):
    project = make_project("Smart at once", SMART, [{"image": photo_url}])
    api.post(
        api.base_url + "/api/ml/",
        json={"project": project, "url": box_finder.url, "is_interactive": True},
    )
    ui = open_stream(page, web_server, project)
    page.get_by_label("Auto-annotation with").check()
    page.get_by_label("Accept suggestions at once").check()
    page.get_by_role("radio", name="Cat here").click()
    image = ui.image("photo")

    ui.click(image.at(40, 40))
    page.locator(".result-list li[data-region-row]").get_by_text("Cat").wait_for()
    assert page.get_by_role("button", name="Accept").count() == 0
    page.get_by_role("button", name="Submit").click()
    done(page, 1)

    [annotation] = annotations_of(project)
    [box] = annotation["result"]
    assert box["type"] == "rectanglelabels"
    assert box["value"]["x"] == pytest.approx(40 - BOX_WIDTH / 2, abs=1)
