"""Notebook hygiene: stored clean, all on the course map, one skeleton, working links, real sources."""

import json
import re
from pathlib import Path

import pytest

from helpers import load_dataset, notebooks
from helpers.citations import cited_ids

NB_DIR = Path(__file__).resolve().parents[2] / "notebooks"
COURSE = [entry["file"] for entry in notebooks()]
ALL_NOTEBOOKS = sorted(p.name for p in NB_DIR.glob("*.ipynb"))
SKELETON = ["## Overview", "## Learning objectives", "## Time to complete", "## Prerequisites",
            "## Self-check", "## Discussion prompts", "## Summary", "## What's next", "## Sources used"]


def load(name):
    return json.loads((NB_DIR / name).read_text(encoding="utf-8"))


def markdown(name):
    return "\n".join("".join(c["source"]) for c in load(name)["cells"] if c["cell_type"] == "markdown")


def test_every_course_notebook_exists_and_nothing_is_off_the_map():
    assert [n for n in COURSE if n not in ALL_NOTEBOOKS] == []
    assert set(ALL_NOTEBOOKS) - set(COURSE) <= {"app_dashboard.ipynb"}


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_stored_without_outputs(name):
    for cell in load(name)["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, name


def test_start_here_maps_every_notebook():
    text = markdown("00_start_here.ipynb")
    for name in COURSE[1:]:
        assert f"({name})" in text, f"00_start_here.ipynb does not link {name}"


@pytest.mark.parametrize("name", COURSE[1:])
def test_skeleton_and_activities(name):
    text = markdown(name)
    assert re.match(r"\s*# ", text), "the first cell must be the title"
    positions = [text.find(h) for h in SKELETON]
    assert -1 not in positions, [h for h, p in zip(SKELETON, positions, strict=True) if p == -1]
    assert positions == sorted(positions), "skeleton headings out of order"
    assert len(re.findall(r"^### Activity", text, re.M)) >= 2, "fewer than two activities"


@pytest.mark.parametrize("name", COURSE)
def test_links_between_notebooks_resolve(name):
    for target in re.findall(r"\]\(([^)#\s]+\.ipynb)", markdown(name)):
        assert (NB_DIR / target).exists(), f"{name} links to missing {target}"


@pytest.mark.parametrize("name", COURSE[1:])
def test_whats_next_links_previous_and_next(name):
    i = COURSE.index(name)
    tail = markdown(name).split("## What's next", 1)[1]
    assert f"({COURSE[i - 1]})" in tail
    if i + 1 < len(COURSE):
        assert f"({COURSE[i + 1]})" in tail


@pytest.mark.parametrize("name", COURSE)
def test_cited_sources_exist(name):
    ids = cited_ids(NB_DIR / name)
    assert ids, f"{name} cites no source"
    unknown = set(ids) - set(load_dataset().sources["id"])
    assert not unknown, f"{name} cites unknown source ids {sorted(unknown)}"


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_code_cells_are_short(name):
    for cell in load(name)["cells"]:
        if cell["cell_type"] == "code":
            assert len("".join(cell["source"]).splitlines()) <= 12, "".join(cell["source"])[:200]
