"""Print a pip constraints file that pins every direct dependency (and the test extra) to the lowest
version pyproject.toml declares: ``typer>=0.24,<0.29`` → ``typer==0.24``. CI's second leg installs with it,
so a lower bound the code cannot run on fails CI instead of a user's install."""

import re
import sys
import tomllib

with open(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
requirements = list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("test", []))
for requirement in requirements:
    found = re.match(r"\s*([A-Za-z0-9_.-]+)(?:\[[^]]*\])?\s*(.*)", requirement)
    if found is None:
        sys.exit(f"cannot read the requirement {requirement!r}")
    name, spec = found.groups()
    lowest = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
    if lowest is None:
        sys.exit(f"{name}: no lower bound (>=) declared; declare the oldest version zjtx runs on")
    print(f"{name}=={lowest.group(1)}")
