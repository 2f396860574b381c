"""Drafts on the server and going back after a reload, in a real browser: work drawn in
one browser is there in another, a submit ends it, and "previous task" still reaches
the answers given before the page was opened."""

from __future__ import annotations

import time

import pytest

from tests.e2e.test_stream_browser import BOXES, CLASSIFY, done, open_stream
from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD

pytestmark = pytest.mark.browser

LOCAL_DRAFTS = (
    "Object.keys(localStorage).filter((key) => key.startsWith('labelcore:draft'))"
)


@pytest.fixture(scope="module")
def photo_url(api) -> str:
    templates = api.get(api.base_url + "/api/templates/").json()
    detection = next(t for t in templates if "RectangleLabels" in t["config"])
    data = detection["sample_task"].get("data", detection["sample_task"])
    return next(v for v in data.values() if str(v).startswith("data:image"))


@pytest.fixture
def second_browser(browser, web_server):
    """``second_browser()``: a page in a context of its own (no shared storage), signed
    in as the same admin, like another browser on another machine."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1400, "height": 1100})
        contexts.append(context)
        opened = context.new_page()
        opened.goto(web_server.url + "/")
        opened.get_by_label("Email").fill(ADMIN_EMAIL)
        opened.get_by_label("Password").fill(ADMIN_PASSWORD)
        opened.get_by_role("button", name="Sign in").click()
        opened.get_by_role("heading", name="Projects", exact=True).wait_for()
        return opened

    yield open_page
    for context in contexts:
        context.close()


def task_ids(api, project: int) -> list[int]:
    listed = api.get(api.base_url + f"/api/tasks/?project={project}").json()
    return [task["id"] for task in listed["tasks"]]


def drafts_of(api, task_id: int) -> list[dict]:
    answer = api.get(api.base_url + f"/api/tasks/{task_id}/drafts")
    assert answer.status_code == 200, answer.text
    return answer.json()


def wait_for_draft(api, task_id: int, regions: int, seconds: float = 10) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = drafts_of(api, task_id)
        if found and len(found[-1]["result"]) >= regions:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no draft with {regions} regions reached the server")


def test_a_drawn_box_is_a_server_draft_back_in_another_browser_and_gone_on_submit(
    page, web_server, make_project, annotations_of, api, photo_url, second_browser
):
    project = make_project("Server drafts", BOXES, [{"image": photo_url}])
    [task_id] = task_ids(api, project)
    ui = open_stream(page, web_server, project)
    page.get_by_role("radio", name="Dog").click()
    image = ui.image("photo")
    ui.drag(image.at(20, 30), image.at(50, 60))

    draft = wait_for_draft(api, task_id, 1)
    [box] = draft["result"]
    assert box["value"]["rectanglelabels"] == ["Dog"]
    assert box["value"]["x"] == pytest.approx(20, abs=0.8)
    assert page.evaluate(LOCAL_DRAFTS) == [], "the server took it: no copy is kept"

    other = second_browser()
    other_ui = open_stream(other, web_server, project)
    other.get_by_text("restored").wait_for()
    other_ui.wait_for_regions(1)
    other.get_by_role("button", name="Submit").click()
    done(other, 1)

    assert drafts_of(api, task_id) == []
    [annotation] = annotations_of(project)
    [stored] = annotation["result"]
    assert stored["value"]["x"] == pytest.approx(box["value"]["x"])
    assert stored["value"]["rectanglelabels"] == ["Dog"]


def test_without_the_server_the_draft_waits_in_the_browser(
    page, web_server, make_project, api
):
    project = make_project("Offline drafts", CLASSIFY, [{"text": "Said offline"}])
    [task_id] = task_ids(api, project)
    open_stream(page, web_server, project)
    page.route("**/drafts*", lambda route: route.abort())
    page.get_by_role("radio", name="Negative").click()

    page.wait_for_function(f"() => {LOCAL_DRAFTS}.length === 1")
    assert drafts_of(api, task_id) == []
    page.reload()
    page.get_by_text("restored").wait_for()
    assert page.get_by_role("radio", name="Negative").get_attribute("aria-checked") == (
        "true"
    )


def test_after_a_reload_previous_task_reaches_earlier_answers_and_changes_them(
    page, web_server, make_project, api
):
    tasks = [{"text": name} for name in ("alpha", "beta", "gamma")]
    project = make_project("Back after reload", CLASSIFY, tasks)
    open_stream(page, web_server, project)
    for count, name in enumerate(("alpha", "beta"), start=1):
        page.get_by_text(name, exact=True).wait_for()
        page.get_by_role("radio", name="Positive").click()
        page.get_by_role("button", name="Submit").click()
        done(page, count)
    page.get_by_text("gamma", exact=True).wait_for()

    page.reload()
    page.get_by_text("gamma", exact=True).wait_for()
    page.get_by_role("button", name="← Previous task").click()
    page.get_by_text("beta", exact=True).wait_for()
    page.get_by_role("button", name="← Previous task").click()
    page.get_by_text("alpha", exact=True).wait_for()
    assert page.get_by_role("radio", name="Positive").get_attribute("aria-checked") == (
        "true"
    )
    page.get_by_role("radio", name="Negative").click()
    page.get_by_role("button", name="Update").click()
    page.get_by_text("beta", exact=True).wait_for()

    exported = api.get(api.base_url + f"/api/projects/{project}/export?exportType=JSON")
    answers = {
        task["data"]["text"]: [
            annotation["result"][0]["value"]["choices"]
            for annotation in task["annotations"]
        ]
        for task in exported.json()
    }
    assert answers == {"alpha": [["Negative"]], "beta": [["Positive"]]}


def test_unsaved_changes_to_an_earlier_answer_wait_as_a_draft_of_that_annotation(
    page, web_server, make_project, api
):
    project = make_project("Changes", CLASSIFY, [{"text": "one"}, {"text": "two"}])
    first_task = task_ids(api, project)[0]
    open_stream(page, web_server, project)
    page.get_by_role("radio", name="Positive").click()
    page.get_by_role("button", name="Submit").click()
    done(page, 1)
    page.get_by_text("two", exact=True).wait_for()
    page.get_by_role("button", name="← Previous task").click()
    page.get_by_text("one", exact=True).wait_for()
    page.get_by_role("radio", name="Negative").click()

    draft = wait_for_draft(api, first_task, 1)
    assert draft["annotation"] is not None
    assert draft["result"][0]["value"]["choices"] == ["Negative"]
    page.reload()
    page.get_by_text("two", exact=True).wait_for()
    page.get_by_role("button", name="← Previous task").click()
    page.get_by_role("button", name="Restore them").click()
    assert page.get_by_role("radio", name="Negative").get_attribute("aria-checked") == (
        "true"
    )
    page.get_by_role("button", name="Update").click()
    page.get_by_text("two", exact=True).wait_for()

    answer = api.get(api.base_url + f"/api/annotations/{draft['annotation']}/").json()
    assert answer["result"][0]["value"]["choices"] == ["Negative"]
    assert drafts_of(api, first_task) == []
