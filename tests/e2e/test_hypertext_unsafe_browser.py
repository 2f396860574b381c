"""LABELCORE_HYPERTEXT_UNSAFE: an administrator trusts the projects' HTML, so
HyperText keeps it as it is (event attributes, frames), and the enforced
Content-Security-Policy is what still keeps its scripts from running."""

from __future__ import annotations

import os

import pytest

from tests.e2e.test_xss_browser import IMG, _nothing_ran, _watched
from tests.support.live import REPO_ROOT, launch_server

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def web_server(tmp_path_factory):
    python_path = os.pathsep.join(
        filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])
    )
    server = launch_server(
        tmp_path_factory.mktemp("unsafe-server"),
        extra_environment={
            "PYTHONPATH": python_path,
            "LABELCORE_HYPERTEXT_UNSAFE": "true",
        },
    )
    yield server
    server.stop()


def test_unsafe_hypertext_keeps_the_markup_and_the_policy_stops_its_scripts(
    page, web_server, make_project
):
    dialogs = _watched(page)
    html = (
        "<p>Kept paragraph</p>"
        + IMG.format(mark="html-img")
        + "<div id=trusted onclick=\"window.__xss='click'\">click me</div>"
    )
    project = make_project(
        "Trusted HyperText",
        '<View><HyperText name="html" value="$html"/></View>',
        [{"html": html}],
    )

    page.goto(f"{web_server.url}/projects/{project}/label")
    page.get_by_text("Kept paragraph").wait_for()
    page.get_by_text("click me").click()

    # Sanitised, the handler would be gone; here it reached the page.
    assert page.locator("#trusted").get_attribute("onclick") == "window.__xss='click'"
    assert page.locator("img[src='x']").count() == 1
    _nothing_ran(page, dialogs)
    assert page.evaluate("window.__cspViolations") != []
