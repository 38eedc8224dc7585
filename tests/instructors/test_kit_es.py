"""The Spanish instructor kit (instructors/es/) keeps step with the English one: every English page
has a Spanish one with the same headings, the same cited sources and working links; the loaded terms
and the notebook sections it names are the Spanish edition's own; each kit points to the other."""

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KIT, KIT_ES = ROOT / "instructors", ROOT / "instructors" / "es"
PAGES = sorted(p.name for p in KIT.glob("*.md"))
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def heading_levels(page: str) -> list[int]:
    """The level of every Markdown heading, in order (lines inside code blocks left out)."""
    levels, fenced = [], False
    for line in page.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{1,6}) ", line)):
            levels.append(len(match.group(1)))
    return levels


def cited(page: str) -> set[str]:
    return set(re.findall(r"\bS\d+[a-z]?\b", page))


def spanish_headings(stem: str) -> set[str]:
    nb = json.loads(text(ROOT / "notebooks" / "es" / f"{stem}.ipynb"))
    return {line[3:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")}


def test_every_english_page_has_a_spanish_page():
    assert PAGES, "no English kit pages found"
    missing = [name for name in PAGES if not (KIT_ES / name).is_file()]
    assert not missing, f"instructors/es/ lacks {missing}"


@pytest.mark.parametrize("name", PAGES)
def test_same_headings_at_the_same_levels(name):
    english, spanish = heading_levels(text(KIT / name)), heading_levels(text(KIT_ES / name))
    assert spanish == english, f"{name}: the Spanish page's headings differ in number or level"


@pytest.mark.parametrize("name", PAGES)
def test_same_sources_cited(name):
    english, spanish = cited(text(KIT / name)), cited(text(KIT_ES / name))
    assert spanish == english, (f"{name}: only in English {sorted(english - spanish)}, "
                                f"only in Spanish {sorted(spanish - english)}")


@pytest.mark.parametrize("name", PAGES)
def test_spanish_links_resolve_and_stay_in_spanish(name):
    page = KIT_ES / name
    for target in LINK.findall(text(page)):
        if re.match(r"https?:|mailto:", target):
            continue
        path = (page.parent / target).resolve()
        assert path.exists(), f"es/{name}: broken link {target}"
        if path.parent == KIT and path.suffix == ".md" and path.name != "README.md":
            pytest.fail(f"es/{name} links the English {path.name}; the Spanish page exists: link {path.name}")
        notebook = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
        if re.fullmatch(r"notebooks/[^/]+\.ipynb", notebook) and (ROOT / "notebooks" / "es" / path.name).exists():
            pytest.fail(f"es/{name} links the English notebook {path.name}; link notebooks/es/{path.name}")


@pytest.mark.parametrize("name", PAGES)
def test_no_task_list_checkboxes(name):
    """The static site renders '- [ ]' as form inputs without labels (axe: critical)."""
    assert not re.search(r"^\s*[-*] \[[ xX]\] ", text(KIT_ES / name), re.M), name


def test_each_kit_points_to_the_other():
    assert "](es/README.md)" in text(KIT / "README.md")
    assert "](../README.md)" in text(KIT_ES / "README.md")


def test_every_loaded_term_is_in_the_spanish_language_notes():
    page = " ".join(text(KIT_ES / "facilitation.md").split()).lower()
    with open(ROOT / "data" / "glossary.csv", encoding="utf-8", newline="") as f:
        loaded = [row["term_es"] for row in csv.DictReader(f) if row["loaded"] == "true"]
    assert loaded
    for term in loaded:
        parts = [p.strip(" )") for p in re.split(r" / |\(", term) if p.strip(" )")]
        assert any(p.lower() in page for p in parts), f"loaded term '{term}' missing from es/facilitation.md"


def test_content_notes_name_real_spanish_sections():
    rows = re.findall(r"^\| (\d\d_\w+) \| (.+?) \| .+ \|$", text(KIT_ES / "facilitation.md"), re.M)
    english = re.findall(r"^\| (\d\d_\w+) \| (.+?) \| .+ \|$", text(KIT / "facilitation.md"), re.M)
    assert [stem for stem, _ in rows] == [stem for stem, _ in english] and rows
    for stem, section in rows:
        assert section in spanish_headings(stem), f"es/facilitation.md names '{section}', not a section of es/{stem}"
