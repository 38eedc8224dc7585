"""Turn source ids (S04;S11) into citations a learner can follow.

Every row in the dataset cites sources by id. These functions resolve ids to references, so any
claim, tie or event shown in a notebook can be traced back to where it came from.
"""

from __future__ import annotations

import pandas as pd

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


def cite(ds, ids, lang: str = "en") -> str:
    """Short inline citation, e.g. '[S04 PA-X Peace Agreements Database; S11 ...]'."""
    rows = _rows(ds, ids)
    parts = [f"{r.id} {r.author or r.publisher or r.title}" for r in rows.itertuples()]
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
    """A Markdown bullet list of full references (for a notebook's 'Sources used' section)."""
    rows = _rows(ds, sorted(set(split_ids(ids) if isinstance(ids, str) else ids)))
    return "\n".join(f"- **{r.id}** {_reference(r)} ({r.perspective})" for r in rows.itertuples())


def _reference(r) -> str:
    year = "" if pd.isna(r.year) else f" ({r.year})"
    head = ", ".join(p for p in (r.author, f"*{r.title}*", r.publisher) if p)
    return f"{head}{year}" + (f". {r.url}" if r.url else "")
