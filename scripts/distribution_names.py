"""Read the pyproject of each project folder given.

With folders only, print each distribution's name; with ``--extras`` first,
print the pip arguments that install each folder editable with every extra.
"""

import sys
import tomllib
from pathlib import Path


def project_of(folder: str) -> dict:
    with open(Path(folder) / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


arguments = sys.argv[1:]
with_extras = arguments[:1] == ["--extras"]
for folder in arguments[1:] if with_extras else arguments:
    project = project_of(folder)
    if not with_extras:
        print(project["name"])
        continue
    extras = sorted(project.get("optional-dependencies", {}))
    print("-e", f"{folder}[{','.join(extras)}]" if extras else folder)
