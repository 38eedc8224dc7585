"""Turn source ids (S04;S11) into citations a learner can follow.

Every row in the dataset cites sources by id. These functions resolve ids to references, so any
claim, tie or event shown in a notebook can be traced back to where it came from.
"""

from __future__ import annotations

import pandas as pd

from .safe_text import escape_markdown, markdown_link
from .suggest import did_you_mean


def split_ids(source_ids: str) -> list[str]:
    """'S04;S11' -> ['S04', 'S11'] (empty string -> [])."""
    return [s.strip() for s in str(source_ids).split(";") if s.strip()]


def _rows(ds, ids) -> pd.DataFrame:
    if isinstance(ids, str):
        ids = split_ids(ids)
    ids = list(dict.fromkeys(ids))
    known = set(ds.sources["id"])
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(f"unknown source id {unknown[0]!r}; {did_you_mean(unknown[0], known)}")
    return ds.sources.set_index("id").loc[ids].reset_index()


def short_name(source) -> str:
    """How a source is named in a short citation: its author, else its publisher, else its title."""
    return source.author or source.publisher or source.title


def cite(ds, ids, lang: str = "en") -> str:
    """Short inline citation, e.g. '[S04 PA-X Peace Agreements Database; S11 ...]'."""
    rows = _rows(ds, ids)
    parts = [f"{r.id} {short_name(r)}" for r in rows.itertuples()]
    return "[" + "; ".join(parts) + "]"


def sources_table(ds, ids, lang: str = "en") -> pd.DataFrame:
    """Full references for the given ids: id, reference, type, perspective and reliability note."""
    rows = _rows(ds, ids)
    return pd.DataFrame({
        "id": rows["id"],
        "reference": [_reference(r) for r in rows.itertuples()],
        "type": rows["type"],
        "perspective": rows["perspective"],
        "reliability": rows[f"reliability_{lang}"],
    })


def source_list_markdown(ds, ids, lang: str = "en") -> str:
    """A Markdown bullet list of full references (for a notebook's 'Sources used' section).

    The data may come from a lecturer's copy, so every text is escaped (no live HTML, no Markdown
    tricks) and only http(s) or relative URLs become links.
    """
    rows = _rows(ds, sorted(set(split_ids(ids) if isinstance(ids, str) else ids)))
    return "\n".join(f"- **{escape_markdown(r.id, True)}** {_reference_markdown(r)} "
                     f"({escape_markdown(r.perspective, True)})" for r in rows.itertuples())


def _reference(r) -> str:
    year = "" if pd.isna(r.year) else f" ({r.year})"
    head = ", ".join(p for p in (r.author, f"*{r.title}*", r.publisher) if p)
    return f"{head}{year}" + (f". {r.url}" if r.url else "")


def _reference_markdown(r) -> str:
    """`_reference` as escaped Markdown: the title in italics, the URL a link only when safe."""
    year = "" if pd.isna(r.year) else f" ({escape_markdown(r.year, True)})"
    title = f"*{escape_markdown(r.title, True)}*" if r.title else ""
    head = ", ".join(p for p in (escape_markdown(r.author, True), title, escape_markdown(r.publisher, True)) if p)
    return f"{head}{year}" + (f". {markdown_link(r.url, r.url)}" if r.url else "")


SOURCE_ID = r"\bS\d{2}[a-z]?\b"


def cited_ids(notebook_file) -> list[str]:
    """Every source id (S04, S62a...) cited in a notebook's Markdown cells, sorted."""
    import json
    import re
    from pathlib import Path

    cells = json.loads(Path(notebook_file).read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return sorted(set(re.findall(SOURCE_ID, text)))


def sources_used(notebook_file, ds=None, lang: str = "en"):
    """Show the full reference of every source the notebook cites (for its 'Sources used' section).

    The list is read from the notebook's own text, so it can never miss a citation.
    """
    from IPython.display import Markdown

    from .dataset import shared_dataset

    return Markdown(source_list_markdown(shared_dataset(ds), cited_ids(notebook_file), lang))
