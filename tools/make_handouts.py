"""Build the printable handouts and the projector decks of the instructor kit, with no network.

    python tools/make_handouts.py                  # everything, into build/instructors/
    python tools/make_handouts.py --only 03_signing --no-slides   # one notebook (tests use this)

What it makes (build/instructors/, not committed):
- handouts/<notebook>.html and .pdf for every notebook of notebooks/course.json: the notebook run
  in a fresh kernel (journal in a temporary folder), every output kept, widgets drawn from their
  saved state by the vendored widget JavaScript (site/widget_js), folded <details> opened, long
  code lines wrapped; the PDF printed by the Debian Chromium (headless, A4);
- handouts/protocol_one_page.html and .pdf: the protocol on one A4 page (clause summary,
  signatories by day, timeline of 4-12 May, loaded terms), written from data/ with sources cited;
- slides/<deck>.slides.html: reveal.js decks from instructors/slides/*.ipynb (reveal.js vendored
  in instructors/slides/vendor/reveal.js), and a PNG of the first slide at 1280 x 720.
A line per artifact gives its size and build time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "build" / "instructors"
WIDGET_JS = ROOT / "site" / "widget_js"
REVEAL_JS = ROOT / "instructors" / "slides" / "vendor" / "reveal.js"
SLIDES_SRC = ROOT / "instructors" / "slides"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
KERNEL_TIMEOUT = 300

# Printing: A4, every folded block open, code wrapped instead of cut at the page edge, no
# prompts eating width, images never wider than the page, widget boxes not cut between pages.
PRINT_CSS = """
<style id="handout-print">
@page { size: A4; margin: 14mm 12mm; }
body { font-size: 10.5pt; }
details > summary { font-weight: bold; }
pre, code, .jp-InputArea-editor pre, .highlight pre { white-space: pre-wrap !important;
  overflow-wrap: anywhere; word-break: break-word; }
.jp-InputArea-editor, .jp-OutputArea-output pre { overflow: visible !important; }
img, svg, canvas { max-width: 100% !important; height: auto; }
.jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
.jp-InputArea, .jp-OutputArea-child { display: block !important; }
.jp-OutputArea-output, .widget-subarea { max-width: 100%; overflow: visible !important; }
img, .widget-button, .widget-radio-box label { break-inside: avoid-page; }
.widget-textarea textarea, textarea { white-space: pre-wrap; height: auto !important; min-height: 4em; }
.widget-html-content, .widget-label { white-space: normal !important; }
.jupyter-widgets, .widget-html-content, .widget-label, .widget-inline-hbox, .widget-toggle-button,
.widget-radio-box, .widget-dropdown select, .widget-button { font-family: system-ui, "DejaVu Sans", sans-serif; }
.dataframe td, .dataframe th { text-align: left !important; vertical-align: top; }
.widget-tab > .p-TabBar, .widget-tab > .lm-TabBar { display: none; }
.widget-tab-contents > * { display: block !important; }
</style>
<script>
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
</script>
"""
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MATHJAX_STUB = ("<script>window.MathJax = {Hub: {getAllJax: function () { return false; }, "
                "Rerender: function () {}}};</script>")
# projector: big type, figures fit the slide, tables readable
SLIDES_CSS = """<style id="projector">
.reveal { font-size: 34px; } .reveal h1 { font-size: 1.9em; } .reveal h2 { font-size: 1.35em; }
.reveal img { max-height: 620px; max-width: 100%; }
.reveal table { font-size: 0.7em; } .reveal table td, .reveal table th { text-align: left !important; }
.reveal .jp-OutputArea-output pre { font-size: 0.55em; }
</style>"""
NETWORK = re.compile(r"""<(script|link|img)\b[^>]*\b(src|href)\s*=\s*["'](https?:)?//""", re.I)


def course() -> list[dict]:
    return json.loads((ROOT / "notebooks" / "course.json").read_text(encoding="utf-8"))


def _report(path: Path, started: float) -> str:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    line = f"{name}: {path.stat().st_size / 1024:.0f} kB, {time.monotonic() - started:.1f} s"
    print(line, flush=True)
    return line


# --- notebooks -> HTML -> PDF ------------------------------------------------------------------------

def execute(path: Path):
    """The notebook run top to bottom in a fresh kernel (journal in a temporary folder), widget state kept."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="handout-journal-") as journal:
        saved = {k: os.environ.get(k) for k in ("BISHKEK_JOURNAL_DIR", "BISHKEK_LANG", "MPLBACKEND")}
        os.environ.pop("MPLBACKEND", None)  # the kernel picks the inline backend, so plt.show() figures print
        os.environ.update(BISHKEK_JOURNAL_DIR=journal, BISHKEK_LANG="en")
        try:
            NotebookClient(nb, timeout=KERNEL_TIMEOUT, kernel_name="python3", store_widget_state=True,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return nb


def widget_views(nb) -> list[str]:
    """The model ids of every widget view among the notebook's outputs."""
    ids = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                ids.append(view["model_id"])
    return ids


def copy_vendored(out: Path) -> None:
    """The widget JavaScript next to the pages (so the folder works on its own, offline)."""
    target = out / "widget_js"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(WIDGET_JS, target)


def to_html(nb, title: str, widget_prefix: str = "widget_js") -> str:
    """Lab-template HTML loading the vendored widget JavaScript, print CSS added, no CDN."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", require_js_url=f"{widget_prefix}/require.js",
                            widget_renderer_url=f"{widget_prefix}/embed-amd.js")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return finish_html(body)


def finish_html(body: str) -> str:
    body = MATHJAX.sub("", body)  # the course has no formulas; MathJax would come from a CDN
    body = body.replace("<details", "<details open")
    return body.replace("</head>", PRINT_CSS + "</head>", 1)


def network_loads(html: str) -> list[str]:
    """Scripts, stylesheets or images the page would fetch from the network (should be none)."""
    return [m.group(0)[:100] for m in NETWORK.finditer(html)]


def chromium(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="handout-chromium-") as profile:
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-quic", f"--user-data-dir={profile}", "--allow-file-access-from-files", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def print_pdf(html: Path, pdf: Path, budget_ms: int = 15000) -> Path:
    """Chromium prints the page (scripts run first, within `budget_ms` of virtual time)."""
    if pdf.exists():
        pdf.unlink()
    result = chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", f"--virtual-time-budget={budget_ms}",
                      html.resolve().as_uri())
    if not pdf.exists():
        raise RuntimeError(f"chromium printed no PDF for {html}: {result.stderr[-500:]}")
    return pdf


def rendered_dom(html: Path, budget_ms: int = 15000) -> str:
    """The page's DOM after its scripts ran (what gets printed)."""
    return chromium("--dump-dom", f"--virtual-time-budget={budget_ms}", html.resolve().as_uri()).stdout


def drawn_widgets(dom: str) -> int:
    """How many widget views the widget JavaScript drew in a page (one .widget-subarea each)."""
    return len(re.findall(r'class="[^"]*\bwidget-subarea\b', dom))


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def build_notebook(entry: dict, out: Path) -> list[str]:
    return build_notebook_file(ROOT / "notebooks" / entry["file"], out, entry.get("title_en"))


def build_notebook_file(source: Path, out: Path, title: str | None = None) -> list[str]:
    """<stem>.html and <stem>.pdf of one notebook, run first; returns the report lines."""
    started = time.monotonic()
    stem = source.stem
    nb = execute(source)
    html = out / f"{stem}.html"
    page = to_html(nb, title or stem)
    problems = network_loads(page)
    if problems:
        raise RuntimeError(f"{html.name} would load from the network: {problems}")
    html.write_text(page, encoding="utf-8")
    lines = [_report(html, started)]
    started = time.monotonic()
    pdf = print_pdf(html, out / f"{stem}.pdf")
    views, drawn = len(widget_views(nb)), drawn_widgets(rendered_dom(html))
    lines.append(_report(pdf, started) + f", {pdf_pages(pdf)} pages, {drawn} of {views} widget views drawn")
    if drawn < views:
        raise RuntimeError(f"{html.name}: only {drawn} of {views} widget views were drawn from the saved state")
    return lines


# --- the one-page protocol handout --------------------------------------------------------------------

def protocol_facts(ds=None) -> dict:
    """What the one-page handout says, taken from data/: clauses, signatures by day, 4-12 May, loaded terms."""
    import pandas as pd

    from helpers import load_dataset

    ds = ds if ds is not None else load_dataset()
    actors = ds.actors.set_index("id")
    clauses = [{"id": r.id, "label": _clause_label(r), "sources": r.source_ids,
                "text": _first_sentence(r.summary_en, 2 if r.part == "opening" else 1)}
               for r in ds.protocol.itertuples()]
    signed = ds.relations[(ds.relations["type"] == "signed") & (ds.relations["target"] == "doc_bishkek_protocol")]
    days = []
    for date, group in signed.sort_values(["date", "id"]).groupby("date", sort=True):
        people = [{"name": actors.loc[r.source, "label_en"] if r.source in actors.index else r.source,
                   "place": r.place_en, "as": _signed_as(r.note_en), "certainty": r.certainty, "sources": r.source_ids}
                  for r in group.itertuples()]
        days.append({"date": pd.Timestamp(date), "signatures": people})
    events = ds.events
    start, end = pd.Timestamp("1994-05-04"), pd.Timestamp("1994-05-12")
    window = events[(pd.to_datetime(events["date"]) >= start) & (pd.to_datetime(events["date"]) <= end)
                    & (events["precision"] == "day")]
    timeline = [{"date": pd.Timestamp(r.date), "date_end": r.date_end, "title": r.title_en, "place": r.place_en,
                 "sources": r.source_ids} for r in window.sort_values(["date", "id"]).itertuples()]
    glossary = ds.glossary
    loaded = glossary[glossary["loaded"].astype(str).str.lower() == "true"]
    terms = [{"term": r.term_en, "note": str(r.usage_note_en or _enough(r.definition_en)), "sources": r.source_ids}
             for r in loaded.itertuples()]
    return {"clauses": clauses, "days": days, "timeline": timeline, "terms": terms}


def _clause_label(row) -> str:
    if row.part == "clause":
        return f"Clause {int(float(row.dash_item))}"
    if row.part == "amendment":
        return f"Amendment {row.id.rsplit('_', 1)[-1]} ({row.amends.replace('_', ' ')})"
    return str(row.part).capitalize()


SENTENCE_END = re.compile(r"(?<=[a-z0-9)'\"\u201d])[.!?](?=\s+[A-Z(]|\s*$)")


def _first_sentence(text, sentences: int = 1) -> str:
    """The first sentence(s) of a text ('V. Shumeyko' and '(S04).' do not end one)."""
    text = "" if text is None or isinstance(text, float) else str(text).strip()
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    return text[:ends[sentences - 1]] if len(ends) >= sentences else text


def _enough(text, chars: int = 90) -> str:
    """Sentences from the start until there are at least `chars` characters ('Used by both.' alone says little)."""
    n, found = 1, _first_sentence(text)
    while len(found) < chars and _first_sentence(text, n + 1) != found:
        n, found = n + 1, _first_sentence(text, n + 1)
    return found


def _signed_as(note) -> str:
    """'for Nagorno-Karabakh' or 'as a third party (IPA Council)', from a signature's note."""
    match = re.search(r"on \d+ May (for [^:;,]+|as [^:;]+?)(:|;|$)", str(note or ""))
    return match.group(1) if match else ""


def _day(stamp) -> str:
    return f"{stamp.day} {stamp.strftime('%B')} {stamp.year}"


def protocol_handout_html(ds=None) -> str:
    """The one-page handout as HTML (every fact and term escaped, every line citing its sources)."""
    from helpers.citations import split_ids
    from helpers.ui import esc

    ds_given = ds
    facts = protocol_facts(ds_given)
    from helpers import load_dataset

    ds = ds_given if ds_given is not None else load_dataset()
    cited: list[str] = []

    def cite(ids) -> str:
        ids = split_ids(ids)
        for sid in ids:
            if sid not in cited:
                cited.append(sid)
        return f' <span class="src">[{esc(", ".join(ids))}]</span>'

    clauses = "".join(f"<li><b>{esc(c['label'])}.</b> {esc(c['text'])}{cite(c['sources'])}</li>"
                      for c in facts["clauses"])
    days = "".join(
        f"<li><b>{esc(_day(d['date']))}, {esc(d['signatures'][0]['place'])}:</b> "
        + "; ".join(esc(s["name"]) + (f" ({esc(s['as'])})" if s["as"] else "")
                    + (f" ({esc(s['certainty'])})" if s["certainty"] != "certain" else "")
                    + cite(s["sources"]) for s in d["signatures"]) + "</li>" for d in facts["days"])
    timeline = "".join(f"<li><b>{esc(e['date'].day)} May</b> {esc(e['title'])}{cite(e['sources'])}</li>"
                       for e in facts["timeline"])
    terms = "".join(f"<li><b>{esc(g['term'])}</b>: {esc(g['note'])}{cite(g['sources'])}</li>" for g in facts["terms"])
    sources = ds.sources.set_index("id")
    source_items = "; ".join(
        f"<b>{esc(sid)}</b> {esc(_shorten(sources.loc[sid, 'author'], 26))}{_year(sources.loc[sid, 'year'])}"
        if sid in sources.index else esc(sid) for sid in sorted(cited, key=_sid_key))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The Bishkek Protocol (May 1994) on one page</title>
<style>
@page {{ size: A4; margin: 7mm 8mm; }}
body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 6.6pt; line-height: 1.18; margin: 0; color: #111; }}
h1 {{ font-size: 11pt; margin: 0 0 1mm; }} h2 {{ font-size: 7.6pt; margin: 1.4mm 0 0.6mm; border-bottom: 0.3pt solid #888; }}
p {{ margin: 0.5mm 0; }} ul {{ margin: 0; padding-left: 3mm; }} li {{ margin: 0 0 0.35mm; }}
.cols {{ column-count: 2; column-gap: 4mm; }} h2 {{ break-after: avoid; }}
.src {{ color: #444; font-size: 5.6pt; }} .sources {{ font-size: 5.4pt; color: #333; margin-top: 1mm; }}
</style></head><body>
<h1>The Bishkek Protocol (May 1994) on one page</h1>
<p>A summary in our own words, generated from the module's data (data/*.csv); every line cites its
sources by id (list at the bottom). Where sources disagree, the data marks it (e.g. "disputed").
Loaded terms: the module's own voice avoids them; see who uses them and who objects.</p>
<div class="cols">
<section><h2>What the protocol says (clause summary)</h2><ul>{clauses}</ul></section>
<section><h2>Who signed the protocol, day by day</h2><ul>{days}</ul></section>
<section><h2>Timeline, 4-12 May 1994</h2><ul>{timeline}</ul></section>
<section><h2>Loaded terms (glossary)</h2><ul>{terms}</ul></section>
</div>
<p class="sources"><b>Sources:</b> {source_items}. Full references: data/sources.csv.</p>
</body></html>
"""


def _escape(text) -> str:
    from helpers.ui import esc

    return esc(text)


def _year(value) -> str:
    from helpers.ui import esc

    text = "" if value is None or str(value) in ("", "nan", "<NA>", "None") else str(value)
    return f" ({esc(text)})" if text else ""


def _sid_key(sid: str):
    match = re.match(r"S(\d+)(\w*)", sid)
    return (int(match.group(1)), match.group(2)) if match else (10**6, sid)


def _shorten(text, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_protocol_handout(out: Path) -> list[str]:
    started = time.monotonic()
    html = out / "protocol_one_page.html"
    html.write_text(protocol_handout_html(), encoding="utf-8")
    pdf = print_pdf(html, out / "protocol_one_page.pdf", budget_ms=2000)
    return [_report(html, started), _report(pdf, started) + f", {pdf_pages(pdf)} page(s)"]


# --- slides ------------------------------------------------------------------------------------------

def build_slides(deck: Path, out: Path) -> list[str]:
    """One reveal.js deck from a slides notebook: executed, code hidden, reveal.js from vendor/."""
    from nbconvert import SlidesExporter

    started = time.monotonic()
    nb = execute(deck)
    exporter = SlidesExporter(reveal_url_prefix="reveal.js", reveal_theme="white", exclude_input=True,
                              exclude_input_prompt=True, exclude_output_prompt=True,
                              require_js_url="widget_js/require.js", widget_renderer_url="widget_js/embed-amd.js",
                              jquery_url="NO-JQUERY")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": deck.stem}})
    # no formulas and no scrolling slides: neither MathJax nor jQuery is needed (both come from CDNs);
    # a stub keeps the template's slide-change handler, which asks MathJax, from failing
    body = MATHJAX.sub(MATHJAX_STUB, body).replace('<script src="NO-JQUERY"></script>', "")
    body = body.replace("</head>", SLIDES_CSS + "</head>", 1)
    problems = network_loads(body)
    if problems:
        raise RuntimeError(f"{deck.name} would load from the network: {problems}")
    html = out / f"{deck.stem}.slides.html"
    html.write_text(body, encoding="utf-8")
    lines = [_report(html, started)]
    started = time.monotonic()
    png = out / f"{deck.stem}.1280x720.png"
    chromium(f"--screenshot={png}", "--window-size=1280,720", "--virtual-time-budget=8000", html.resolve().as_uri())
    if png.exists():
        lines.append(_report(png, started))
    return lines


def copy_reveal(out: Path) -> None:
    target = out / "reveal.js"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REVEAL_JS, target)


# --- all ---------------------------------------------------------------------------------------------

def build(out: Path = OUT, only: list[str] | None = None, slides: bool = True, notebooks: bool = True,
          protocol: bool = True) -> list[str]:
    handouts = out / "handouts"
    handouts.mkdir(parents=True, exist_ok=True)
    copy_vendored(handouts)
    lines = []
    if protocol:
        lines += build_protocol_handout(handouts)
    if notebooks:
        for entry in course():
            if only and Path(entry["file"]).stem not in only:
                continue
            lines += build_notebook(entry, handouts)
    if slides:
        deck_out = out / "slides"
        deck_out.mkdir(parents=True, exist_ok=True)
        copy_vendored(deck_out)
        copy_reveal(deck_out)
        for deck in sorted(SLIDES_SRC.glob("*.ipynb")):
            lines += build_slides(deck, deck_out)
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUT)
    parser.add_argument("--only", nargs="*", help="notebook stems to build (default: all of course.json)")
    parser.add_argument("--no-slides", action="store_true")
    parser.add_argument("--no-notebooks", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    lines = build(args.output, args.only, slides=not args.no_slides, notebooks=not args.no_notebooks)
    print(f"instructor handouts and slides: {len(lines)} artifacts in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
