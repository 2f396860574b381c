"""A real server, Debian's chromium and a logged-in page for the browser tests.

The server is a ``labelcore serve`` process on a free port with its own data
dir. The example plugin is pip-installed into a folder of its own that only
this server sees (not the shared virtualenv), the way a self-hoster adds an
in-house plugin: the web UI is not rebuilt for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BUILT_WEBAPP = REPO_ROOT / "labelcore" / "static" / "app" / "index.html"
BUILT_RENDERERS = (
    REPO_ROOT / "plugins/templates/labelcore_templates/web/dist/renderers.js"
)
EXAMPLE_PLUGIN = REPO_ROOT / "examples" / "labelcore-example-tag"


def _require_builds() -> None:
    missing = [
        f"{path} (run `npm ci && npm run build` in {folder})"
        for path, folder in (
            (BUILT_WEBAPP, "webapp/"),
            (BUILT_RENDERERS, "plugins/templates/web/"),
        )
        if not path.is_file()
    ]
    if missing:
        pytest.fail(
            "The browser tests need the built web UI and renderers; missing: "
            + "; ".join(missing),
            pytrace=False,
        )
    if not CHROMIUM.is_file():
        pytest.fail(
            f"The browser tests drive Debian's chromium at {CHROMIUM}, which is not "
            "installed: apt-get install chromium.",
            pytrace=False,
        )


def _install_example_plugin(target: Path) -> None:
    # Installed from a copy, so that setuptools leaves no build folder in the tree.
    source = target.parent / "example-source"
    shutil.copytree(
        EXAMPLE_PLUGIN,
        source,
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"),
    )
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet"),
            *("--no-deps", "--no-build-isolation", "--target", str(target)),
            str(source),
        ],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def web_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A server with every plugin of the tree plus the pip-installed example plugin."""
    _require_builds()
    plugin_folder = tmp_path_factory.mktemp("site") / "packages"
    _install_example_plugin(plugin_folder)

    python_path = os.pathsep.join(
        filter(None, [str(plugin_folder), str(REPO_ROOT), os.environ.get("PYTHONPATH")])
    )
    server = launch_server(
        tmp_path_factory.mktemp("server"),
        extra_environment={"PYTHONPATH": python_path},
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(web_server) -> requests.Session:
    """A session that talks to the server's API with the admin's token."""
    session = requests.Session()
    session.headers["Authorization"] = f"Token {ADMIN_TOKEN}"
    session.base_url = web_server.url
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
def page(browser, web_server):
    """A fresh browser page, signed in as the admin; page errors fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))

    opened.goto(web_server.url + "/")
    opened.get_by_label("Email").fill(ADMIN_EMAIL)
    opened.get_by_label("Password").fill(ADMIN_PASSWORD)
    opened.get_by_role("button", name="Sign in").click()
    opened.get_by_role("heading", name="Projects", exact=True).wait_for()

    yield opened
    context.close()
    assert errors == [], f"The page raised: {errors}"


@pytest.fixture
def make_project(api):
    """``make_project(title, config, tasks)``: a project with ``tasks`` imported, made
    through the API; returns its id."""

    def factory(title: str, config: str, tasks: list) -> int:
        answer = api.post(
            api.base_url + "/api/projects/",
            json={"title": title, "label_config": config},
        )
        assert answer.status_code == 201, answer.text
        project_id = answer.json()["id"]

        imported = api.post(
            api.base_url + f"/api/projects/{project_id}/import", json=tasks
        )
        assert imported.status_code == 201, imported.text
        return project_id

    return factory


@pytest.fixture
def annotations_of(api):
    """``annotations_of(project_id)``: every annotation of it, from the JSON export."""

    def read(project_id: int) -> list[dict]:
        exported = api.get(
            api.base_url + f"/api/projects/{project_id}/export?exportType=JSON"
        )
        assert exported.status_code == 200, exported.text
        return [
            annotation
            for task in exported.json()
            for annotation in task.get("annotations", [])
        ]

    return read
