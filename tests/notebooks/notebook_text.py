"""Shared test utilities: read a notebook's cells and find the sentence that states a fact.

Facts the notebooks teach are tested against the dataset AND against the sentence that states
them, so the text and the data cannot drift apart. The sentence is found by the cell's id (stable
in nbformat 4.5) and a phrase it contains:

    text = sentence("01_context.ipynb", "01-007", "regional council")
    assert event_date(ds, "ev_nkao_vote_1988") in text
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

NB_DIR = Path(__file__).resolve().parents[2] / "notebooks"
TRY_IT_TAG = "try-it"


@lru_cache(maxsize=32)
def _load(name: str, stamp: int) -> dict:
    return json.loads((NB_DIR / name).read_text(encoding="utf-8"))


def load(name: str) -> dict:
    """The notebook `name` (e.g. "01_context.ipynb") as a dict (re-read when the file changes)."""
    return _load(name, (NB_DIR / name).stat().st_mtime_ns)


def source(cell: dict) -> str:
    return "".join(cell["source"])


def cells(name: str, kind: str | None = None) -> list[dict]:
    """The notebook's cells, or only those of `kind` ("markdown" or "code")."""
    return [c for c in load(name)["cells"] if kind is None or c["cell_type"] == kind]


def cell(name: str, cell_id: str) -> dict:
    """The cell with id `cell_id`; a KeyError lists the ids when there is none."""
    for c in cells(name):
        if c.get("id") == cell_id:
            return c
    raise KeyError(f"{name} has no cell {cell_id!r} (ids: {[c.get('id') for c in cells(name)]})")


def markdown(name: str) -> str:
    """All Markdown of the notebook, cells joined by newlines."""
    return "\n".join(source(c) for c in cells(name, "markdown"))


def plain(text: str) -> str:
    """Markdown reduced to plain words: no emphasis marks, line breaks joined, spaces single."""
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def sentences(text: str) -> list[str]:
    """`text` (plain) split into sentences at '.', '?', '!' or ':' followed by a space and a capital,
    a quotation mark or a bracket, and at line-leading list marks."""
    text = plain(re.sub(r"(?m)^\s*(?:[-*]|\d+\.)\s+", "\n\n", text))
    parts = re.split(r"(?<=[.?!])\s+(?=[A-Z\"'(\[])|\n\n", text)
    return [p.strip() for p in parts if p.strip()]


def sentence(name: str, cell_id: str, phrase: str) -> str:
    """The one sentence of Markdown cell `cell_id` that contains `phrase` (plain text, no emphasis).
    Fails clearly when the phrase is gone or ambiguous, so a rewrite of the text shows up here."""
    text = source(cell(name, cell_id))
    found = [s for s in sentences(text) if phrase in s]
    if not found:
        raise AssertionError(f"{name} cell {cell_id}: no sentence contains {phrase!r}")
    if len(found) > 1:
        raise AssertionError(f"{name} cell {cell_id}: {len(found)} sentences contain {phrase!r}: {found}")
    return found[0]


def is_try_it(name: str, index: int) -> bool:
    """True for an optional code cell: tagged "try-it", or right under a Markdown heading "Try it"."""
    all_cells = cells(name)
    c = all_cells[index]
    if TRY_IT_TAG in c.get("metadata", {}).get("tags", []):
        return True
    before = next((all_cells[i] for i in range(index - 1, -1, -1) if all_cells[i]["cell_type"] == "markdown"), None)
    return before is not None and re.search(r"^#+ Try it", source(before), re.M) is not None


def code_lines(c: dict) -> list[str]:
    """The non-blank lines of a code cell."""
    return [line for line in source(c).splitlines() if line.strip()]
