"""The lecturers' notes agree with the module: the sections they name exist, the loaded terms they
list are the glossary's, the sources they cite exist, every local link resolves, and the README
points to the kit."""

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "instructors"
DOCS = sorted(KIT.glob("*.md"))
# Links to files another branch adds; remove a name once it exists (the test then checks it).
PENDING_LINKS: set[str] = set()


def headings(stem):
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return {line[3:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")}


def source_ids():
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        return {row["id"] for row in csv.DictReader(f)}


def test_content_notes_name_real_sections():
    text = (KIT / "facilitation.md").read_text(encoding="utf-8")
    table = text.split("## 6. Content notes", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (\d\d_\w+) \| (.+?) \| .+ \|$", table, re.M)
    assert len(rows) >= 4
    for stem, section in rows:
        assert section in headings(stem), f"facilitation.md names '{section}', not a section of {stem}"


def test_every_loaded_glossary_term_is_in_the_language_notes():
    text = " ".join((KIT / "facilitation.md").read_text(encoding="utf-8").split())
    with open(ROOT / "data" / "glossary.csv", encoding="utf-8", newline="") as f:
        loaded = [row["term_en"] for row in csv.DictReader(f) if row["loaded"] == "true"]
    assert loaded
    for term in loaded:
        parts = [p.strip() for p in re.split(r" / |\(", term) if p.strip(" )")]
        assert any(p.strip(" )").lower() in text.lower() for p in parts), f"loaded term '{term}' missing"


def test_guidance_is_cited_with_publisher_year_and_url():
    text = (KIT / "facilitation.md").read_text(encoding="utf-8")
    refs = text.split("## Guidance these notes rest on", 1)[1]
    items = [i for i in refs.split("\n- ")[1:]]
    assert len(items) >= 4
    assert any("Council of Europe" in i for i in items) and any("EuroClio" in i for i in items)
    for item in items:
        assert re.search(r"<https?://[^>]+>", item), item[:60]
        assert "Council of Europe" in item or "EuroClio" in item
    dated = [i for i in items if re.search(r"\((19|20)\d\d\)", i)]
    assert len(dated) >= len(items) - 1  # EuroClio's web page carries no date
    for quote in re.findall(r'"([^"]+)"', refs):
        assert len(quote.split()) <= 25, f"quotation too long for a short quote: {quote[:50]}"


def test_opt_out_task_points_to_real_activities():
    text = (KIT / "facilitation.md").read_text(encoding="utf-8")
    task = text.split("### The alternative (opt-out) task", 1)[1].split("\n## ", 1)[0]
    nb = json.loads((ROOT / "notebooks" / "04_interpretations.ipynb").read_text(encoding="utf-8"))
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "Activity 3" in task and "### Activity 3: Flag an unverifiable citation" in md


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_cited_sources_exist(doc):
    cited = set(re.findall(r"\[(S\d+[a-z]?)\]", doc.read_text(encoding="utf-8")))
    assert cited <= source_ids(), f"{doc.name}: unknown source ids {sorted(cited - source_ids())}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_local_links_resolve(doc):
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
        if re.match(r"https?:|mailto:", target):
            continue
        path = (doc.parent / target).resolve()
        rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else target
        assert path.exists() or rel in PENDING_LINKS, f"{doc.name}: broken link {target}"


def test_assessment_rubric_and_samples():
    text = (KIT / "assessment.md").read_text(encoding="utf-8")
    rubric = text.split("## Rubric", 1)[1].split("\n## ", 1)[0]
    rows = [r for r in rubric.splitlines() if r.startswith("| **")]
    names = [re.match(r"\| \*\*(.+?)\*\*", r).group(1) for r in rows]
    assert names == ["Evidence", "Attribution", "Counter-perspective", "Precision of terms", "Handling of uncertainty"]
    assert all(r.count(" | ") == 4 for r in rows), "four levels per criterion"
    for sample in re.split(r"^### Sample ", text, flags=re.M)[1:]:
        levels = [int(n) for n in re.findall(r"^- \*[^*]+ \((\d)\)\.\*", sample, re.M)]
        total = int(re.search(r"\*\*Total (\d+)\.\*\*", sample).group(1))
        assert len(levels) == 5 and sum(levels) == total
        quoted = " ".join(line[2:] for line in sample.splitlines() if line.startswith("> "))
        assert 40 <= len(quoted.split()) <= 260


def test_readme_points_to_the_kit_after_the_notebooks_section():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, re.M)
    assert sections.index("For lecturers") == sections.index("The notebooks") + 1
    assert "](instructors/README.md)" in text


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_task_list_checkboxes(doc):
    """The static site (make site) renders '- [ ]' as form inputs without labels (axe: critical)."""
    assert not re.search(r"^\s*[-*] \[[ xX]\] ", doc.read_text(encoding="utf-8"), re.M), doc.name
