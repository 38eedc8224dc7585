"""The run-sheets in instructors/ are generated from notebooks/course.json and the notebooks:
regenerating gives the committed files, every session sums to its length, and every notebook
section listed takes the minutes the notebooks' own estimates give."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

from helpers.course import COURSE_FILE, estimate, section_estimates, stated_minutes

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("make_runsheets", ROOT / "tools" / "make_runsheets.py")
runsheets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runsheets)

FILES = runsheets.render_all()
ROW = re.compile(r"^\| (\d+):(\d\d)-(\d+):(\d\d) \| (\d+) \| (.*?) \|", re.M)


def sessions(text):
    """[(length, [(start, end, minutes, what)])] per '## ... (N minutes)' session of a run-sheet."""
    out = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        length = re.match(r".*\((\d+) minutes\)", block)
        rows = [(int(a) * 60 + int(b), int(c) * 60 + int(d), int(m), what)
                for a, b, c, d, m, what in ROW.findall(block)]
        out.append((int(length.group(1)) if length else None, rows))
    return out


@pytest.mark.parametrize("name", sorted(FILES))
def test_committed_runsheet_is_what_the_tool_generates(name):
    path = ROOT / "instructors" / name
    assert path.exists(), f"{path} missing: run python tools/make_runsheets.py"
    assert path.read_text(encoding="utf-8") == FILES[name], \
        f"{name} is out of date with course.json or the notebooks: run python tools/make_runsheets.py"


@pytest.mark.parametrize("name", sorted(runsheets.PLANS))
def test_each_session_sums_to_its_length_with_contiguous_clock(name):
    found = sessions(FILES[name])
    assert len(found) == len(runsheets.PLANS[name]["sessions"])
    for (length, rows), plan in zip(found, runsheets.PLANS[name]["sessions"], strict=True):
        assert length == plan["length"]
        assert sum(m for _, _, m, _ in rows) == length
        assert rows[0][0] == 0 and rows[-1][1] == length
        for (s1, e1, m1, _), (s2, _, _, _) in zip(rows, rows[1:], strict=False):
            assert e1 - s1 == m1 and e1 == s2


@pytest.mark.parametrize("name", sorted(runsheets.PLANS))
def test_section_minutes_agree_with_the_notebooks_estimates(name):
    for (_, rows), plan in zip(sessions(FILES[name]), runsheets.PLANS[name]["sessions"], strict=True):
        for stem in plan["in_class"]:
            estimates = {r["heading"]: r["total"] for r in section_estimates(stem)}
            listed = {}
            for _, _, minutes, what in rows:
                if what.startswith(f"{stem} · "):
                    heading = what.split(" · ")[1]
                    listed[heading] = minutes
                    assert abs(minutes - estimates[heading]) <= 1, (stem, heading, minutes, estimates[heading])
            core = [r["heading"] for r in section_estimates(stem) if r["core"]]
            assert list(listed) == core, f"{name}: {stem} in class must run exactly its core path, in order"
            assert abs(sum(listed.values()) - estimate(stem)["core"]) <= 0.5 + 1e-9


def test_self_paced_totals_are_the_notebooks_estimates():
    text = FILES["self_paced.md"]
    entries = json.loads(Path(COURSE_FILE).read_text(encoding="utf-8"))
    for entry in entries:
        stem = entry["file"][:-6]
        row = re.search(rf"^\| {re.escape(stem)}: .*? \| (\d+) \| (\d+) \|$", text, re.M)
        assert row, stem
        total, core = int(row.group(1)), int(row.group(2))
        est = estimate(stem)
        assert abs(total - est["total"]) <= 0.5 + 1e-9 and abs(core - est["core"]) <= 0.5 + 1e-9
        stated = stated_minutes(stem)
        if stated["total"]:  # the notebook's own "About N minutes" (tested to be within 20% of the estimate)
            assert abs(total - stated["total"]) <= 0.2 * stated["total"] + 3
    section_block = text.split(f"## {entries[0]['file'][:-6]}:", 1)[1].split("\n## ", 1)[0]
    assert sum(int(m) for *_, m, _ in ROW.findall(section_block)) == round(estimate(entries[0]["file"])["total"])


def test_a_plan_that_no_longer_fits_fails_loudly():
    plan = dict(runsheets.PLANS["runsheet_90min.md"]["sessions"][0], length=30)
    with pytest.raises(ValueError, match="leaving"):
        runsheets.session_rows(plan)


def test_a_missing_discussion_prompt_fails_loudly():
    plan = dict(runsheets.PLANS["runsheet_90min.md"]["sessions"][0], prompts={"03_signing": [99]})
    with pytest.raises(ValueError, match="no discussion prompt 99"):
        runsheets.render_session(plan)


def test_dashboard_views_named_exist_in_the_voila_dashboard():
    nb = json.loads((ROOT / runsheets.DASHBOARD).read_text(encoding="utf-8"))
    headings = {line[3:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("## ")}
    named = {m for text in runsheets.WIDGETS.values() for m in re.findall(r"Voila dashboard view \*\*(.+?)\*\*", text)}
    assert named and named <= headings
    calls = {"network_explorer": "Who negotiated with whom", "timeline_explorer": "Timeline"}
    for call, view in calls.items():
        assert view in runsheets.projector([call])


def test_projector_column_is_read_from_the_section_code():
    sections = runsheets.section_cells("02_negotiation")
    network = next(h for h, s in sections.items() if "network_explorer" in s["calls"])
    assert "Who negotiated with whom" in runsheets.projector(sections[network]["calls"])
    assert runsheets.projector([]) == runsheets.NO_WIDGET
