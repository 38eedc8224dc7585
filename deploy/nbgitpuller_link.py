"""Make nbgitpuller links that open this course on a university JupyterHub.

A learner who clicks such a link logs in to the hub; nbgitpuller then clones the course into their
home folder (or merges new commits into the copy they already have, keeping their own changes) and
opens the notebook. One link per notebook, for JupyterLab, Notebook 7 or the Voila dashboard.

    python deploy/nbgitpuller_link.py --hub https://hub.example.edu \
        --repo https://github.com/bishkek-module/bishkek-protocol            # one link per notebook
    python deploy/nbgitpuller_link.py --hub ... --repo ... --app voila      # the seminar dashboard

From Python: `nbgitpuller_link(hub, repo, notebook="03_signing.ipynb", app="lab")`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
COURSE_FILE = ROOT / "notebooks" / "course.json"
DASHBOARD = "app_dashboard.ipynb"
# app -> how the hub's single-user server opens a file (a path below the user's home folder)
APP_PATHS = {"lab": "lab/tree/{path}", "notebook": "notebooks/{path}", "voila": "voila/render/{path}"}


def clone_folder(repo: str) -> str:
    """The folder nbgitpuller clones into by default: the last part of the repository URL."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    name = name[:-4] if name.endswith(".git") else name
    if not name:
        raise ValueError(f"cannot tell the folder name from the repository URL {repo!r}")
    return name


def nbgitpuller_link(hub: str, repo: str, notebook: str = "00_start_here.ipynb", app: str = "lab",
                     branch: str = "main", folder: str | None = None) -> str:
    """The link that pulls `repo` into the learner's home on `hub` and opens `notebook` in `app`."""
    if app not in APP_PATHS:
        raise ValueError(f"unknown app {app!r}: use one of {', '.join(APP_PATHS)}")
    hub_parts = urlsplit(hub)
    if hub_parts.scheme not in ("http", "https") or not hub_parts.netloc:
        raise ValueError(f"the hub address must start with https:// (got {hub!r})")
    if app == "voila" and notebook == "00_start_here.ipynb":
        notebook = DASHBOARD
    folder = folder or clone_folder(repo)
    path = quote(f"{folder}/notebooks/{notebook}")
    # targetpath always given: nbgitpuller's own default keeps a trailing ".git" in the folder name,
    # which would not match the path the link opens
    query = {"repo": repo, "branch": branch, "urlpath": APP_PATHS[app].format(path=path), "targetpath": folder}
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query)}"


def course_notebooks(course_file: Path = COURSE_FILE) -> list[str]:
    """The notebook files in course order (notebooks/course.json is the one list)."""
    return [entry["file"] for entry in json.loads(course_file.read_text(encoding="utf-8"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", required=True, help="the course repository's git URL")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--app", default="lab", choices=sorted(APP_PATHS))
    parser.add_argument("--notebook", help="one notebook file (default: every notebook of the course)")
    parser.add_argument("--folder", help="folder in the learner's home to clone into")
    args = parser.parse_args(argv)
    if args.app == "voila" and not args.notebook:
        names = [DASHBOARD]
    else:
        names = [args.notebook] if args.notebook else course_notebooks()
    try:
        for name in names:
            print(f"{name}: {nbgitpuller_link(args.hub, args.repo, name, args.app, args.branch, args.folder)}")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
