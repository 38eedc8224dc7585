"""The printable handouts and projector decks of the instructor kit (tools/make_handouts.py).

Built offline with the Debian Chromium; the one-page protocol handout is checked against the data
(also a lecturer's changed copy of it) and for fitting on one A4 page.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import make_handouts  # noqa: E402
import vendor_widget_js  # noqa: E402

from helpers import load_dataset  # noqa: E402
from helpers.citations import split_ids  # noqa: E402

needs_chromium = pytest.mark.skipif(not Path(make_handouts.CHROMIUM).exists(), reason="needs /usr/bin/chromium")
A4 = (595, 842)  # points


def pdf_text(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def text_rows(pdf: Path, needle: str) -> int:
    """On how many printed lines text containing `needle` appears (a cut line is one line)."""
    from pypdf import PdfReader

    rows = set()
    for number, page in enumerate(PdfReader(str(pdf)).pages):
        def visit(text, cm, tm, _font, _size, number=number):
            if needle in text:
                rows.add((number, round(cm[1] * tm[4] + cm[3] * tm[5] + cm[5])))
        page.extract_text(visitor_text=visit)
    return len(rows)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the one-page protocol handout -------------------------------------------------------------------

def test_protocol_facts_come_from_the_data():
    ds = load_dataset()
    facts = make_handouts.protocol_facts(ds)
    signed = ds.relations[(ds.relations["type"] == "signed") & (ds.relations["target"] == "doc_bishkek_protocol")]
    assert [d["date"].strftime("%Y-%m-%d") for d in facts["days"]] == sorted(signed["date"].astype(str).str[:10].unique())
    assert sum(len(d["signatures"]) for d in facts["days"]) == len(signed)
    first_day = facts["days"][0]
    assert first_day["date"] == pd.Timestamp("1994-05-05") and len(first_day["signatures"]) == 6
    assert {s["certainty"] for s in facts["days"][-1]["signatures"]} >= {"disputed"}  # Bahmanov stays disputed
    assert len(facts["clauses"]) == len(ds.protocol)
    loaded = ds.glossary[ds.glossary["loaded"].astype(str).str.lower() == "true"]
    assert [t["term"] for t in facts["terms"]] == list(loaded["term_en"])
    dates = [e["date"] for e in facts["timeline"]]
    assert dates == sorted(dates) and dates[0] >= pd.Timestamp("1994-05-04") and dates[-1] <= pd.Timestamp("1994-05-12")
    assert any(e["title"].startswith("Ceasefire takes effect") for e in facts["timeline"])


def test_protocol_handout_names_every_fact_and_cites_known_sources():
    ds = load_dataset()
    html = make_handouts.protocol_handout_html(ds)
    facts = make_handouts.protocol_facts(ds)
    for day in facts["days"]:
        for person in day["signatures"]:
            assert person["name"] in html
    for event in facts["timeline"]:
        assert make_handouts._escape(event["title"]) in html
    for term in facts["terms"]:
        assert make_handouts._escape(term["term"]) in html
    cited = set()
    for row in facts["clauses"] + facts["timeline"] + facts["terms"]:
        cited |= set(split_ids(row["sources"]))
    assert cited <= set(ds.sources["id"])
    for sid in cited:
        assert f"<b>{sid}</b>" in html  # listed at the bottom with its author
    assert make_handouts.network_loads(html) == []


def test_protocol_handout_follows_a_lecturers_changed_data(tmp_path):
    """Generated from the data, not written by hand: change a term and a signature place, the handout follows."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    glossary = pd.read_csv(data / "glossary.csv", dtype=str, keep_default_na=False)
    glossary.loc[glossary["id"] == "separatist", "term_en"] = "separatist (adapted copy)"
    glossary.to_csv(data / "glossary.csv", index=False)
    relations = pd.read_csv(data / "relations.csv", dtype=str, keep_default_na=False)
    relations.loc[relations["id"] == "R115", "place_en"] = "Ganja"
    relations.to_csv(data / "relations.csv", index=False)
    html = make_handouts.protocol_handout_html(load_dataset(data))
    assert "separatist (adapted copy)" in html
    assert "8 May 1994, Ganja:" in html


@needs_chromium
def test_protocol_handout_fits_one_a4_page(tmp_path):
    lines = make_handouts.build_protocol_handout(tmp_path)
    pdf = tmp_path / "protocol_one_page.pdf"
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    assert len(pages) == 1, lines
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
    text = flat(pdf_text(pdf)[0])
    assert "Karen Baburyan" in text and "Rasul Guliyev" in text and "Sources:" in text


# --- notebook handouts ------------------------------------------------------------------------------

LONG_LINE = "label = '" + "word " * 60 + "END_OF_THE_LONG_LINE'"


def print_test_notebook(path: Path) -> Path:
    """A small notebook with what printing gets wrong: a long code line, a folded answer, widgets, a figure."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Print test\n\n<details><summary>One possible answer</summary>\n\n"
                                      "FOLDED_ANSWER_TEXT is printed too.\n\n</details>"),
        nbformat.v4.new_code_cell(LONG_LINE + "\nprint(label[-20:])"),
        nbformat.v4.new_code_cell("import ipywidgets as w\nw.VBox([w.HTML('WIDGET_STATE_TEXT'), "
                                  "w.Dropdown(options=['DROPDOWN_CHOICE'], description='Pick')])"),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                  "fig, ax = plt.subplots(figsize=(4, 2)); ax.plot([1, 3, 2]); plt.show()"),
    ]
    nbformat.write(nb, path)
    return path


@needs_chromium
def test_notebook_handout_prints_widgets_folded_answers_figures_and_whole_code_lines(tmp_path):
    source = print_test_notebook(tmp_path / "print_test.ipynb")
    out = tmp_path / "out"
    out.mkdir()
    make_handouts.copy_vendored(out)
    make_handouts.build_notebook_file(source, out)
    html = out / "print_test.html"
    page = html.read_text(encoding="utf-8")
    assert make_handouts.network_loads(page) == []
    assert 'src="widget_js/require.js"' in page and (out / "widget_js" / "embed-amd.js").exists()
    assert "<details open" in page
    dom = make_handouts.rendered_dom(html)
    assert make_handouts.drawn_widgets(dom) == 1  # the VBox view, drawn from the saved widget state
    pdf = out / "print_test.pdf"
    text = flat(" ".join(pdf_text(pdf)))
    assert "WIDGET_STATE_TEXT" in text
    assert "FOLDED_ANSWER_TEXT" in text
    assert "END_OF_THE_LONG_LINE" in text.replace(" ", "")
    assert text_rows(pdf, "word") >= 3  # the 300-character line is wrapped onto several lines, not cut
    from pypdf import PdfReader

    assert sum(len(p.images) for p in PdfReader(str(pdf)).pages) >= 1  # the figure


def test_every_course_notebook_gets_a_handout():
    stems = [Path(e["file"]).stem for e in make_handouts.course()]
    assert stems[0] == "00_start_here" and len(stems) == len(set(stems)) >= 7


# --- slides -------------------------------------------------------------------------------------------

def test_reveal_js_is_vendored_unchanged():
    target = make_handouts.REVEAL_JS
    manifest = (target / "VENDORED.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in manifest if line and not line.startswith("#")] == vendor_widget_js.manifest_lines(target)
    assert (target / "dist" / "reveal.js").exists() and (target / "dist" / "theme" / "white.css").exists()


def test_slide_decks_are_short_and_hide_no_learner_answers():
    decks = sorted(make_handouts.SLIDES_SRC.glob("*.ipynb"))
    assert len(decks) >= 2
    for deck in decks:
        nb = nbformat.read(deck, as_version=4)
        slides = [c for c in nb.cells if c.metadata.get("slideshow", {}).get("slide_type") == "slide"]
        assert 4 <= len(slides) <= 12, deck.name
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit decks without outputs"


@needs_chromium
@pytest.mark.skipif(importlib.util.find_spec("PIL") is None, reason="needs Pillow")
def test_a_deck_builds_offline_and_shows_at_1280(tmp_path):
    from PIL import Image

    make_handouts.copy_vendored(tmp_path)
    make_handouts.copy_reveal(tmp_path)
    deck = sorted(make_handouts.SLIDES_SRC.glob("*.ipynb"))[0]
    make_handouts.build_slides(deck, tmp_path)
    html = (tmp_path / f"{deck.stem}.slides.html").read_text(encoding="utf-8")
    assert make_handouts.network_loads(html) == []
    assert 'href="reveal.js/dist/reveal.css"' in html and (tmp_path / "reveal.js" / "dist" / "reveal.css").exists()
    assert "import helpers" not in html  # code hidden on the projector
    png = Image.open(tmp_path / f"{deck.stem}.1280x720.png").convert("L")
    assert png.size == (1280, 720)
    dark = sum(1 for value in png.tobytes() if value < 100)
    assert dark > 2000  # the title slide's text was drawn, with reveal.js's own font and layout
