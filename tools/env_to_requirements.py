"""Print the pip requirements listed in environment.yml, one per line.

environment.yml is the single pinned dependency list. Binder reads it with conda; the pip route
(`make lab`, `make test`) reads it through this script, so both install the same versions.
Deliberately tiny: it understands the one shape our environment.yml has (a `- pip:` list) and
needs nothing but the standard library, because it runs before anything is installed.
"""

import sys
from pathlib import Path


def pip_requirements(text: str) -> list[str]:
    """Return the entries of the `- pip:` list in an environment.yml text."""
    reqs, in_pip, pip_indent = [], False, 0
    for raw in text.splitlines():
        line = raw.split(" #")[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        item = line.strip()
        if item == "- pip:":
            in_pip, pip_indent = True, indent
            continue
        if in_pip:
            if indent <= pip_indent:
                in_pip = False
            elif item.startswith("- "):
                reqs.append(item[2:].strip())
    return reqs


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "environment.yml")
    print("\n".join(pip_requirements(path.read_text(encoding="utf-8"))))
