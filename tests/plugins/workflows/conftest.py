"""A real server and Debian's chromium for the review workflow's browser test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN
from tests.support.live import REPO_ROOT, LiveServer, launch_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BUILT = (
    (REPO_ROOT / "labelcore/static/app/index.html", "webapp/"),
    (
        REPO_ROOT / "plugins/templates/labelcore_templates/web/dist/renderers.js",
        "plugins/templates/web/",
    ),
)


@pytest.fixture(scope="module")
def review_server(tmp_path_factory) -> Iterator[LiveServer]:
    missing = [
        f"{path} (run `npm ci && npm run build` in {folder})"
        for path, folder in BUILT
        if not path.is_file()
    ]
    if missing:
        pytest.fail("The browser test needs the built web UI: " + "; ".join(missing))
    if not CHROMIUM.is_file():
        pytest.fail(
            f"The browser test drives Debian's chromium at {CHROMIUM}, which is not "
            "installed: apt-get install chromium."
        )
    server = launch_server(tmp_path_factory.mktemp("review-server"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(review_server) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {ADMIN_TOKEN}"
    session.base_url = review_server.url
    return session


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, review_server):
    """A page signed in as the admin; an error the page raises fails the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))

    opened.goto(review_server.url + "/")
    opened.get_by_label("Email").fill(ADMIN_EMAIL)
    opened.get_by_label("Password").fill(ADMIN_PASSWORD)
    opened.get_by_role("button", name="Sign in").click()
    opened.get_by_role("heading", name="Projects", exact=True).wait_for()

    yield opened
    context.close()
    assert errors == [], f"The page raised: {errors}"
