"""The in-house sampler of examples/: pip-installed, it shows up in a real
server's samplers and orders its label stream, with no change to the core."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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

pytestmark = pytest.mark.slow


def _install(target: Path) -> None:
    # From a copy, so that setuptools leaves no build folder in the tree.
    source = target.parent / "example-source"
    shutil.copytree(
        EXAMPLE,
        source,
        ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"),
    )
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--target", str(target), str(source)),
        ],
        check=True,
        capture_output=True,
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


def test_a_pip_installed_sampler_is_listed_and_orders_the_stream(
    tmp_path, launch_live_server
):
    import os

    site = tmp_path / "site"
    _install(site)
    server = launch_live_server(
        extra_environment={
            "PYTHONPATH": os.pathsep.join([str(site), str(REPO_ROOT)]),
        }
    )

    samplers = {
        entry["name"]: entry for entry in _call(server, "GET", "/api/samplers/")
    }
    plugins = [entry["name"] for entry in _call(server, "GET", "/api/plugins/")]
    project = _call(
        server,
        "POST",
        "/api/projects/",
        {"title": "Warm-up", "label_config": CONFIG, "sampling": "shortest_first"},
    )
    texts = ["a rather long description of a package", "tiny", "medium text"]
    imported = _call(
        server,
        "POST",
        f"/api/projects/{project['id']}/import?return_task_ids=true",
        [{"text": text} for text in texts],
    )
    first = _call(server, "GET", f"/api/projects/{project['id']}/next/")

    assert "example_sampler" in plugins
    assert samplers["shortest_first"]["plugin"] == "example_sampler"
    assert samplers["shortest_first"]["cost"] == "scan"
    assert project["sampling"] == "shortest_first"
    assert first["id"] == imported["task_ids"][1]
    assert first["data"]["text"] == "tiny"
