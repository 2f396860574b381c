"""The core alone: it starts and serves, lists no plugins and knows no tag."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from labelcore.cli import main as labelcore_command

REPO_ROOT = Path(__file__).resolve().parents[2]

CHOICES_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive"/>
  </Choices>
</View>"""

MISSING_CHOICES = "no installed plugin provides the tag 'Choices'"


def test_the_core_alone_starts_and_answers_health_and_version(core_only_client):
    health = core_only_client.get("/health")
    version = core_only_client.get("/api/version/")

    assert health.status_code == 200
    assert health.json == {"status": "UP"}
    assert version.status_code == 200
    assert version.json["edition"] == "Community"
    assert version.json["plugins"] == {}


def test_the_core_alone_lists_no_plugins_and_no_templates(core_only_client):
    plugins = core_only_client.get("/api/plugins/")
    templates = core_only_client.get("/api/templates/")

    assert plugins.status_code == 200
    assert plugins.json == []
    assert templates.status_code == 200
    assert templates.json == []


def test_a_choices_config_is_refused_naming_the_tag(core_only_client):
    response = core_only_client.post(
        "/api/projects/", json={"title": "Sentiment", "label_config": CHOICES_CONFIG}
    )

    assert response.status_code == 400
    messages = response.json["validation_errors"]["label_config"]
    assert any(MISSING_CHOICES in message for message in messages)
    choices_issue = next(
        issue for issue in response.json["issues"] if "'Choices'" in issue["message"]
    )
    assert (choices_issue["line"], choices_issue["column"]) == (3, 3)
    assert core_only_client.get("/api/projects/").json["count"] == 0


def test_validating_a_choices_config_names_the_tag(core_only_client):
    response = core_only_client.post(
        "/api/projects/validate/", json={"label_config": CHOICES_CONFIG}
    )

    assert response.status_code == 400
    assert MISSING_CHOICES in json.dumps(response.json)


def test_the_plugins_command_says_none_are_installed(data_dir):
    result = CliRunner().invoke(
        labelcore_command,
        ["plugins"],
        env={
            "LABELCORE_DISABLE_PLUGIN_AUTOLOAD": "1",
            "LABELCORE_DATA_DIR": str(data_dir),
        },
    )

    assert result.exit_code == 0, result.output
    assert "No plugins are installed." in result.output


def test_building_the_core_app_imports_no_plugin_module(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        from labelcore.app import create_app
        from labelcore.settings import Settings

        create_app(Settings(data_dir={str(tmp_path)!r},
                            disable_plugin_autoload=True))
        print(sorted(name for name in sys.modules
                     if name.split(".")[0].startswith("labelcore_")))
        """
    )

    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "[]"
