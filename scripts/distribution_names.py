"""Print the distribution name of each project folder given (from its pyproject)."""

import sys
import tomllib
from pathlib import Path

for folder in sys.argv[1:]:
    with open(Path(folder) / "pyproject.toml", "rb") as handle:
        print(tomllib.load(handle)["project"]["name"])
