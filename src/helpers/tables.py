"""Tidy tables for learners: human headers, names instead of ids, no index column.

The notebooks show data as small tables that read like a page of a book: "Date", "Person",
"Sources", never `source_ids` or a row number. Each function here answers one question a notebook
asks of the dataset (which events, which glossary terms, who was in which delegation, which ties
of a kind, who sits between the delegations) and returns a `Table`: a pandas DataFrame that shows
itself without its index. Tests use the same functions, so a notebook's table and the facts tested
about it come from one place.

    events_table(ds, ["ev_unsc_822", "ev_unsc_853"])   -> Date, Event, Place, Sources
    glossary_table(ds, ["occupied_territories"])       -> Term, Loaded term?, Who uses it, Sources
    delegation_members(ds)                             -> Delegation, Person, Certainty, Sources
    ties_table(ds, types=["refused_to_sign"])          -> Date, Who, Tie, With whom, Place, Note, ...
    actors_between(ds, ["del_az", "del_am"], ...)      -> the actors tied to all of them
"""

from __future__ import annotations

import pandas as pd

from .citations import split_ids
from .dataset import shared_dataset
from .strings import has, resolve_language, t
from .suggest import did_you_mean
from .ui import format_date, format_span


class Table(pd.DataFrame):
    """A DataFrame that a notebook shows without its index column (and with long texts in full)."""

    @property
    def _constructor(self):
        return Table

    def _repr_html_(self) -> str:
        # DataFrame.to_html, not the Styler: the same table without the index, and no template
        # engine to load (the Styler's first use costs about a second in a fresh kernel). Cells are
        # HTML-escaped, and marked so that MathJax leaves a "$" in a name as a dollar sign.
        with pd.option_context("display.max_colwidth", None, "display.html.use_mathjax", False):
            return self.to_html(index=False, border=0, classes="tidy-table", na_rep="", escape=True)

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return self.to_string(index=False)


def tidy(columns: dict) -> Table:
    """A Table from {header: values}, with a fresh 0..n-1 index (never shown)."""
    return Table(pd.DataFrame(columns).reset_index(drop=True))


def sources_cell(source_ids: str) -> str:
    """'S05;S06' -> 'S05, S06' (the ids a learner finds in the notebook's "Sources used")."""
    return ", ".join(split_ids(source_ids))


def _label(key: str, value, lang: str) -> str:
    """The interface text for `key` if there is one, else the raw value (new codes in a lecturer's data)."""
    return t(key, lang) if has(key, lang) else str(value)


def _check_ids(ids, known, what: str) -> list[str]:
    """`ids` (one id or several) as a list; a KeyError with a "did you mean" hint for an unknown one."""
    ids = [ids] if isinstance(ids, str) else list(ids)
    known = list(known)
    for ident in ids:
        if ident not in known:
            hint = did_you_mean(str(ident), known)
            raise KeyError(f"no {what} {ident!r}" + (f"; {hint}" if hint else ""))
    return ids


def pick_rows(table: pd.DataFrame, ids, what: str) -> pd.DataFrame:
    """The rows of `table` whose `id` is in `ids`, in that order (unknown ids: a KeyError with a hint)."""
    ids = _check_ids(ids, table["id"], what)
    return table.set_index("id").loc[ids].reset_index()


def _actor_name(ds, actor_id, lang: str) -> str:
    try:
        return ds.actor_label(actor_id, lang)
    except KeyError:
        return str(actor_id)


def events_table(ds=None, ids=None, lang: str | None = None) -> Table:
    """The events `ids` (in that order; all events when None): Date, Event, Place, Sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    events = ds.events.set_index("id", drop=False)
    ids = list(events.index) if ids is None else _check_ids(ids, events.index, "event")
    rows = events.loc[ids] if ids else events.iloc[0:0]
    return tidy({
        t("tables.date", lang): [format_span(r.date, r.date_end, r.precision, lang) for r in rows.itertuples()],
        t("tables.event", lang): list(rows[f"title_{lang}"]),
        t("tables.place", lang): list(rows[f"place_{lang}"]),
        t("common.sources", lang): [sources_cell(s) for s in rows["source_ids"]],
    })


def glossary_table(ds=None, ids=None, lang: str | None = None) -> Table:
    """The glossary entries `ids`: Term, Loaded term?, Who uses it and who objects, Sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    glossary = ds.glossary.set_index("id", drop=False)
    ids = list(glossary.index) if ids is None else _check_ids(ids, glossary.index, "glossary entry")
    rows = glossary.loc[ids] if ids else glossary.iloc[0:0]
    yes, no = t("course.yes", lang), t("course.no", lang)
    return tidy({
        t("tables.term", lang): list(rows[f"term_{lang}"]),
        t("tables.loaded", lang): [yes if v else no for v in rows["loaded"]],
        t("tables.usage", lang): list(rows[f"usage_note_{lang}"]),
        t("common.sources", lang): [sources_cell(s) for s in rows["source_ids"]],
    })


def protocol_table(ds=None, ids=None, lang: str | None = None) -> Table:
    """Parts of the protocol as the dataset summarises them: Part, Summary, Sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    protocol = ds.protocol.set_index("id", drop=False)
    ids = list(protocol.index) if ids is None else _check_ids(ids, protocol.index, "protocol part")
    rows = protocol.loc[ids] if ids else protocol.iloc[0:0]
    return tidy({
        t("tables.part", lang): list(rows["part"]),
        t("tables.summary", lang): list(rows[f"summary_{lang}"]),
        t("common.sources", lang): [sources_cell(s) for s in rows["source_ids"]],
    })


def delegation_members(ds=None, delegations=("del_az", "del_am", "del_nk"), lang: str | None = None) -> Table:
    """Who the dataset places in each delegation ("member of" ties): Delegation, Person, Certainty,
    Sources, delegation by delegation in the order given."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    ties = ds.relations[ds.relations["type"] == "member_of"]
    rows = []
    for delegation in delegations:
        for tie in ties[ties["target"] == delegation].itertuples():
            rows.append((_actor_name(ds, delegation, lang), _actor_name(ds, tie.source, lang),
                         _label(f"certainty.{tie.certainty}", tie.certainty, lang), sources_cell(tie.source_ids)))
    headers = [t("tables.delegation", lang), t("tables.person", lang), t("tables.certainty", lang),
               t("common.sources", lang)]
    return tidy({h: [r[i] for r in rows] for i, h in enumerate(headers)})


def ties(ds=None, types=None, event=None, actors=None) -> pd.DataFrame:
    """The relations rows (ids, as in relations.csv) of the given `types`, at `event`, and touching
    every actor in `actors` (source or target); for tests and for `ties_table`."""
    ds = shared_dataset(ds)
    rows = ds.relations
    if types is not None:
        types = [types] if isinstance(types, str) else list(types)
        rows = rows[rows["type"].isin(types)]
    if event is not None:
        rows = rows[rows["event_id"] == event]
    for actor in [actors] if isinstance(actors, str) else (actors or []):
        rows = rows[(rows["source"] == actor) | (rows["target"] == actor)]
    return rows.reset_index(drop=True)


def ties_table(ds=None, types=None, event=None, actors=None, lang: str | None = None) -> Table:
    """Ties of the dataset as sentences: Date, Who, Tie, With whom, Place, Note, Certainty, Sources.
    `types` (e.g. "refused_to_sign"), `event` (an event id) and `actors` (ids that every tie must
    touch) narrow the list; see `ties` for the filters."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = ties(ds, types, event, actors)
    return tidy({
        t("tables.date", lang): [format_span(r.date, r.date_end, r.precision, lang) for r in rows.itertuples()],
        t("tables.who", lang): [_actor_name(ds, a, lang) for a in rows["source"]],
        t("tables.tie", lang): [_label(f"network.type.{v}", v, lang) for v in rows["type"]],
        t("tables.with_whom", lang): [_actor_name(ds, a, lang) for a in rows["target"]],
        t("tables.place", lang): list(rows[f"place_{lang}"]),
        t("tables.note", lang): list(rows[f"note_{lang}"]),
        t("tables.certainty", lang): [_label(f"certainty.{v}", v, lang) for v in rows["certainty"]],
        t("common.sources", lang): [sources_cell(s) for s in rows["source_ids"]],
    })


def between(ds=None, actors=("del_az", "del_am", "del_nk"), start=None, end=None, relation_types=None) -> list[str]:
    """Ids of the actors tied to every actor in `actors` in the network of `start`-`end` (only ties
    of `relation_types`, when given), sorted by name."""
    from .graph import negotiation_graph

    ds = shared_dataset(ds)
    graph = negotiation_graph(ds, start=start, end=end, relation_types=relation_types)
    present = [a for a in actors if a in graph]
    if len(present) < len(actors):
        return []
    common = set.intersection(*(set(graph[a]) for a in present)) - set(actors)
    return sorted(common, key=lambda a: (_actor_name(ds, a, "en"), a))


def actors_between(ds=None, actors=("del_az", "del_am", "del_nk"), start=None, end=None, relation_types=None,
                   lang: str | None = None) -> Table:
    """Who sits between `actors` (tied to all of them) in the network of `start`-`end`: Actor, Side, Role."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    ids = between(ds, actors, start, end, relation_types)
    people = ds.actors.set_index("id")
    return tidy({
        t("tables.actor", lang): [_actor_name(ds, a, lang) for a in ids],
        t("tables.side", lang): [_label(f"network.side.{people.at[a, 'side']}", people.at[a, "side"], lang) for a in ids],
        t("tables.role", lang): [people.at[a, f"role_{lang}"] for a in ids],
    })


def interpretations_table(ds=None, aspect=None, voice=None, lang: str | None = None) -> Table:
    """Interpretations of one `aspect` (e.g. "parties") and/or one `voice`: Voice, Year, Claim,
    Checked?, Sources, in the order of the table."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = ds.interpretations
    if aspect is not None:
        rows = rows[rows["aspect"] == aspect]
    if voice is not None:
        rows = rows[rows["voice"] == voice]
    return tidy({
        t("tables.voice", lang): [_label(f"voice.{v}", v, lang) for v in rows["voice"]],
        t("tables.year", lang): [("" if pd.isna(y) else int(y)) for y in rows["year"]],
        t("tables.claim", lang): list(rows[f"claim_{lang}"]),
        t("tables.checked", lang): [_label(f"verification.{v}", v, lang) for v in rows["verification"]],
        t("common.sources", lang): [sources_cell(s) for s in rows["source_ids"]],
    })


def event_date(ds, event_id: str, lang: str | None = None) -> str:
    """The date of one event as the notebooks write it ('20 February 1988')."""
    ds = shared_dataset(ds)
    row = ds.events[ds.events["id"] == event_id]
    if row.empty:
        raise KeyError(f"no event {event_id!r}; {did_you_mean(event_id, ds.events['id'])}")
    r = row.iloc[0]
    return format_date(r["date"], r["precision"], lang)


def _figure_text(row, lang: str) -> str:
    """'at least 161 civilians (Human Rights Watch (1993))' from one row of event_figures."""
    number = f"{int(row.low):,}" if not pd.isna(row.low) else "?"
    if not pd.isna(row.high):
        number += f"-{int(row.high):,}"
    if lang == "es":
        number = number.replace(",", ".")
    plain_number = row.qualifier in ("", "exact", "range")
    qualifier = "" if plain_number else _label(f"tables.qualifier.{row.qualifier}", row.qualifier, lang)
    group = getattr(row, f"group_{lang}") or ""
    text = f"{qualifier} {number}".strip()
    if group:
        text += (": " if group[:1].isdigit() else " ") + group
    return f"{text} ({getattr(row, f'counted_by_{lang}')})"


def _merged_sources(*lists) -> str:
    return ", ".join(dict.fromkeys(i for ids in lists for i in split_ids(ids)))


def violence_table(ds=None, events=None, until="1994-05-12", lang: str | None = None) -> Table:
    """Violence against civilians, every event with the same columns (the parallel-wording rule):
    Event, Date, Place, Victims, Responsible (as the sources attribute it), Deaths (each figure with
    who gives it), Words used (each term with who uses it), Sources. `events`: ids (default: every
    event of kind 'violence' up to `until`), in date order."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rows = ds.events
    if events is None:
        rows = rows[rows["kind"] == "violence"]
        if until is not None:
            rows = rows[rows["date"] <= pd.Timestamp(until)]
        rows = rows.sort_values("date", kind="stable")
    else:
        ids = _check_ids(events, rows["id"], "event")
        rows = rows.set_index("id", drop=False).loc[ids]
    figures, terms = ds.tables.get("event_figures"), ds.tables.get("event_terms")
    deaths, words, sources = [], [], []
    for e in rows.itertuples():
        mine = figures[(figures["event_id"] == e.id) & (figures["measure"] == "killed")] if figures is not None else []
        said = terms[terms["event_id"] == e.id] if terms is not None else []
        deaths.append("; ".join(_figure_text(f, lang) for f in mine.sort_values("low", kind="stable").itertuples())
                      if len(mine) else t("tables.none_found", lang))
        words.append("; ".join(f"{getattr(w, f'term_{lang}')} ({getattr(w, f'used_by_{lang}')})" for w in said.itertuples())
                     if len(said) else t("tables.none_found", lang))
        sources.append(_merged_sources(e.source_ids, *(list(mine["source_ids"]) if len(mine) else []),
                                       *(list(said["source_ids"]) if len(said) else [])))
    def column(name):
        return list(rows[f"{name}_{lang}"]) if f"{name}_{lang}" in rows else [""] * len(rows)

    return tidy({
        t("tables.event", lang): list(rows[f"title_{lang}"]),
        t("tables.date", lang): [format_span(r.date, r.date_end, r.precision, lang) for r in rows.itertuples()],
        t("tables.place", lang): list(rows[f"place_{lang}"]),
        t("tables.victims", lang): column("victims"),
        t("tables.responsible", lang): column("perpetrators"),
        t("tables.deaths", lang): deaths,
        t("tables.words", lang): words,
        t("common.sources", lang): sources,
    })
