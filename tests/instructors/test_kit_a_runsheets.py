"""The run-sheets in instructors/ (English) and instructors/es/ (Spanish) are generated from
notebooks/course.json and the notebooks: regenerating gives the committed files, every session sums
to its length, and every notebook section listed takes the minutes the notebooks' own estimates give.
Both editions time the same course (same rows, same minutes); the Spanish one shows the Spanish
notebooks' own section titles, activities and discussion prompts, and links to the Spanish kit."""

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

LANGS = ("en", "es")
FOLDER = {"en": "", "es": "es"}  # notebooks/<folder>/ and instructors/<folder>/
MINUTES = {"en": "minutes", "es": "minutos"}
FILES = {lang: runsheets.render_all(lang=lang) for lang in LANGS}
ROW = re.compile(r"^\| (\d+):(\d\d)-(\d+):(\d\d) \| (\d+) \| (.*?) \|", re.M)


def sessions(text, lang="en"):
    """[(length, [(start, end, minutes, what)])] per '## ... (N minutes)' session of a run-sheet."""
    out = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        length = re.match(rf".*\((\d+) {MINUTES[lang]}\)", block)
        rows = [(int(a) * 60 + int(b), int(c) * 60 + int(d), int(m), what)
                for a, b, c, d, m, what in ROW.findall(block)]
        out.append((int(length.group(1)) if length else None, rows))
    return out


def notebook(stem, lang):
    return json.loads((ROOT / "notebooks" / FOLDER[lang] / f"{stem}.ipynb").read_text(encoding="utf-8"))


def headings(stem, lang, level="## "):
    """The notebook's headings of one level, in order, read straight from the .ipynb."""
    return [line[len(level):].strip() for c in notebook(stem, lang)["cells"] if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith(level)]


def to_english(stem, lang):
    """{heading in `lang`: the English heading of the same section} (the n-th '## ' of each)."""
    english, other = headings(stem, "en"), headings(stem, lang)
    assert len(english) == len(other), f"{stem}: the {lang} notebook has another number of sections"
    return dict(zip(other, english, strict=True))


@pytest.mark.parametrize(("lang", "name"), [(lang, name) for lang in LANGS for name in sorted(FILES[lang])])
def test_committed_runsheet_is_what_the_tool_generates(lang, name):
    path = ROOT / "instructors" / FOLDER[lang] / name
    assert path.exists(), f"{path} missing: run python tools/make_runsheets.py"
    assert path.read_text(encoding="utf-8") == FILES[lang][name], \
        f"{path} is out of date with course.json or the notebooks: run python tools/make_runsheets.py"


def test_check_covers_both_languages(tmp_path):
    assert runsheets.main(["--out", str(tmp_path)]) == 0
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.md"))
    assert written == sorted([*FILES["en"], *(f"es/{n}" for n in FILES["es"])])
    assert runsheets.main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "es" / "self_paced.md").write_text("stale\n", encoding="utf-8")
    assert runsheets.main(["--check", "--out", str(tmp_path)]) == 1


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(runsheets.PLANS))
def test_each_session_sums_to_its_length_with_contiguous_clock(name, lang):
    found = sessions(FILES[lang][name], lang)
    assert len(found) == len(runsheets.PLANS[name]["sessions"])
    for (length, rows), plan in zip(found, runsheets.PLANS[name]["sessions"], strict=True):
        assert length == plan["length"]
        assert sum(m for _, _, m, _ in rows) == length
        assert rows[0][0] == 0 and rows[-1][1] == length
        for (s1, e1, m1, _), (s2, _, _, _) in zip(rows, rows[1:], strict=False):
            assert e1 - s1 == m1 and e1 == s2


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(runsheets.PLANS))
def test_section_minutes_agree_with_the_notebooks_estimates(name, lang):
    for (_, rows), plan in zip(sessions(FILES[lang][name], lang), runsheets.PLANS[name]["sessions"], strict=True):
        for stem in plan["in_class"]:
            english = to_english(stem, lang)
            estimates = {r["heading"]: r["total"] for r in section_estimates(stem)}
            listed = {}
            for _, _, minutes, what in rows:
                if what.startswith(f"{stem} · "):
                    heading = english[what.split(" · ")[1]]
                    listed[heading] = minutes
                    assert abs(minutes - estimates[heading]) <= 1, (stem, heading, minutes, estimates[heading])
            core = [r["heading"] for r in section_estimates(stem) if r["core"]]
            assert list(listed) == core, f"{name}: {stem} in class must run exactly its core path, in order"
            assert abs(sum(listed.values()) - estimate(stem)["core"]) <= 0.5 + 1e-9


@pytest.mark.parametrize("lang", LANGS)
def test_self_paced_totals_are_the_notebooks_estimates(lang):
    text = FILES[lang]["self_paced.md"]
    entries = json.loads(Path(COURSE_FILE).read_text(encoding="utf-8"))
    for entry in entries:
        stem = entry["file"][:-6]
        row = re.search(rf"^\| {re.escape(stem)}: (.*?) \| (\d+) \| (\d+) \|$", text, re.M)
        assert row, stem
        assert row.group(1) == entry[f"title_{lang}"] == headings(stem, lang, "# ")[0]
        total, core = int(row.group(2)), int(row.group(3))
        est = estimate(stem)
        assert abs(total - est["total"]) <= 0.5 + 1e-9 and abs(core - est["core"]) <= 0.5 + 1e-9
        stated = stated_minutes(stem)
        if stated["total"]:  # the notebook's own "About N minutes" (tested to be within 20% of the estimate)
            assert abs(total - stated["total"]) <= 0.2 * stated["total"] + 3
    section_block = text.split(f"## {entries[0]['file'][:-6]}:", 1)[1].split("\n## ", 1)[0]
    assert sum(int(m) for *_, m, _ in ROW.findall(section_block)) == round(estimate(entries[0]["file"])["total"])


@pytest.mark.parametrize("name", sorted(FILES["en"]))
def test_spanish_and_english_editions_time_the_same_course(name):
    """Same sessions, same number of rows, same clock and minutes in every row."""
    en, es = sessions(FILES["en"][name], "en"), sessions(FILES["es"][name], "es")
    assert len(en) == len(es) and en
    for (en_length, en_rows), (es_length, es_rows) in zip(en, es, strict=True):
        assert en_length == es_length
        assert len(en_rows) == len(es_rows)
        assert [r[:3] for r in en_rows] == [r[:3] for r in es_rows]
    totals = [re.findall(r"^\| (\S+?): .*? \| (\d+) \| (\d+) \|$", FILES[lang][name], re.M) for lang in LANGS]
    assert totals[0] == totals[1]


def _shown_sections(text):
    """(stem, title) for every notebook section the Spanish run-sheet names in a session table,
    and (stem, list of headings as written) for every reading list."""
    shown = [tuple(what.split(" · ")[:2]) for *_, what in ROW.findall(text) if " · " in what]
    reading = re.findall(r"^- \*\*(\w+)\*\* \(.*?\), .*?, unos \d+ minutos: (.*)\.$", text, re.M)
    return shown, reading


def _consume(listed, ordered):
    """True when `listed` is ', '-joined headings of `ordered`, a subsequence in the notebook's order."""
    rest = listed
    for heading in ordered:
        if rest == heading:
            return True
        if rest.startswith(heading + ", "):
            rest = rest[len(heading) + 2:]
    return rest == ""


@pytest.mark.parametrize("name", sorted(FILES["es"]))
def test_every_spanish_section_title_is_a_heading_of_the_spanish_notebook(name):
    text = FILES["es"][name]
    shown, reading = _shown_sections(text)
    if name == "self_paced.md":
        for block in re.split(r"^## ", text, flags=re.M)[1:]:
            stem = block.split(":", 1)[0]
            titles = [what for *_, what in ROW.findall(block)]
            assert titles == headings(stem, "es"), stem  # the self-paced table lists every section, in order
    else:
        assert shown and reading
    for stem, title in shown:
        assert title in headings(stem, "es"), (stem, title)
    for stem, listed in reading:
        assert _consume(listed, headings(stem, "es")), (stem, listed)
        assert not _consume(listed, headings(stem, "en")), (stem, listed)


@pytest.mark.parametrize("name", sorted(runsheets.PLANS))
def test_spanish_activities_and_prompts_are_the_spanish_notebooks_own(name):
    text = FILES["es"][name]
    activities = re.findall(r"Actividad (\d+): (.*?)(?=; Actividad \d+:| \|)", text)
    assert activities
    all_activities = {a for plan in runsheets.PLANS[name]["sessions"] for stem in plan["in_class"]
                      for a in headings(stem, "es", "### ")}
    for n, title in activities:
        assert f"Actividad {n}: {title}" in all_activities, (n, title)
    prompts = re.findall(r"^- \*\*(\w+), pregunta (\d+)\.\*\* (.*)$", text, re.M)
    assert len(prompts) == sum(len(v) for s in runsheets.PLANS[name]["sessions"] for v in s["prompts"].values())
    for stem, n, prompt in prompts:
        markdown = " ".join("".join(c["source"]) for c in notebook(stem, "es")["cells"] if c["cell_type"] == "markdown")
        assert f"{n}. {prompt}" in " ".join(markdown.split()), (stem, n)


@pytest.mark.parametrize("name", sorted(FILES["es"]))
def test_spanish_edition_links_to_the_spanish_kit_and_has_no_english_left(name):
    text = FILES["es"][name]
    for target in re.findall(r"\]\(([^)#\s]+)", text):
        path = (ROOT / "instructors" / "es" / target).resolve()
        assert path.parent in {ROOT / "instructors" / "es", ROOT / "notebooks" / "es"}, target
        assert path.exists(), target
    assert "notebooks/app_dashboard.ipynb" not in text
    english = re.findall(r"\b(minutes|Activity|prompt|Plenary|Before class|After class|whole class|pairs|groups|"
                         r"core path|the notebook|reading)\b", text)
    assert not english, english


def test_every_string_has_both_languages():
    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        return sorted(re.findall(r"\{(\w*)\}", value))  # the same placeholders in each language
    assert shape(runsheets.STRINGS["en"]) == shape(runsheets.STRINGS["es"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_plan_that_no_longer_fits_fails_loudly(lang):
    plan = dict(runsheets.PLANS["runsheet_90min.md"]["sessions"][0], length=30)
    with pytest.raises(ValueError, match="leaving"):
        runsheets.session_rows(plan, lang=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_discussion_prompt_fails_loudly(lang):
    plan = dict(runsheets.PLANS["runsheet_90min.md"]["sessions"][0], prompts={"03_signing": [99]})
    with pytest.raises(ValueError, match="no discussion prompt 99"):
        runsheets.render_session(plan, lang=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_dashboard_views_named_exist_in_the_voila_dashboard(lang):
    dashboard = Path("notebooks") / FOLDER[lang] / "app_dashboard.ipynb"
    views = set(headings("app_dashboard", lang))
    named = {m for text in runsheets.widgets(lang).values() for m in re.findall(r"\*\*(.+?)\*\*", text)}
    assert named and named <= views
    for text in FILES[lang].values():
        if "Voila" in text.split("\n## ", 1)[0]:
            assert f"`{dashboard.as_posix()}`" in text
            assert set(re.findall(r"\*\*(.+?)\*\*", text.split("\n## ", 1)[0])) >= named
    network, timeline = (headings("app_dashboard", lang)[i] for i in (0, 1))
    assert network in runsheets.projector(["network_explorer"], lang)
    assert timeline in runsheets.projector(["timeline_explorer"], lang)


@pytest.mark.parametrize("lang", LANGS)
def test_projector_column_is_read_from_the_section_code(lang):
    sections = runsheets.section_cells("02_negotiation", lang=lang)
    network = next(h for h, s in sections.items() if "network_explorer" in s["calls"])
    assert headings("app_dashboard", lang)[0] in runsheets.projector(sections[network]["calls"], lang)
    assert runsheets.projector([], lang) == runsheets.STRINGS[lang]["no_widget"]
    assert runsheets.projector([]) == runsheets.NO_WIDGET
