"""The README's settings table lists exactly the settings the code reads."""

from __future__ import annotations

import re
from pathlib import Path

from labelcore.settings import Settings, settings_table

README = Path(__file__).resolve().parents[2] / "README.md"
START = "<!-- settings-table:start -->"
END = "<!-- settings-table:end -->"
ROW = re.compile(r"^\| `(?P<variable>[A-Z_]+)` \| (?P<default>.*?) \| (?P<help>.*) \|$")


def readme_rows() -> list[tuple[str, str, str]]:
    text = README.read_text()
    assert START in text and END in text, (
        "README.md lost its settings table markers; put them back around the "
        "table and run `make readme-settings`."
    )
    table = text.split(START, 1)[1].split(END, 1)[0]
    rows = []
    for line in table.strip().splitlines()[2:]:
        match = ROW.match(line)
        assert match, (
            f"README settings row {line!r} is not `| `NAME` | default | help |`"
        )
        default = match["default"]
        default = "" if default == "(empty)" else default.strip("`")
        rows.append((match["variable"], default, match["help"]))
    return rows


def test_readme_lists_every_setting_with_its_default_and_help():
    expected = [
        (variable, default, help_text.replace("|", "/"))
        for variable, default, help_text in settings_table()
    ]

    assert readme_rows() == expected, (
        "README.md's settings table is out of date; run `make readme-settings`."
    )


def test_every_listed_variable_is_read_from_the_environment():
    rows = readme_rows()
    environment = {variable: "7" for variable, _, _ in rows}
    environment["LABELCORE_DATA_DIR"] = "/srv/labelcore"

    settings = Settings.from_env(environment)

    assert settings.data_dir == "/srv/labelcore"
    assert settings.port == 7
    assert settings.job_workers == 7
    assert settings.disable_plugin_autoload is False
    assert settings.plugins == ("7",)
