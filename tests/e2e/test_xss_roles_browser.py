"""An annotator invited by link labels through the web UI, and the payload
they cannot see (someone else's annotation) never reaches their page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/>
    <Choice value="Negative"/>
  </Choices>
</View>"""


def test_an_invited_annotator_labels_in_the_browser_and_sees_only_their_work(
    browser, web_server, api, make_project
):
    import requests

    project = make_project("Team labels", CONFIG, [{"text": "Shared task."}])
    api.patch(
        f"{web_server.url}/api/projects/{project}/",
        json={"maximum_annotations": 2},
    )
    tasks = api.get(f"{web_server.url}/api/tasks/?project={project}").json()
    task_id = tasks["tasks"][0]["id"]
    others = api.post(
        f"{web_server.url}/api/tasks/{task_id}/annotations/",
        json={
            "result": [
                {
                    "from_name": "sentiment",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": ["Negative"]},
                }
            ],
            "lead_time": 1,
        },
    )
    assert others.status_code == 201, others.text
    organization = api.get(f"{web_server.url}/api/current-user").json()[
        "active_organization"
    ]
    invite = api.post(
        f"{web_server.url}/api/organizations/{organization}/invites",
        json={"role": "annotator"},
    ).json()
    signed_up = requests.post(
        f"{web_server.url}/api/auth/signup",
        json={
            "email": "browser-annotator@example.com",
            "password": "annotator-password",
            "invite": invite["token"],
        },
        timeout=30,
    )
    assert signed_up.status_code == 201, signed_up.text

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(web_server.url + "/")
    page.get_by_label("Email").fill("browser-annotator@example.com")
    page.get_by_label("Password").fill("annotator-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Projects", exact=True).wait_for()

    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_text("Shared task.").wait_for()
    negative = page.get_by_role("radio", name="Negative")
    assert negative.get_attribute("aria-checked") != "true"
    page.get_by_role("radio", name="Positive").click()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("1 done in this session").wait_for()
    context.close()

    exported = api.get(
        f"{web_server.url}/api/projects/{project}/export?exportType=JSON"
    ).json()
    choices = sorted(
        annotation["result"][0]["value"]["choices"][0]
        for annotation in exported[0]["annotations"]
    )
    assert choices == ["Negative", "Positive"]
    assert errors == []
