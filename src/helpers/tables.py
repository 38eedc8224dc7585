"""Tidy tables for learners: human column headers, names not ids, and no index column.

The notebooks show tables that a history student reads like a page of a book. `tidy()` renames a
DataFrame's columns to headers from the strings files (English or Spanish) and returns a `Table`:
a pandas DataFrame that displays without the row numbers (the "index") pandas adds, and with long
texts in full. It is still a DataFrame, so `sort_values`, filtering and tests work as usual.
"""

from __future__ import annotations

import pandas as pd

from .strings import resolve_language, t


class Table(pd.DataFrame):
    """A DataFrame shown without its index and with long texts in full."""

    @property
    def _constructor(self):
        return Table

    def _repr_html_(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return self.to_html(index=False, na_rep="", max_rows=pd.get_option("display.max_rows") or 200,
                                classes="bishkek-table", border=0)

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return self.to_string(index=False, na_rep="")


def header(key: str, lang: str | None = None) -> str:
    """The learner-facing header for column `key` ('Sources', 'Signed by', ...)."""
    return t(f"table.{key}", lang)


def tidy(frame: pd.DataFrame, columns: dict[str, str], lang: str | None = None) -> Table:
    """Keep `columns` (data column -> header key, in that order), rename them to human headers."""
    lang = resolve_language(lang)
    out = frame.loc[:, list(columns)].reset_index(drop=True)
    out.columns = [header(key, lang) for key in columns.values()]
    return Table(out)


def day(value) -> str:
    """A date as '1994-05-05' ('' when missing), for tables that sort and compare well."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")
