"""The nbgitpuller link generator: every link pulls this repository and opens a file that exists."""

import importlib.util
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("nbgitpuller_link", ROOT / "deploy" / "nbgitpuller_link.py")
links = importlib.util.module_from_spec(spec)
spec.loader.exec_module(links)

HUB = "https://hub.example.edu/"
REPO = "https://github.com/bishkek-module/bishkek-protocol.git"
PREFIX = {"lab": "lab/tree/", "notebook": "notebooks/", "voila": "voila/render/"}


def opened_file(link: str, app: str) -> tuple[dict, Path]:
    """The link's query and the repository file it opens once cloned."""
    parts = urlsplit(link)
    assert parts.scheme == "https" and parts.netloc == "hub.example.edu"
    assert parts.path == "/hub/user-redirect/git-pull"
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    urlpath = query["urlpath"]
    assert urlpath.startswith(PREFIX[app])
    folder, _, inside = unquote(urlpath[len(PREFIX[app]):]).partition("/")
    assert folder == query.get("targetpath", "bishkek-protocol")
    return query, ROOT / inside


@pytest.mark.parametrize("app", ["lab", "notebook"])
@pytest.mark.parametrize("notebook", links.course_notebooks())
def test_every_course_notebook_gets_a_link_to_a_file_that_exists(app, notebook):
    query, target = opened_file(links.nbgitpuller_link(HUB, REPO, notebook, app), app)
    assert query["repo"] == REPO and query["branch"] == "main"
    assert target == ROOT / "notebooks" / notebook and target.is_file()


def test_voila_opens_the_dashboard():
    query, target = opened_file(links.nbgitpuller_link(HUB, REPO, app="voila"), "voila")
    assert target.name == links.DASHBOARD and target.is_file()


def test_a_custom_folder_is_passed_as_targetpath():
    query, _ = opened_file(links.nbgitpuller_link(HUB, REPO, folder="seminar 2027", branch="spring"), "lab")
    assert query["targetpath"] == "seminar 2027" and query["branch"] == "spring"


@pytest.mark.parametrize("repo, folder", [("https://example.org/a/course.git", "course"),
                                          ("https://example.org/a/course/", "course"),
                                          ("git@example.org:a/course.git", "course")])
def test_clone_folder_is_the_last_part_of_the_url(repo, folder):
    assert links.clone_folder(repo) == folder


@pytest.mark.parametrize("kwargs, message", [({"app": "jupyterlite"}, "unknown app"),
                                             ({"hub": "hub.example.edu"}, "https://")])
def test_bad_arguments_are_explained(kwargs, message):
    arguments = {"hub": HUB, "repo": REPO, **kwargs}
    with pytest.raises(ValueError, match=message):
        links.nbgitpuller_link(**arguments)


def test_command_line_prints_one_link_per_notebook(capsys):
    assert links.main(["--hub", HUB, "--repo", REPO]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == links.course_notebooks()
    assert links.main(["--hub", "ftp://x", "--repo", REPO]) == 2


@pytest.mark.parametrize("repo", [REPO, "https://example.org/a/bishkek-protocol", "file:///srv/git/bishkek-protocol.git/"])
def test_the_clone_folder_is_named_in_the_link_so_nbgitpuller_clones_where_the_link_opens(repo):
    """nbgitpuller's default folder is the URL's last part as it is (".git" kept): the link must say."""
    query, _ = opened_file(links.nbgitpuller_link(HUB, repo), "lab")
    assert query["targetpath"] == "bishkek-protocol"
