"""The README's API examples, run as written against a real server."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def code_blocks(language: str) -> list[str]:
    section = README.read_text().split("## Using the API", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.DOTALL)


@pytest.mark.slow
def test_curl_example_creates_imports_labels_and_exports(live_server, tmp_path):
    if not (shutil.which("curl") and shutil.which("jq")):
        pytest.skip("The README's curl example needs curl and jq (apt-get install).")
    (script,) = code_blocks("sh")
    script = script.replace("http://127.0.0.1:8080", live_server.url)

    completed = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "LABELCORE_TOKEN": live_server.token},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr

    # Like Label Studio, the export holds the annotated tasks unless asked
    # for all of them.
    (exported,) = json.loads((tmp_path / "export.json").read_text())
    assert exported["data"] == {"text": "What a lovely day"}
    result = exported["annotations"][0]["result"]
    assert result[0]["value"] == {"choices": ["Positive"]}


@pytest.mark.slow
def test_sdk_examples_run_against_the_server(live_server):
    first, legacy = code_blocks("python")
    namespace: dict = {}

    for block in (first, legacy):
        code = block.replace("http://127.0.0.1:8080", live_server.url)
        code = code.replace('token = "..."', f'token = "{live_server.token}"')
        exec(compile(code, str(README), "exec"), namespace)

    projects = live_server.get_json("/api/projects/")["results"]
    sentiment = [project for project in projects if project["title"] == "Sentiment"]
    assert len(sentiment) == 2
    assert all(project["task_number"] == 1 for project in sentiment)
