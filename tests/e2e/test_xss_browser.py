"""Script payloads in task data, labels, hints, HyperText, titles and error
messages: the browser shows them as text or drops them, and none runs.

Each payload would set ``window.__xss`` (or open a dialog) if it ran. The page
also records every Content-Security-Policy violation, which tells that a
payload reached the DOM as markup and only the policy stopped it.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""
IMG = "<img src=x onerror=window.__xss='{mark}'>"
SCRIPT = "<script>window.__xss='{mark}'</script>"
SVG = "<svg onload=window.__xss='{mark}'></svg>"


def _escape_attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _watched(page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    return dialogs


def _nothing_ran(page, dialogs):
    page.wait_for_timeout(500)
    ran = page.evaluate("window.__xss")
    assert ran is None, f"a payload ran: window.__xss = {ran!r}"
    assert dialogs == []


def test_task_data_labels_and_hints_show_as_text(page, web_server, make_project):
    dialogs = _watched(page)
    label = IMG.format(mark="choice")
    hint = SVG.format(mark="hint")
    config = f"""<View>
  <Header value="$title"/>
  <Text name="text" value="$text"/>
  <Choices name="choice" toName="text">
    <Choice value="{_escape_attribute(label)}" hint="{_escape_attribute(hint)}"/>
    <Choice value="Plain"/>
  </Choices>
</View>"""
    text = IMG.format(mark="text") + SCRIPT.format(mark="text-script")
    project = make_project(
        "Payloads in data",
        config,
        [{"text": text, "title": SVG.format(mark="title")}],
    )

    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_text("onerror=window.__xss='text'", exact=False).first.wait_for()
    page.get_by_role("radio", name=label).click()

    _nothing_ran(page, dialogs)
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__cspViolations") == []


def test_hypertext_is_sanitised(page, web_server, make_project):
    dialogs = _watched(page)
    html = (
        "<p>Kept paragraph</p>"
        + IMG.format(mark="html-img")
        + SCRIPT.format(mark="html-script")
        + "<iframe srcdoc=\"<script>parent.__xss='srcdoc'</script>\"></iframe>"
        + "<a id=bad href=\"javascript:window.__xss='href'\">a link</a>"
        + "<div onclick=\"window.__xss='click'\">click me</div>"
    )
    project = make_project(
        "Payloads in HyperText",
        '<View><HyperText name="html" value="$html"/></View>',
        [{"html": html}],
    )

    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_text("Kept paragraph").wait_for()
    page.get_by_text("a link").click()
    page.get_by_text("click me").click()

    _nothing_ran(page, dialogs)
    assert page.locator("iframe").count() == 0
    assert page.locator("script:not([src]):not([type=importmap])").count() == 0


def test_project_titles_and_descriptions_show_as_text(page, web_server, api):
    dialogs = _watched(page)
    title = IMG.format(mark="title")
    made = api.post(
        web_server.url + "/api/projects/",
        json={"title": title, "description": SVG.format(mark="description")},
    )
    assert made.status_code == 201, made.text

    page.goto(f"{web_server.url}/")
    page.get_by_text("onerror=window.__xss='title'", exact=False).first.wait_for()
    page.goto(f"{web_server.url}/projects/{made.json()['id']}")
    page.get_by_text("onerror=window.__xss='title'", exact=False).first.wait_for()

    _nothing_ran(page, dialogs)


def test_an_import_error_naming_a_field_shows_it_as_text(
    page, web_server, make_project, tmp_path
):
    import json

    dialogs = _watched(page)
    project = make_project(
        "Payload in an error",
        '<View><Text name="text" value="$text"/></View>',
        [{"text": "one task"}],
    )
    bad = tmp_path / "tasks.json"
    bad.write_text(json.dumps([{IMG.format(mark="field"): "no text key"}]))

    page.goto(f"{web_server.url}/projects/{project}")
    page.get_by_label("Files to import").set_input_files(str(bad))
    page.locator(".error-message").first.wait_for()

    _nothing_ran(page, dialogs)
    assert "onerror" in page.locator(".error-message").first.inner_text()


def test_the_pages_carry_the_enforced_policy(page, web_server):
    answer = page.request.get(web_server.url + "/")

    policy = answer.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "content-security-policy-report-only" not in answer.headers
