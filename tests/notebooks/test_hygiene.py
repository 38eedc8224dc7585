"""Notebook hygiene: stored clean, all on the course map, one skeleton, working links, real sources,
and no machinery in the learner's view (no assert, no pandas, code cells of one or two lines)."""

import json
import re
from pathlib import Path

import pytest

from helpers import load_dataset, notebooks
from helpers.citations import cited_ids
from notebook_text import code_lines, is_try_it, source

NB_DIR = Path(__file__).resolve().parents[2] / "notebooks"
COURSE = [entry["file"] for entry in notebooks()]
ALL_NOTEBOOKS = sorted(p.name for p in NB_DIR.glob("*.ipynb"))
SKELETON = ["## Overview", "## Learning objectives", "## Time to complete", "## Prerequisites",
            "## Self-check", "## Discussion prompts", "## Summary", "## What's next", "## Sources used"]


# Notebooks still being cleaned on another branch (helper nbB: 03-06). Strict xfail: once a notebook
# is clean its test passes, the xfail turns into a failure, and its name must be removed here.
PENDING_CLEANUP = {
    # nbB: 03-06 are clean (no names left on this line)
}


def pending(names):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="cleaned on branch nbB"))
            if n in PENDING_CLEANUP else n for n in names]


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


# What a learner-facing code cell may not contain: checks and pandas machinery belong in src/helpers
# (as functions returning tidy tables) and in the test suite, not in the notebooks.
MACHINERY = {
    "assert": r"\bassert\b", "pandas import": r"\bimport pandas\b", "pd.": r"\bpd\.",
    ".loc / .iloc": r"\.i?loc\[", ".set_index": r"\.set_index\(", "groupby": r"\.groupby\(",
    "frozenset": r"\bfrozenset\b", "set operations": r"\bset\(|\.intersection\(|\.union\(|\.issubset\(",
    "boolean mask": r"==|!=|\.isin\(|\]\s*[&|]\s*\(", "column selection": r"\[\[",
    ".assign / .map / .apply": r"\.(assign|map|apply)\(", ".drop_duplicates": r"\.drop_duplicates\(",
    ".values / .tolist": r"\.values\b|\.tolist\(", "raw table indexing": r"\bds\.[a-z_]+\[",
    "comprehension or lambda": r"\bfor\b .*\bin\b|\blambda\b", "json / Path": r"\bimport json\b|\bPath\(",
}
MAX_LINES = 2  # a code cell reads like the sentence above it
MAX_LINES_FIRST = 3  # the set-up cell: import helpers, load the dataset, the session bar


def learner_code_cells(name):
    """(index, cell) of every code cell a learner must run: optional "Try it" cells excluded."""
    return [(i, c) for i, c in enumerate(load(name)["cells"])
            if c["cell_type"] == "code" and not is_try_it(name, i)]


def without_strings(code):
    """Code with the contents of its string literals blanked (a prompt may say "for" or "==")."""
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', code)


@pytest.mark.parametrize("name", pending(ALL_NOTEBOOKS))
def test_no_machinery_in_learner_cells(name):
    found = [(label, source(c).strip()[:80]) for _, c in learner_code_cells(name)
             for label, pattern in MACHINERY.items() if re.search(pattern, without_strings(source(c)))]
    assert found == [], f"{name}: {found}"


@pytest.mark.parametrize("name", pending(ALL_NOTEBOOKS))
def test_code_cells_are_one_or_two_lines(name):
    cells = learner_code_cells(name)
    too_long = [source(c)[:120] for k, (_, c) in enumerate(cells)
                if len(code_lines(c)) > (MAX_LINES_FIRST if k == 0 else MAX_LINES)]
    assert too_long == [], f"{name}: code cells longer than {MAX_LINES} lines: {too_long}"


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_no_assert_anywhere(name):
    """Not even in optional cells: facts are tested by the suite (tests/notebooks/test_facts_*.py)."""
    if name in PENDING_CLEANUP:
        pytest.xfail("cleaned on branch nbB")
    cells = [source(c) for c in load(name)["cells"] if c["cell_type"] == "code"]
    assert [c[:80] for c in cells if re.search(r"\bassert\b", c)] == []


@pytest.mark.parametrize("name", ALL_NOTEBOOKS)
def test_try_it_cells_stay_short(name):
    for cell in load(name)["cells"]:
        if cell["cell_type"] == "code":
            assert len(code_lines(cell)) <= 12, source(cell)[:200]


def test_machinery_rules_catch_what_they_name():
    samples = {"assert": "assert x == 1", "pd.": "pd.set_option('a', None)", ".loc / .iloc": "ev.loc['a']",
               "boolean mask": "r[r['type'] == 'x']", "groupby": "m.groupby('source')",
               "set operations": "set(a) & set(b)", "raw table indexing": "ds.events[0]",
               "column selection": "t[['a', 'b']]", "frozenset": "frozenset(x)"}
    for label, code in samples.items():
        assert re.search(MACHINERY[label], without_strings(code)), label
    assert without_strings('helpers.journal_box("a.b", "Who is central for the sides in 1994? x == y")') == \
        'helpers.journal_box("", "")'
    for fine in ["helpers.events_table(ds, ['ev_unsc_822'])", "helpers.timeline_explorer(ds, zoom='1993_1994')",
                 "explorer = helpers.network_explorer(ds, day='1994-04-28', window='day')"]:
        assert not any(re.search(p, fine) for p in MACHINERY.values()), fine
