"""What a learner sees in the Spanish edition is Spanish: no English interface text in the executed outputs.

Each notebooks/es notebook runs in a fresh kernel (nbclient, from notebooks/es like JupyterLab runs it, widget
state stored); the visible text of every output (text, HTML, Markdown, and the widgets' descriptions, values,
options, tooltips and placeholders) is searched for every English interface string of
src/helpers/strings/en.json that differs from its Spanish value. Two things are allowed to stay in their own
language: the sources' own bibliographic words (author, title, publisher in data/sources.csv: a reference
quotes them as published) and the language switch's tooltip for English, which is written in English on purpose
(each language offers itself in its own words).
"""

import csv
import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
ES_DIR = ROOT / "notebooks" / "es"
STRINGS = ROOT / "src" / "helpers" / "strings"
NAMES = sorted(p.name for p in ES_DIR.glob("*.ipynb"))
OWN_LANGUAGE_KEYS = {"session.language_tip"}  # "Show the widgets in English" on the English button
WIDGET_TEXT_KEYS = ("description", "value", "placeholder", "tooltip", "tooltips", "_options_labels", "button_style")


def visible(text: str) -> str:
    """Text without HTML tags and entities, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def english_interface_fragments() -> dict[str, str]:
    """Fragment -> key: the English strings that differ from the Spanish, cut at {placeholders}.

    Only fragments of three words or more are kept, so that a name or a one-word label shared by both
    languages cannot be mistaken for untranslated text.
    """
    en = json.loads((STRINGS / "en.json").read_text(encoding="utf-8"))
    es = json.loads((STRINGS / "es.json").read_text(encoding="utf-8"))
    fragments = {}
    for key, text in en.items():
        if es.get(key) == text or key in OWN_LANGUAGE_KEYS:
            continue
        for part in re.split(r"\{[^}]*\}", visible(text)):
            part = part.strip(" .,:;()-–")
            if len(part.split()) >= 3 and part not in visible(es.get(key, "")):
                fragments[part] = key
    return fragments


def without_references(text: str) -> str:
    """The text with every source's own author, title and publisher removed (they are quoted as published)."""
    with open(ROOT / "data" / "sources.csv", encoding="utf-8") as f:
        words = {visible(row[field]) for row in csv.DictReader(f) for field in ("author", "title", "publisher")}
    for word in sorted((w for w in words if len(w) > 3), key=len, reverse=True):
        text = text.replace(word, " ")
    return text


def output_text(nb) -> str:
    pieces = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            pieces.append(out.get("text", ""))
            for mime, data in out.get("data", {}).items():
                if mime.startswith("text/") or mime == "application/json":
                    pieces.append(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model in state.values():
        for key in WIDGET_TEXT_KEYS:
            value = model.get("state", {}).get(key)
            if isinstance(value, str):
                pieces.append(value)
            elif isinstance(value, list):
                pieces += [v for v in value if isinstance(v, str)]
    return visible("\n".join(pieces))


def test_the_english_fragments_are_found_when_present():
    """The scan itself: an English interface string in an output is reported, its Spanish is not."""
    fragments = english_interface_fragments()
    assert len(fragments) > 50
    en = json.loads((STRINGS / "en.json").read_text(encoding="utf-8"))
    es = json.loads((STRINGS / "es.json").read_text(encoding="utf-8"))
    key = next(k for k in fragments.values())
    fake = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": f"<b>{en[key]}</b>"})])])
    assert any(f in output_text(fake) for f in fragments)
    fake.cells[0].outputs[0]["data"]["text/html"] = f"<b>{es[key]}</b>"
    assert not any(f in output_text(fake) for f, k in fragments.items() if k == key)


@pytest.mark.parametrize("name", NAMES)
def test_spanish_outputs_have_no_english_interface_text(name, tmp_path, monkeypatch):
    monkeypatch.setenv("BISHKEK_JOURNAL_DIR", str(tmp_path / "journal"))  # a fresh learner: no remembered language
    nb = nbformat.read(ES_DIR / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(ES_DIR)}}).execute()
    text = without_references(output_text(nb))
    assert len(text) > 200, "the notebook showed almost nothing: nothing was checked"
    found = sorted({f"{key}: {fragment!r}" for fragment, key in english_interface_fragments().items()
                    if fragment in text})
    assert found == [], f"English interface text in notebooks/es/{name}:\n- " + "\n- ".join(found)
