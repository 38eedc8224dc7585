"""Print the pip requirements listed in environment.yml, one per line.

environment.yml is the single pinned dependency list. Binder reads it with conda; the pip route
(`make lab`, `make test`) reads it through this script, so both install the same versions.
Deliberately tiny: it understands the one shape our environment.yml has (a `- pip:` list) and
needs nothing but the standard library, because it runs before anything is installed.
"""

import argparse
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


def conda_pin(text: str, name: str) -> str:
    """The version pinned for a conda package (e.g. pip) in an environment.yml text, e.g. '25.1.1'."""
    for raw in text.splitlines():
        item = raw.split(" #")[0].strip()
        if item.startswith(f"- {name}="):
            return item.split("=", 1)[1]
    raise SystemExit(f"{name} is not pinned in environment.yml")


# Held to a major version in `make test-latest`, with the reason: everything else floats.
LATEST_CAPS = {
    "jupyter-book": "<2",  # Jupyter Book 2 is another program (a MyST site, its theme downloaded): it cannot
                           # build offline, and `make site` is built on Jupyter Book 1
}


def unpinned(requirements: list[str]) -> list[str]:
    """The same requirements without their versions (for `make test-latest`); `-e .` kept as is."""
    names = [r if r.startswith("-") else r.split("==")[0].strip() for r in requirements]
    return [name + LATEST_CAPS.get(name.lower(), "") for name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description="Read the pinned dependencies in environment.yml.")
    parser.add_argument("file", nargs="?", default="environment.yml")
    parser.add_argument("--pin", metavar="NAME", help="print the conda pin of NAME (e.g. pip) instead")
    parser.add_argument("--latest", action="store_true", help="print the names without versions (newest releases)")
    args = parser.parse_args()
    text = Path(args.file).read_text(encoding="utf-8")
    if args.pin:
        print(conda_pin(text, args.pin))
        return
    requirements = pip_requirements(text) if args.file.endswith((".yml", ".yaml")) else [
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    print("\n".join(unpinned(requirements) if args.latest else requirements))


if __name__ == "__main__":
    main()
