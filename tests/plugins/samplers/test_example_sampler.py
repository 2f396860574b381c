"""The in-house sampler of examples/: built as a wheel and pip-installed into
a fresh virtualenv beside the core, it shows up in a real server's project
settings and orders its label stream, with no change to the core."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = REPO_ROOT / "examples" / "labelcore-example-sampler"
CONFIG = (
    '<View><Text name="text" value="$text"/>'
    '<Choices name="size" toName="text"><Choice value="short"/>'
    '<Choice value="long"/></Choices></View>'
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def _wheel(folder: Path) -> Path:
    # From a copy, so that setuptools leaves no build folder in the tree.
    source = folder / "example-source"
    shutil.copytree(
        EXAMPLE,
        source,
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"),
    )
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--wheel-dir", str(folder / "dist")),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (folder / "dist").glob("labelcore_example_sampler-*.whl")
    return wheel


def _fresh_environment(folder: Path) -> str:
    """A new virtualenv that sees the core and the built-in plugins of the
    shared one (as a deployment's own environment would hold them), and
    nothing of the example: that comes only from its wheel."""
    venv = folder / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # addsitedir, not a bare path, so that the shared environment's own .pth
    # files (its editable installs) are read too.
    shared = sysconfig.get_path("purelib")
    (Path(site_packages) / "labelcore-shared.pth").write_text(
        f"import site; site.addsitedir({shared!r})\n"
    )
    return python


def _install(python: str, wheel: Path) -> None:
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )


def _call(server, method, path, body=None):
    request = urllib.request.Request(
        server.api(path),
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={**server.headers, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def _status_of(server, method, path, body=None) -> tuple[int, dict]:
    try:
        return 200, _call(server, method, path, body)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _example_is_importable(python: str) -> bool:
    found = subprocess.run(
        [python, "-c", "import labelcore_example_sampler"],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def test_a_pip_installed_sampler_is_a_project_setting_and_orders_the_stream(
    tmp_path, launch_live_server
):
    wheel = _wheel(tmp_path)
    python = _fresh_environment(tmp_path)
    before = _example_is_importable(python)
    _install(python, wheel)
    server = launch_live_server(python=python)

    samplers = {
        entry["name"]: entry for entry in _call(server, "GET", "/api/samplers/")
    }
    plugins = [entry["name"] for entry in _call(server, "GET", "/api/plugins/")]
    project = _call(
        server, "POST", "/api/projects/", {"title": "Warm-up", "label_config": CONFIG}
    )
    chosen = _call(
        server,
        "PATCH",
        f"/api/projects/{project['id']}/",
        {
            "sampling": "shortest_first",
            "settings": {"sampler_parameters": {"field": "title"}},
        },
    )
    items = [
        {"title": "a long title here", "text": "x"},
        {"title": "tiny", "text": "a rather long description of a package"},
        {"title": "medium title", "text": "yy"},
    ]
    imported = _call(
        server,
        "POST",
        f"/api/projects/{project['id']}/import?return_task_ids=true",
        items,
    )
    first = _call(server, "GET", f"/api/projects/{project['id']}/next/")
    # The sampler's own schema judges its parameters, when they are saved.
    refused, error = _status_of(
        server,
        "PATCH",
        f"/api/projects/{project['id']}/",
        {"settings": {"sampler_parameters": {"field": "no spaces allowed"}}},
    )
    still, _ = _status_of(server, "GET", f"/api/projects/{project['id']}/next/")

    assert not before
    assert "example_sampler" in plugins
    assert samplers["shortest_first"]["plugin"] == "example_sampler"
    assert samplers["shortest_first"]["cost"] == "scan"
    assert "field" in json.dumps(samplers["shortest_first"]["parameters"])
    assert chosen["sampling"] == "shortest_first"
    assert chosen["settings"]["sampler_parameters"] == {"field": "title"}
    assert first["id"] == imported["task_ids"][1]
    assert first["data"]["title"] == "tiny"
    assert refused == 400
    assert "field" in json.dumps(error)
    assert still == 200
