"""Write the lecturers' run-sheets (instructors/runsheet_90min.md, runsheet_2x90.md, self_paced.md).

The minutes are not written here: they come from notebooks/course.json (per-section activity and
widget minutes, the core path) and from the notebooks' own text (reading minutes), through
helpers.course.section_estimates, the same numbers the notebooks' "Time to complete" states.
What IS written here is the teaching plan: which notebooks a session runs in class (their core
path, in order), how long the lecturer's opening and closing take, which discussion prompts to
use, how pairs and groups are organised, and what to set as reading. The plenary discussion gets
whatever minutes remain, so every session sums to its length; a session whose core path no
longer fits fails loudly.

What appears on the projector is read from each section's code cells (which helper widgets they
call), so it stays true when a notebook changes.

    python tools/make_runsheets.py           # (re)write the three files
    python tools/make_runsheets.py --check   # exit 1 if a file is out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.course import COURSE_FILE, round_minutes, section_estimates  # noqa: E402

OUT_DIR = ROOT / "instructors"
MIN_PLENARY = 5  # a session must leave at least this for whole-class discussion

# helper widget -> what the lecturer shows. Dashboard views are the headings of
# notebooks/app_dashboard.ipynb (`make voila`), a code-free page for the projector.
DASHBOARD = "notebooks/app_dashboard.ipynb"
WIDGETS = {
    "network_explorer": "Network explorer: Voila dashboard view **Who negotiated with whom**",
    "timeline_explorer": "Timeline explorer: Voila dashboard view **Timeline**",
    "timeline_figure": "Timeline figure (notebook)",
    "sources_disagree": "Sources-disagree viewer (notebook)",
    "perspectives_comparer": "Perspectives comparer (notebook)",
    "amendment_close_reading": "Amendments before/after viewer (notebook)",
    "protocol_close_reading": "Protocol text viewer: translations and Russian side by side (notebook)",
    "coding_sensitivity": "Coding-choice table (notebook)",
    "draw_network": "Network figure with its text alternative (notebook)",
    "predict_then_reveal": "Predict-then-reveal box (on learners' screens; reveal together)",
    "course_times": "Course map with times (notebook)",
    "balance_report": "Balance of the sources (notebook)",
    "violence_table": "Table of violence against civilians (notebook)",
}
PROJECTOR_ORDER = list(WIDGETS)
NO_WIDGET = "the notebook (reading)"

PAIR_ROLES = ("**Pairs, two roles:** the *driver* runs the cells and widgets on one laptop; the "
              "*scribe* writes the pair's answer in the journal box and reads it back. Swap roles "
              "at the next activity.")
GROUP_ROLES = ("**Groups of three or four, four roles:** *reader* (reads the source passage "
               "aloud), *source-checker* (opens the cited sources and notes each one's "
               "perspective), *scribe* (writes the group's answer in one journal), *reporter* "
               "(gives the group's answer to the class in one minute). Rotate roles each session.")

# The teaching plans. Minutes of notebook sections are never written here.
PLANS = {
    "runsheet_90min.md": {
        "title": "Run-sheet: one 90-minute seminar",
        "intro": ("One seminar on the protocol itself: who signed what, when, and what the words "
                  "changed (notebook 03), after a short start with notebook 00 for a group new to "
                  "the module. Learners work on Binder or a class hub (see logistics.md)."),
        "sessions": [{
            "name": "Seminar: the signatures, the amendments and the ceasefire",
            "length": 90,
            "before": [("02_negotiation", "core")],
            "opening": (5, "Welcome; ground rules for contested history (facilitation.md); "
                           "check that every laptop has the notebooks open."),
            "in_class": ["00_start_here", "03_signing"],
            "groups": {},
            "prompts": {"03_signing": [1, 4]},
            "closing": (4, "Summary in three sentences; ask everyone to **export the journal**; "
                           "set the reading and the assessed task."),
            "after": [("03_signing", "rest"), ("04_interpretations", "core"), ("06_synthesis", "all")],
        }],
    },
    "runsheet_2x90.md": {
        "title": "Run-sheet: two 90-minute sessions",
        "intro": ("Two seminars a week apart: the signing (notebook 03) and then the competing "
                  "interpretations (notebook 04). The synthesis argument (notebook 06) is the "
                  "assessed task after session 2 (assessment.md has the rubric)."),
        "sessions": [{
            "name": "Session 1: the signatures, the amendments and the ceasefire",
            "length": 90,
            "before": [("01_context", "core"), ("02_negotiation", "core")],
            "opening": (5, "Welcome; ground rules for contested history (facilitation.md); "
                           "check that every laptop has the notebooks open."),
            "in_class": ["00_start_here", "03_signing"],
            "groups": {},
            "prompts": {"03_signing": [1, 4]},
            "closing": (4, "Ask everyone to **export the journal**; set the reading for session 2."),
            "after": [("03_signing", "rest")],
        }, {
            "name": "Session 2: interpretations, who says what",
            "length": 90,
            "before": [("04_interpretations", "rest")],
            "opening": (5, "Recap of session 1 from two learners' journals (with their consent); "
                           "ground rules again."),
            "in_class": ["04_interpretations"],
            "groups": {"04_interpretations": [1, 2]},
            "prompts": {"04_interpretations": [1, 3]},
            "plenary": ("each group reports on one Read-critically box (one minute each); then the "
                        "\"Nicholas Miller\" method box (section 7) and"),
            "closing": (5, "Set the assessed task: notebook 06, Activity 1 (rubric in assessment.md); "
                           "ask everyone to **export the journal**."),
            "after": [("05_actor_network", "core"), ("06_synthesis", "all")],
        }],
    },
}


# --- reading the notebooks ------------------------------------------------------------------------

def _notebook(stem: str, course_file: Path = COURSE_FILE) -> dict:
    return json.loads((Path(course_file).parent / f"{stem}.ipynb").read_text(encoding="utf-8"))


def section_cells(stem: str, course_file: Path = COURSE_FILE) -> dict[str, dict]:
    """Per '## ' heading: its Markdown text and the helper calls of its code cells."""
    sections: dict[str, dict] = {}
    current = None
    for cell in _notebook(stem, course_file)["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            for line in source.splitlines():
                if line.startswith("## "):
                    current = line[3:].strip()
                    sections[current] = {"markdown": "", "calls": []}
                if current:
                    sections[current]["markdown"] += line + "\n"
        elif cell["cell_type"] == "code" and current:
            sections[current]["calls"] += re.findall(r"helpers\.(\w+)\(", source)
    return sections


def activities(markdown: str) -> list[tuple[int, str]]:
    """The '### Activity N: title' headings of a section: [(N, title)]."""
    return [(int(n), title.strip()) for n, title in re.findall(r"^### Activity (\d+):?\s*(.*)$", markdown, re.M)]


def discussion_prompts(stem: str, course_file: Path = COURSE_FILE) -> dict[int, str]:
    """The notebook's numbered discussion prompts: {number: text on one line}."""
    text = section_cells(stem, course_file).get("Discussion prompts", {}).get("markdown", "")
    prompts, number = {}, None
    for line in text.splitlines():
        match = re.match(r"^(\d+)\.\s+(.*)$", line)
        if match:
            number = int(match.group(1))
            prompts[number] = match.group(2).strip()
        elif number and line.startswith("   ") and line.strip():
            prompts[number] += " " + line.strip()
        elif not line.strip():
            number = None if number and prompts.get(number) else number
    return prompts


def projector(calls: list[str]) -> str:
    """What to show for a section: its widgets, dashboard views first."""
    shown = [WIDGETS[c] for c in PROJECTOR_ORDER if c in calls]
    return "; ".join(shown) if shown else NO_WIDGET


def title(stem: str, course_file: Path = COURSE_FILE) -> str:
    for entry in json.loads(Path(course_file).read_text(encoding="utf-8")):
        if entry["file"] == f"{stem}.ipynb":
            return entry["title_en"]
    raise KeyError(f"{stem}.ipynb is not in {Path(course_file).name}")


def timed_sections(stem: str, which: str = "core", course_file: Path = COURSE_FILE) -> list[dict]:
    """Sections of `stem` ('core', 'rest' = not core, 'all') with whole minutes that add up to the
    rounded total of their unrounded estimates (cumulative rounding: no drift)."""
    rows = [r for r in section_estimates(stem, course_file)
            if which == "all" or (which == "core") == r["core"]]
    out, cumulative = [], 0.0
    for row in rows:
        start = round(cumulative)
        cumulative += row["total"]
        out.append({**row, "minutes": round(cumulative) - start})
    return out


# --- writing --------------------------------------------------------------------------------------

def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


# Sections that are about the notebook, not the history: not worth setting as reading.
NOT_READING = {"Learning objectives", "Time to complete", "Prerequisites", "Discussion prompts",
               "What's next", "Sources used"}


def _reading_list(items, course_file) -> list[str]:
    lines = []
    for stem, which in items:
        rows = [r for r in timed_sections(stem, which, course_file) if r["heading"] not in NOT_READING]
        if not rows:
            continue
        label = {"core": "core path", "rest": "the sections not done in class", "all": "the whole notebook"}[which]
        headings = ", ".join(r["heading"] for r in rows)
        lines.append(f"- **{stem}** ({title(stem, course_file)}), {label}, about "
                     f"{round_minutes(sum(r['total'] for r in rows))} minutes: {headings}.")
    return lines


def session_rows(session: dict, course_file: Path = COURSE_FILE) -> list[dict]:
    """The timed blocks of one session; raises ValueError when the core path does not fit."""
    rows = [{"kind": "lecturer", "minutes": session["opening"][0], "what": session["opening"][1],
             "projector": "the ground rules (facilitation.md, section 2)", "mode": "whole class"}]
    for stem in session["in_class"]:
        cells = section_cells(stem, course_file)
        groups = session.get("groups", {}).get(stem, [])
        for row in timed_sections(stem, "core", course_file):
            acts = activities(cells[row["heading"]]["markdown"])
            shown = projector(cells[row["heading"]]["calls"])
            mode = ("groups" if any(n in groups for n, _ in acts) else "pairs") if acts else (
                "whole class, on the projector" if shown != NO_WIDGET else "individual reading")
            what = f"{stem} · {row['heading']}"
            if acts:
                what += " · " + "; ".join(f"Activity {n}: {t}" for n, t in acts)
            rows.append({"kind": "section", "notebook": stem, "heading": row["heading"],
                         "minutes": row["minutes"], "what": what,
                         "projector": shown, "mode": mode})
    closing = {"kind": "lecturer", "minutes": session["closing"][0], "what": session["closing"][1],
               "projector": "the journal's Export button", "mode": "whole class"}
    used = sum(r["minutes"] for r in rows) + closing["minutes"]
    plenary = session["length"] - used
    if plenary < MIN_PLENARY:
        raise ValueError(f"{session['name']}: the core path and lecturer blocks take {used} of "
                         f"{session['length']} minutes, leaving {plenary} (< {MIN_PLENARY}) for discussion; "
                         "shorten the plan in tools/make_runsheets.py or move a notebook to the reading")
    prompts = [f"{stem} prompt {n}" for stem, numbers in session["prompts"].items() for n in numbers]
    lead = f"{session['plenary']} " if session.get("plenary") else ""
    rows.append({"kind": "plenary", "minutes": plenary, "what": "Plenary: " + lead + "discussion of " + ", ".join(prompts),
                 "projector": "the prompts below", "mode": "whole class"})
    rows.append(closing)
    return rows


def render_session(session: dict, course_file: Path = COURSE_FILE) -> list[str]:
    rows = session_rows(session, course_file)
    lines = [f"## {session['name']} ({session['length']} minutes)", "", "### Before class (set as reading)", ""]
    lines += _reading_list(session["before"], course_file) or ["- Nothing."]
    lines += ["", "### Minute by minute", "", "| Clock | Minutes | What | On the projector | Work |",
              "|---|---|---|---|---|"]
    clock = 0
    for row in rows:
        lines.append(f"| {_clock(clock)}-{_clock(clock + row['minutes'])} | {row['minutes']} | {row['what']} "
                     f"| {row['projector']} | {row['mode']} |")
        clock += row["minutes"]
    lines += ["", f"Total: **{clock} minutes**. Section minutes are the notebooks' own estimates "
                  "(reading at 150 words a minute plus the activity and widget minutes in "
                  "`notebooks/course.json`).", ""]
    modes = {r["mode"] for r in rows}
    lines += ["### Pair and group work", ""]
    if "pairs" in modes:
        lines += [f"- {PAIR_ROLES}"]
    if "groups" in modes:
        lines += [f"- {GROUP_ROLES}"]
    lines += ["- Model answers for every activity: [model_answers.md](model_answers.md).", "",
              "### Discussion prompts for the plenary", ""]
    for stem, numbers in session["prompts"].items():
        texts = discussion_prompts(stem, course_file)
        for n in numbers:
            if n not in texts:
                raise ValueError(f"{session['name']}: {stem} has no discussion prompt {n} (it has {sorted(texts)})")
            lines.append(f"- **{stem}, prompt {n}.** {texts[n]}")
    lines += ["", "Model answers to the prompts: [model_answers.md](model_answers.md). Before a "
                  "prompt that touches victims or blame, re-read [facilitation.md](facilitation.md).", "",
              "### After class (set as reading or homework)", ""]
    lines += _reading_list(session["after"], course_file) or ["- Nothing."]
    return lines + [""]


HEADER = ("<!-- Generated by tools/make_runsheets.py from notebooks/course.json and the notebooks. "
          "Do not edit by hand: change the plan in the tool, then run `python tools/make_runsheets.py`. -->")


def render_plan(plan: dict, course_file: Path = COURSE_FILE) -> str:
    lines = [HEADER, "", f"# {plan['title']}", "", plan["intro"], "",
             f"On the projector: the Voila dashboard `{DASHBOARD}` (`make voila`) has two views without "
             "code, **Who negotiated with whom** (the network explorer) and **Timeline** (the timeline "
             "explorer). Other widgets are shown in JupyterLab with the notebook open "
             "(View > Presentation Mode, or zoom to 125%).", ""]
    for session in plan["sessions"]:
        lines += render_session(session, course_file)
    return "\n".join(lines).rstrip() + "\n"


def render_self_paced(course_file: Path = COURSE_FILE) -> str:
    entries = json.loads(Path(course_file).read_text(encoding="utf-8"))
    lines = [HEADER, "", "# Self-paced path", "",
             "For learners working alone, and for lecturers who set the module as independent study. "
             "One notebook per sitting works well; the **core path** (marked *core*) is the shortest "
             "route that still meets the learning objectives. Every notebook ends with a self-check "
             "and discussion prompts a learner can answer in the journal; remind learners to "
             "**export the journal** at the end of each sitting (on Binder it is lost otherwise).", "",
             "| Notebook | All sections (minutes) | Core path (minutes) |", "|---|---|---|"]
    total = core = 0
    for entry in entries:
        stem = entry["file"][:-6]
        all_rows, core_rows = timed_sections(stem, "all", course_file), timed_sections(stem, "core", course_file)
        a, c = sum(r["minutes"] for r in all_rows), sum(r["minutes"] for r in core_rows)
        total, core = total + a, core + c
        lines.append(f"| {stem}: {entry['title_en']} | {a} | {c} |")
    lines += [f"| **Whole module** | **{total}** | **{core}** |", ""]
    for entry in entries:
        stem = entry["file"][:-6]
        cells = section_cells(stem, course_file)
        lines += [f"## {stem}: {entry['title_en']}", "", "| Clock | Minutes | Section | Core | Activities |",
                  "|---|---|---|---|---|"]
        clock = 0
        for row in timed_sections(stem, "all", course_file):
            acts = ", ".join(f"Activity {n}" for n, _ in activities(cells[row["heading"]]["markdown"]))
            lines.append(f"| {_clock(clock)}-{_clock(clock + row['minutes'])} | {row['minutes']} | {row['heading']} "
                         f"| {'core' if row['core'] else ''} | {acts} |")
            clock += row["minutes"]
        lines += ["", f"Total: **{clock} minutes**.", ""]
    return "\n".join(lines).rstrip() + "\n"


def render_all(course_file: Path = COURSE_FILE) -> dict[str, str]:
    """{file name: Markdown} for every run-sheet."""
    files = {name: render_plan(plan, course_file) for name, plan in PLANS.items()}
    files["self_paced.md"] = render_self_paced(course_file)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a run-sheet is out of date")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    stale = []
    for name, text in render_all().items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(text.encode())} bytes")
    if stale:
        print("out of date (run python tools/make_runsheets.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
