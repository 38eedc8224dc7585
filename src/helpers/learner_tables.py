"""Rename a DataFrame's machine columns to the human headers a learner reads (notebooks 03-06).

The metrics, disagreement and interpretation helpers return tables with machine column names
(`source_ids`, `only_path_pairs`, `actor_id`) that tests and other helpers rely on. `tidy_frame`
keeps the columns a notebook shows, in order, renames them to headers from the strings files
(`table.*`, English and Spanish) and returns a `Table` (shown without an index column). Source id
lists are shown as "S05, S06", as everywhere else in the module.
"""

from __future__ import annotations

import pandas as pd

from .strings import resolve_language, t
from .tables import Table, sources_cell


def header(key: str, lang: str | None = None) -> str:
    """The learner-facing header for column `key` ('Sources', 'Signed by', ...)."""
    return t(f"table.{key}", lang)


def tidy_frame(frame: pd.DataFrame, columns: dict[str, str], lang: str | None = None) -> Table:
    """Keep `columns` (data column -> header key, in that order) and rename them to human headers."""
    lang = resolve_language(lang)
    out = frame.loc[:, list(columns)].reset_index(drop=True)
    for column, key in columns.items():
        if key == "sources":
            out[column] = [sources_cell(x) if isinstance(x, str) else "" for x in out[column]]
    out.columns = [header(key, lang) for key in columns.values()]
    return Table(out)


class Tables:
    """Several tables shown one after another (e.g. the answer a predict-then-reveal box shows)."""

    def __init__(self, *tables):
        self.tables = list(tables)

    def _repr_html_(self) -> str:
        return "".join(f"<div style='margin-bottom:0.8em'>{table._repr_html_()}</div>" for table in self.tables)

    def __repr__(self) -> str:
        return "\n\n".join(repr(table) for table in self.tables)


def show_tables(*tables) -> Tables:
    """Show `tables` one after another in one output."""
    return Tables(*tables)
