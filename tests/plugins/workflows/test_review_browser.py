"""The review workflow in a browser: the review stream, history and switching."""

import pytest

pytestmark = pytest.mark.browser

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text">
    <Choice value="Sports"/>
    <Choice value="Politics"/>
  </Choices>
</View>"""

TEXTS = ["The match ended in a draw.", "Parliament passed the budget."]


def _choice(topic):
    return [
        {
            "from_name": "topic",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": [topic]},
        }
    ]


@pytest.fixture
def project_in_review(api):
    """A review-workflow project whose two tasks were annotated through the API."""
    created = api.post(
        api.base_url + "/api/projects/",
        json={"title": "Topics", "label_config": CONFIG, "workflow": "review"},
    )
    assert created.status_code == 201, created.text
    project_id = created.json()["id"]
    imported = api.post(
        api.base_url + f"/api/projects/{project_id}/import?return_task_ids=true",
        json=[{"text": text} for text in TEXTS],
    )
    task_ids = imported.json()["task_ids"]
    for task_id, topic in zip(task_ids, ("Sports", "Sports"), strict=True):
        answer = api.post(
            api.base_url + f"/api/tasks/{task_id}/annotations/",
            json={"result": _choice(topic)},
        )
        assert answer.status_code == 201, answer.text
    return project_id, task_ids


def _task(api, task_id):
    return api.get(api.base_url + f"/api/tasks/{task_id}/history").json()


def test_review_reject_with_a_comment_accept_and_switch_back(
    page, review_server, api, project_in_review
):
    project_id, (first, second) = project_in_review
    page.goto(f"{review_server.url}/projects/{project_id}")
    page.get_by_role("link", name="Workflow and review").click()
    in_review = page.locator("tr[data-state='in_review']")
    assert in_review.locator("td.numeric").inner_text() == "2"

    page.get_by_role("link", name="Review tasks").click()
    page.get_by_text(TEXTS[0]).wait_for()
    assert page.get_by_role("radio", name="Sports").get_attribute("aria-checked") == (
        "true"
    )
    history = page.get_by_label("History")
    history.get_by_text("unlabeled → in review").wait_for()

    page.get_by_role("button", name="Reject").click()
    page.get_by_role("alert").filter(has_text="'has_comment' does not hold").wait_for()
    page.get_by_label("Comment").fill("This one is about football, say so.")
    page.get_by_role("button", name="Reject").click()
    page.get_by_text(TEXTS[1]).wait_for()

    rejected = _task(api, first)
    assert rejected["task"]["state"] == "in_progress"
    assert rejected["events"][-1]["comment"] == "This one is about football, say so."

    page.get_by_role("button", name="Accept").click()
    page.get_by_role("heading", name="Nothing waits for review").wait_for()
    assert _task(api, second)["task"]["state"] == "accepted"

    page.goto(f"{review_server.url}/projects/{project_id}/workflow")
    page.locator("tr[data-state='accepted'] td.numeric", has_text="1").wait_for()
    page.locator("tr[data-state='accepted']").get_by_role(
        "button", name="Show tasks"
    ).click()
    page.get_by_role("button", name=f"Task {second}").click()
    page.get_by_label("History").get_by_text("in review → accepted").wait_for()

    page.get_by_label("Workflow", exact=True).select_option("default")
    mapping = page.get_by_label("New state for accepted")
    assert mapping.input_value() == "completed"
    page.get_by_role("button", name="Use this workflow").click()
    page.locator("tr[data-state='completed'] td.numeric", has_text="1").wait_for()

    moved = _task(api, second)
    assert moved["task"]["state"] == "completed"
    assert moved["events"][-1]["event"] == "change_workflow"
    assert moved["consistent"] is True


def test_a_decision_on_a_task_that_changed_meanwhile_is_refused(
    page, review_server, api, project_in_review
):
    project_id, (first, _) = project_in_review
    page.goto(f"{review_server.url}/projects/{project_id}/review")
    page.get_by_text(TEXTS[0]).wait_for()

    accepted = api.post(
        api.base_url + f"/api/tasks/{first}/transitions", json={"event": "accept"}
    )
    assert accepted.status_code == 200
    page.get_by_label("Comment").fill("Too late")
    page.get_by_role("button", name="Reject").click()

    page.get_by_role("alert").filter(has_text="changed while this request").wait_for()
    assert _task(api, first)["task"]["state"] == "accepted"
    page.get_by_role("button", name="Load the task again").click()
    page.get_by_text(TEXTS[1]).wait_for()


def test_a_project_declares_its_own_workflow_in_yaml(page, review_server, api):
    created = api.post(
        api.base_url + "/api/projects/",
        json={"title": "Own workflow", "label_config": CONFIG},
    ).json()
    page.goto(f"{review_server.url}/projects/{created['id']}/workflow")
    page.get_by_label("Workflow", exact=True).select_option("__own__")
    page.get_by_label("Format").select_option("yaml")
    page.get_by_label("Definition").fill(
        "states:\n"
        "  - {name: unlabeled, initial: true}\n"
        "  - {name: done, final: true}\n"
        "  - lost\n"
        "transitions:\n"
        "  - {event: annotate, source: unlabeled, target: done}\n"
        "  - {event: back, source: lost, target: unlabeled}\n"
    )
    page.get_by_role("button", name="Check").click()
    page.get_by_role("alert").filter(
        has_text="The state 'lost' cannot be reached from the initial state"
    ).wait_for()

    page.get_by_label("Definition").fill(
        "states:\n"
        "  - {name: unlabeled, initial: true}\n"
        "  - {name: done, final: true}\n"
        "transitions:\n"
        "  - {event: annotate, source: unlabeled, target: done}\n"
    )
    page.get_by_role("button", name="Check").click()
    page.get_by_text("The definition is valid.").wait_for()
    page.get_by_role("button", name="Use this workflow").click()
    page.get_by_text("own workflow").wait_for()

    stored = api.get(api.base_url + f"/api/projects/{created['id']}/workflow").json()
    assert stored["workflow"]["declared"] is True
    assert [state["name"] for state in stored["workflow"]["states"]] == [
        "unlabeled",
        "done",
    ]
