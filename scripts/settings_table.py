"""Render the README's settings table from ``labelcore.settings.settings_table()``.

    python scripts/settings_table.py              print the table
    python scripts/settings_table.py --write F    replace the table in F

The table sits between two HTML comments in the README, so that rewriting it
leaves the prose around it alone; tests/core/test_settings_table.py fails
when the two drift apart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

START = "<!-- settings-table:start -->"
END = "<!-- settings-table:end -->"


def render() -> str:
    from labelcore.settings import settings_table

    lines = ["| Variable | Default | What it does |", "| --- | --- | --- |"]
    for variable, default, help_text in settings_table():
        shown = f"`{default}`" if default else "(empty)"
        lines.append(f"| `{variable}` | {shown} | {help_text.replace('|', '/')} |")
    return "\n".join(lines)


def replace_table(text: str, table: str) -> str:
    if START not in text or END not in text:
        raise SystemExit(
            f"The README has no settings table markers; put {START} and {END} "
            "on their own lines where the table belongs."
        )
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{table}\n{END}{after}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Render the settings table.")
    parser.add_argument("--write", metavar="README", help="rewrite this file's table")
    options = parser.parse_args()

    table = render()
    if not options.write:
        print(table)
        return

    path = Path(options.write)
    path.write_text(replace_table(path.read_text(), table))
    print(f"Wrote the settings table into {path}.", file=sys.stderr)


if __name__ == "__main__":
    main()
