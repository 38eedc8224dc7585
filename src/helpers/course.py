"""The course map: which notebooks exist, in which order, and how long each honestly takes.

notebooks/course.json is the single list of notebooks. The start-here notebook, the README's launch
links, the tests and the benchmarks all read it (or are checked against it), so adding a notebook
means adding one entry there.

It also holds, for every section of a notebook (every '## ' heading, in order), the minutes a
learner spends on its activities (thinking and writing) and with its widgets (using them and
reading the tables and figures they show), and whether the section is on the **core path** (a
90-minute seminar cannot skip it). Reading time is not written down: it is measured from the
notebook's own Markdown at READING_WPM words a minute, plus TABLE_ROW_MINUTES for each row of a
Markdown table. So when the text grows, the estimate grows with it, and a test fails when the
"Time to complete" a notebook states drifts more than 20% from the estimate.

    section_times("01_context")   -> one row per section: reading, activities, widgets, total, core
    course_times()                -> one row per notebook: minutes in all and on the core path
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .strings import resolve_language, t

COURSE_FILE = Path(__file__).resolve().parents[2] / "notebooks" / "course.json"
READING_WPM = 150  # words a minute for careful reading of a history text
TABLE_ROW_MINUTES = 0.1  # six seconds more for each row of a Markdown table (dense, read across)
TOLERANCE = 0.2  # a stated time may differ from the estimate by at most this share

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CITATION = re.compile(r"\[S\d+[a-z]?\]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def _read(path: Path | str) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _notebook_path(name: str, course_file: Path | str = COURSE_FILE) -> Path:
    name = name if name.endswith(".ipynb") else f"{name}.ipynb"
    return Path(course_file).parent / name


def _entry(name: str, course_file: Path | str = COURSE_FILE) -> dict:
    file = _notebook_path(name, course_file).name
    for entry in _read(course_file):
        if entry["file"] == file:
            return entry
    known = ", ".join(e["file"] for e in _read(course_file))
    raise KeyError(f"{file} is not in {Path(course_file).name} (notebooks: {known})")


def notebooks(path: Path | str = COURSE_FILE) -> list[dict]:
    """Return the notebook entries in teaching order (file, title_en, title_es, sections), each with
    its estimated `minutes` and `core_minutes` (rounded to 5) added."""
    entries = _read(path)
    for entry in entries:
        notebook = _notebook_path(entry["file"], path)
        if notebook.exists() and entry.get("sections"):
            totals = estimate(entry["file"], path)
            entry["minutes"], entry["core_minutes"] = round_minutes(totals["total"]), round_minutes(totals["core"])
    return entries


def round_minutes(minutes: float) -> int:
    """Minutes rounded to the nearest 5 (at least 5): how times are stated to learners."""
    return max(5, int(5 * round(minutes / 5)))


def markdown_sections(notebook: Path | str) -> list[tuple[str, str]]:
    """The notebook's Markdown split at its '## ' headings: [(heading, text)]. Text before the
    first heading (the title) counts with the first section."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    sections: list[list] = []
    before = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if line.startswith("## "):
                sections.append([line[3:].strip(), before + [line]])
                before = []
            elif sections:
                sections[-1][1].append(line)
            else:
                before.append(line)
    return [(heading, "\n".join(lines)) for heading, lines in sections]


def reading_minutes(markdown: str) -> float:
    """Minutes to read `markdown`: its words at READING_WPM, plus TABLE_ROW_MINUTES per table row.
    Citation marks like [S05], link targets and HTML tags are not counted as words."""
    text = _TAG.sub(" ", _LINK_TARGET.sub("]", _CITATION.sub(" ", markdown)))
    words = len(_WORD.findall(text))
    rows = [line for line in markdown.splitlines() if line.lstrip().startswith("|")]
    body_rows = len([r for r in rows if not _TABLE_RULE.match(r)]) - sum(1 for r in rows if _TABLE_RULE.match(r))
    return words / READING_WPM + TABLE_ROW_MINUTES * max(0, body_rows)


def section_estimates(name: str, course_file: Path | str = COURSE_FILE) -> list[dict]:
    """One dict per section of notebook `name`: heading, reading, activity, widget, total, core.
    Raises a ValueError when course.json and the notebook's headings do not match."""
    entry = _entry(name, course_file)
    measured = markdown_sections(_notebook_path(entry["file"], course_file))
    planned = entry.get("sections", [])
    headings, listed = [h for h, _ in measured], [s["heading"] for s in planned]
    if headings != listed:
        missing = [h for h in headings if h not in listed]
        extra = [h for h in listed if h not in headings]
        raise ValueError(f"course.json's sections for {entry['file']} do not match the notebook's '## ' headings"
                         f" (not in course.json: {missing}; not in the notebook: {extra}; order must match too)")
    rows = []
    for (heading, text), plan in zip(measured, planned, strict=True):
        reading = reading_minutes(text)
        activity, widget = float(plan.get("activity", 0)), float(plan.get("widget", 0))
        rows.append({"heading": heading, "reading": reading, "activity": activity, "widget": widget,
                     "total": reading + activity + widget, "core": bool(plan.get("core", False))})
    return rows


def estimate(name: str, course_file: Path | str = COURSE_FILE) -> dict:
    """Unrounded minutes for notebook `name`: reading, activity, widget, total, and core (the core path)."""
    rows = section_estimates(name, course_file)
    totals = {key: sum(r[key] for r in rows) for key in ("reading", "activity", "widget", "total")}
    totals["core"] = sum(r["total"] for r in rows if r["core"])
    return totals


_STATED_TOTAL = re.compile(r"\*\*About (\d+)\s+minutes\*\*")
_STATED_CORE = re.compile(r"[Cc]ore path\b[^.]*?\babout (\d+)\s+minutes")


def stated_minutes(name: str, course_file: Path | str = COURSE_FILE) -> dict:
    """What the notebook's "Time to complete" section says: {'total': N, 'core': M} (None if absent).
    The section must say "**About N minutes**" and "core path ... about M minutes"."""
    sections = dict(markdown_sections(_notebook_path(name, course_file)))
    text = sections.get("Time to complete", "")
    total, core = _STATED_TOTAL.search(text), _STATED_CORE.search(text)
    return {"total": int(total.group(1)) if total else None, "core": int(core.group(1)) if core else None}


def section_times(name: str, lang: str | None = None, course_file: Path | str = COURSE_FILE):
    """A lecturer's table of notebook `name`: one row per section with whole minutes of reading,
    activities and widgets, the total, and whether it is on the core path."""
    from .tables import tidy

    lang = resolve_language(lang)
    rows = section_estimates(name, course_file)
    yes, no = t("course.yes", lang), t("course.no", lang)
    return tidy({
        t("course.section", lang): [r["heading"] for r in rows],
        t("course.reading", lang): [round(r["reading"]) for r in rows],
        t("course.activities", lang): [round(r["activity"]) for r in rows],
        t("course.widgets", lang): [round(r["widget"]) for r in rows],
        t("course.minutes", lang): [round(r["total"]) for r in rows],
        t("course.core", lang): [yes if r["core"] else no for r in rows],
    })


def course_times(lang: str | None = None, course_file: Path | str = COURSE_FILE):
    """One row per notebook: its title, minutes in all and minutes on the core path (rounded to 5)."""
    from .tables import tidy

    lang = resolve_language(lang)
    entries = notebooks(course_file)
    return tidy({
        t("course.notebook", lang): [e[f"title_{lang}"] for e in entries],
        t("course.minutes", lang): [e.get("minutes") for e in entries],
        t("course.core_minutes", lang): [e.get("core_minutes") for e in entries],
    })
