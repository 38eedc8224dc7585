"""Build the negotiation network: who dealt with whom, when, and on what evidence.

`negotiation_graph()` turns the dataset's actors and relations tables into a networkx graph:
actors are nodes, relations are ties. Filters pick a date window, phases, relation types,
certainty levels and kinds of actor. Every node and tie keeps its labels, side, dates and source
ids, so any line in a drawing can be traced back to the sources that put it there.

Coding choices made here (they are interpretations; the sensitivity exercise varies them):
- Several relations between the same two actors become ONE tie. The tie keeps the list of its
  relations (`relation_ids`, `types`, `dates`, `certainties`, `relation_source_ids`, `notes`, in
  date order), `weight` = how many relations, `type` = its most frequent relation type, and
  `certainty` = the surest of its relations.
- By default the graph is undirected (who was in contact with whom). With `directed=True` a
  directed relation (e.g. "instructed") runs one way only; undirected ones run both ways.
- Documents (e.g. the protocol) are actors of kind "document" so that signing can be drawn. The
  default "who negotiated with whom" view leaves them OUT; pass `kinds=` with "documents" (or
  "document") to include them. `G.graph["documents_included"]` says which view you have.
- Only actors with at least one tie in the filtered relations become nodes.
- Dates: a tie counts in a window if its span overlaps the window. Its span runs from `date` to
  `date_end`; with no `date_end`, a tie dated to the month (or year) spans that whole month (year).
- Phases: a tie linked to an event takes that event's phase; a tie without an event takes the
  phase of the event nearest to it in time (an event whose span contains the date comes first).
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import networkx as nx
import pandas as pd

from .citations import split_ids
from .dataset import shared_dataset
from .strings import has, resolve_language, t
from .suggest import _fold, closest, did_you_mean

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "data" / "datapackage.json"

# Friendly groups of actor kinds (a learner can say "people" instead of "person").
KIND_GROUPS = {
    "people": ("person",),
    "delegations": ("delegation",),
    "institutions": ("state", "unrecognised_entity", "organisation"),
    "documents": ("document",),
}
DEFAULT_KIND_GROUPS = ("people", "delegations", "institutions")  # documents are left out by default
CERTAINTY_ORDER = ("certain", "probable", "disputed", "unknown")  # surest first


class NetworkError(ValueError):
    """A learner-readable problem with a network request (bad argument, empty result...)."""


class UnknownActorError(NetworkError):
    """No actor matches the name given; the message lists the closest names."""


class EmptyNetworkError(NetworkError):
    """The filters left no ties; the message says which filters were used."""


# ---------------------------------------------------------------- allowed values (from the schema)

def _enums(package: dict) -> dict:
    enums = {}
    for resource in package["resources"]:
        for spec in resource["schema"]["fields"]:
            if "enum" in spec.get("constraints", {}):
                enums[(resource["name"], spec["name"])] = tuple(spec["constraints"]["enum"])
    return enums


@cache
def _default_enums() -> dict:
    return _enums(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def allowed(table: str, field: str, ds=None) -> tuple[str, ...]:
    """The allowed values of a field (e.g. relation types), read from the dataset's own schema, so
    a lecturer's adapted copy of the data may add values; without `ds`, from data/datapackage.json."""
    package = getattr(ds, "package", None)
    return (_enums(package) if package else _default_enums())[(table, field)]


def _check_values(values, choices, what: str) -> list[str]:
    """`values` (a string or a list) as a list, checked against `choices` with a hint."""
    if isinstance(values, str):
        values = [values]
    values = list(values)
    for value in values:
        if value not in choices:
            hint = did_you_mean(str(value), choices)
            raise NetworkError(f"unknown {what} {value!r}" + (f" ({hint})" if hint else "")
                               + f"; choose from: {', '.join(choices)}")
    return values


def expand_kinds(kinds=None, ds=None) -> list[str]:
    """Kinds of actor to include: None -> people, delegations and institutions (no documents).

    Accepts schema kinds ("person", "document", ...) and the groups "people", "delegations",
    "institutions" and "documents".
    """
    if kinds is None:
        kinds = DEFAULT_KIND_GROUPS
    if isinstance(kinds, str):
        kinds = [kinds]
    choices = list(KIND_GROUPS) + list(allowed("actors", "kind", ds))
    out: list[str] = []
    for kind in _check_values(kinds, choices, "kind of actor"):
        out += KIND_GROUPS.get(kind, (kind,))
    return list(dict.fromkeys(out))


def to_timestamp(value, what: str = "date") -> pd.Timestamp | None:
    """A date given as text ('1994-05-05'), date or Timestamp -> Timestamp (None stays None)."""
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise NetworkError(f"could not read {value!r} as a {what}: write it as YYYY-MM-DD, "
                           "e.g. '1994-05-05'") from None
    if pd.isna(stamp):
        raise NetworkError(f"could not read {value!r} as a {what}: write it as YYYY-MM-DD")
    return stamp.normalize()


# ---------------------------------------------------------------- relations with spans and phases

def as_dates(column: pd.Series) -> pd.Series:
    """A date column as datetime64: the loader already gives that (parsing it again costs time on
    every filter); a table made some other way is parsed here."""
    return column if pd.api.types.is_datetime64_any_dtype(column) else pd.to_datetime(column)


def relation_spans(relations: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last day of each relation (month/year precision spans the whole month/year)."""
    first = as_dates(relations["date"])
    end = (as_dates(relations["date_end"]) if "date_end" in relations
           else pd.Series(pd.NaT, index=relations.index))
    precision = relations["precision"] if "precision" in relations else pd.Series("day", relations.index)
    month_end = first + pd.offsets.MonthEnd(0)
    year_end = first + pd.offsets.YearEnd(0)
    implied = first.where(precision == "day", month_end.where(precision == "month", year_end))
    last = end.where(end.notna(), implied)
    return first, last


def relation_phases(relations: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The phase of each relation: its event's phase, else the phase of the nearest event in time."""
    phase_of_event = dict(zip(events["id"], events["phase"], strict=True))
    phases = relations["event_id"].map(phase_of_event) if "event_id" in relations else None
    if phases is None:
        phases = pd.Series(None, index=relations.index, dtype="object")
    missing = phases.isna()
    if missing.any() and len(events):
        ev_first = as_dates(events["date"]).to_numpy()
        ev_last = as_dates(events["date_end"]).fillna(as_dates(events["date"])).to_numpy()
        ev_phase = events["phase"].to_numpy()
        for index, day in as_dates(relations.loc[missing, "date"]).items():
            day = day.to_datetime64()
            inside = (ev_first <= day) & (ev_last >= day)
            gap = abs(ev_first - day).astype("timedelta64[D]").astype(int)
            length = (ev_last - ev_first).astype("timedelta64[D]").astype(int)
            # containing events first (shortest span first), then the nearest start date
            keys = [(0 if inside[i] else 1, length[i] if inside[i] else gap[i], i)
                    for i in range(len(ev_phase))]
            phases.at[index] = ev_phase[min(keys)[2]]
    return phases


def filter_relations(ds, start=None, end=None, phases=None, relation_types=None, certainty=None,
                     kinds=None) -> pd.DataFrame:
    """The relations that pass every filter (both ends must be actors of the included kinds)."""
    relations = ds.relations
    start, end = to_timestamp(start, "start date"), to_timestamp(end, "end date")
    if start is not None and end is not None and start > end:
        raise NetworkError(f"the start date {start.date()} is after the end date {end.date()}")
    keep = pd.Series(True, index=relations.index)
    if start is not None or end is not None:
        first, last = relation_spans(relations)
        if start is not None:
            keep &= last >= start
        if end is not None:
            keep &= first <= end
    if phases is not None:
        wanted = _check_values(phases, allowed("events", "phase", ds), "phase")
        keep &= relation_phases(relations, ds.events).isin(wanted)
    if relation_types is not None:
        keep &= relations["type"].isin(_check_values(relation_types, allowed("relations", "type", ds),
                                                     "relation type"))
    if certainty is not None:
        keep &= relations["certainty"].isin(_check_values(certainty, CERTAINTY_ORDER, "certainty"))
    kind_of = dict(zip(ds.actors["id"], ds.actors["kind"], strict=True))
    included = set(expand_kinds(kinds, ds))
    keep &= relations["source"].map(kind_of).isin(included) & relations["target"].map(kind_of).isin(included)
    keep &= relations["source"] != relations["target"]
    return relations[keep]


# ---------------------------------------------------------------- the graph

def negotiation_graph(ds=None, start=None, end=None, phases=None, relation_types=None, certainty=None,
                      kinds=None, directed: bool = False, lang: str | None = None) -> nx.Graph:
    """The network of actors and their ties, filtered; see the module docstring for the coding.

    ds: a loaded dataset (default: the module's own data, loaded once and shared by the helpers);
    start, end: first and last day ('1994-04-15'); phases, relation_types, certainty: a value or a
    list of values; kinds: kinds of actor or the groups "people", "delegations", "institutions",
    "documents" (default: all but documents); directed: keep the direction of directed relations;
    lang: 'en' or 'es' for labels.

    Node attributes: label, side, kind, role, affiliation, variants, source_ids.
    Tie attributes: type, types, weight, directed, directions, date, date_end, dates, certainty,
    certainties, relation_ids, source_ids, relation_source_ids, note, notes, places.
    """
    ds, lang = shared_dataset(ds), resolve_language(lang)
    kind_list = expand_kinds(kinds, ds)
    relations = filter_relations(ds, start, end, phases, relation_types, certainty, kinds)
    graph = build_graph(ds.actors, relations, directed=directed, lang=lang)
    graph.graph.update({
        "start": "" if start is None else str(to_timestamp(start).date()),
        "end": "" if end is None else str(to_timestamp(end).date()),
        "phases": _joined(phases), "relation_types": _joined(relation_types),
        "certainty": _joined(certainty), "kinds": ";".join(kind_list),
        "documents_included": "document" in kind_list,
    })
    return graph


def _joined(values) -> str:
    if values is None:
        return ""
    return values if isinstance(values, str) else ";".join(values)


def build_graph(actors: pd.DataFrame, relations: pd.DataFrame, directed: bool = False,
                lang: str = "en") -> nx.Graph:
    """Make the graph from an actors table and (already filtered) relations, aggregating ties."""
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.graph.update({"lang": lang, "directed_coding": directed, "relations": len(relations)})
    graph.graph["_actors"] = AllActors(actors)  # for name look-ups and "not in this view" hints
    rel = _relation_columns(relations.sort_values(["date", "id"], kind="stable"), lang)
    ties: dict[tuple[str, str], list[int]] = {}
    for i, (u, v, one_way) in enumerate(zip(rel["source"], rel["target"], rel["directed"], strict=True)):
        if directed:
            ties.setdefault((u, v), []).append(i)
            if not one_way:
                ties.setdefault((v, u), []).append(i)
        else:
            ties.setdefault((u, v) if u <= v else (v, u), []).append(i)
    info = actors.set_index("id").to_dict("index")
    for node in dict.fromkeys(n for key in ties for n in key):
        a = info[node]
        graph.add_node(node, label=a[f"label_{lang}"], side=a["side"], kind=a["kind"],
                       role=a.get(f"role_{lang}", ""), affiliation=a.get("affiliation", ""),
                       variants=a.get("variants", ""), source_ids=a.get("source_ids", ""))
    for (u, v), rows in ties.items():
        graph.add_edge(u, v, **_tie_attributes(rel, rows))
    return graph


def _relation_columns(rel: pd.DataFrame, lang: str) -> dict[str, list]:
    """The relations' columns as plain lists (fast to read one by one), notes and places in `lang`."""
    empty = [""] * len(rel)
    first = as_dates(rel["date"])
    last = as_dates(rel["date_end"]).fillna(first) if "date_end" in rel else first
    return {
        "id": rel["id"].tolist(), "source": rel["source"].tolist(), "target": rel["target"].tolist(),
        "type": rel["type"].tolist(), "directed": rel["directed"].astype(bool).tolist(),
        "date": first.tolist(), "date_end": last.tolist(), "iso": first.dt.strftime("%Y-%m-%d").tolist(),
        "certainty": rel["certainty"].tolist(), "source_ids": rel["source_ids"].astype(str).tolist(),
        "note": rel[f"note_{lang}"].tolist() if f"note_{lang}" in rel else empty,
        "place": rel[f"place_{lang}"].tolist() if f"place_{lang}" in rel else empty,
    }


def _tie_attributes(rel: dict[str, list], rows: list[int]) -> dict:
    """Aggregate the relations (row numbers in `rel`) behind one tie (see the module docstring)."""
    if len(rows) == 1:  # the common case, made quick
        i = rows[0]
        return {
            "type": rel["type"][i], "types": [rel["type"][i]], "weight": 1, "directed": rel["directed"][i],
            "directions": [f"{rel['source'][i]}>{rel['target'][i]}"], "date": rel["date"][i],
            "date_end": rel["date_end"][i], "dates": [rel["iso"][i]], "certainty": rel["certainty"][i],
            "certainties": [rel["certainty"][i]], "relation_ids": [rel["id"][i]],
            "source_ids": ";".join(dict.fromkeys(s for s in rel["source_ids"][i].split(";") if s)),
            "relation_source_ids": [rel["source_ids"][i]], "notes": [rel["note"][i]], "note": rel["note"][i],
            "places": [rel["place"][i]],
        }

    def column(name):
        values = rel[name]
        return [values[i] for i in rows]

    types, certainties, notes = column("type"), column("certainty"), column("note")
    counts = Counter(types)
    type_order = allowed("relations", "type")
    main_type = min(counts, key=lambda x: (-counts[x], type_order.index(x) if x in type_order else 99))
    sources = list(dict.fromkeys(s for ids in column("source_ids") for s in split_ids(ids)))
    return {
        "type": main_type, "types": types, "weight": len(rows),
        "directed": any(column("directed")),
        "directions": [f"{a}>{b}" for a, b in zip(column("source"), column("target"), strict=True)],
        "date": min(column("date")), "date_end": max(column("date_end")), "dates": column("iso"),
        "certainty": min(certainties, key=lambda c: CERTAINTY_ORDER.index(c) if c in CERTAINTY_ORDER else 9),
        "certainties": certainties, "relation_ids": column("id"), "source_ids": ";".join(sources),
        "relation_source_ids": column("source_ids"),
        "notes": notes, "note": " | ".join(n for n in notes if n), "places": column("place"),
    }


def require_ties(graph: nx.Graph) -> nx.Graph:
    """Raise EmptyNetworkError (with the filters used) if the graph has no ties; else return it."""
    if graph.number_of_edges() == 0:
        used = {k: graph.graph.get(k) for k in ("start", "end", "phases", "relation_types", "certainty",
                                                "kinds") if graph.graph.get(k)}
        shown = ", ".join(f"{k}={v}" for k, v in used.items()) or "none"
        raise EmptyNetworkError("no ties match these filters (" + shown + "). Try a wider date "
                                "window or more relation types, certainty levels or kinds of actor.")
    return graph


# ---------------------------------------------------------------- finding an actor by name

def _fold_name(text: str) -> str:
    """Case- and accent-free form of a name; Azerbaijani ə and ı count as e and i ('Cəlilov' = 'celilov')."""
    return _fold(text).replace("ə", "e").replace("ı", "i")


def _actor_names(actors: pd.DataFrame) -> dict[str, str]:
    """Folded name (id, English and Spanish labels, every variant) -> actor id."""
    names: dict[str, str] = {}
    for row in actors.itertuples(index=False):
        spellings = [row.id, row.label_en, row.label_es] + str(getattr(row, "variants", "")).split("|")
        for spelling in spellings:
            if spelling and spelling.strip():
                names.setdefault(_fold_name(spelling), row.id)
    return names


class AllActors:
    """Every actor of the dataset, kept with a graph (shown briefly when a learner prints G.graph)."""

    def __init__(self, table: pd.DataFrame):
        self.table = table

    def __repr__(self) -> str:
        return f"<{len(self.table)} actors in the dataset>"

    def label(self, actor_id: str, lang: str) -> str:
        """The actor's label in `lang` ('' if unknown)."""
        if not hasattr(self, "_labels"):
            self._labels = {}
        if lang not in self._labels:
            self._labels[lang] = dict(zip(self.table["id"], self.table[f"label_{lang}"], strict=True))
        return self._labels[lang].get(actor_id, "")


def _actors_of(where) -> pd.DataFrame:
    if isinstance(where, nx.Graph):
        actors = where.graph.get("_actors")
        if isinstance(actors, AllActors):
            actors = actors.table
        if actors is None:  # a graph made elsewhere: use its nodes
            actors = pd.DataFrame([{"id": n, "label_en": d.get("label", n), "label_es": d.get("label", n),
                                    "variants": d.get("variants", "")} for n, d in where.nodes(data=True)])
        return actors
    if isinstance(where, pd.DataFrame):
        return where
    return shared_dataset(where).actors


def resolve_actor(name: str, where=None) -> str:
    """The actor id for a name: an id, an English or Spanish label, a spelling variant or a
    surname ('Kazimirov', 'Bakhmanov', 'cəlilov'), case and accents ignored.

    where: a graph, a dataset or an actors table (default: the module's dataset). With a graph,
    an actor that exists but has no tie in that view gives a message saying so.
    Unknown or ambiguous names raise UnknownActorError listing the closest names.
    """
    actors = _actors_of(where)
    names = _actor_names(actors)
    key = _fold_name(name)
    found = names.get(key)
    if found is None and key:
        # a surname or part of a name, if it points to exactly one actor
        partial = sorted({aid for folded, aid in names.items() if key in folded.split() or
                          (len(key) >= 4 and key in folded)})
        if len(partial) == 1:
            found = partial[0]
        elif len(partial) > 1:
            labels = dict(zip(actors["id"], actors["label_en"], strict=True))
            options = ", ".join(f"'{labels.get(a, a)}' ({a})" for a in partial)
            raise UnknownActorError(f"{name!r} matches several actors: {options}. "
                                    "Use the full name or the id.")
    if found is None:
        labels = list(actors["label_en"]) + list(actors["id"])
        near = closest(name, labels, n=3, cutoff=0.5) or closest(name, list(names), n=3, cutoff=0.5)
        hint = (" Did you mean " + " or ".join(f"'{m}'" for m in near) + "?") if near else ""
        raise UnknownActorError(f"no actor called {name!r} in the dataset.{hint}")
    if isinstance(where, nx.Graph) and found not in where:
        label = dict(zip(actors["id"], actors["label_en"], strict=True)).get(found, found)
        raise NetworkError(f"{label} ({found}) has no tie in this view of the network: the filters "
                           "(dates, relation types, certainty, kinds of actor) leave them out.")
    return found


def node_label(graph: nx.Graph, node: str, lang: str | None = None) -> str:
    """The display label of a node (its id if it has none); `lang` picks another language's
    label from the dataset when the graph was built in a different one."""
    if lang is not None and lang != graph.graph.get("lang"):
        actors = graph.graph.get("_actors")
        if isinstance(actors, AllActors) and f"label_{lang}" in actors.table:
            found = actors.label(node, lang)
            if found:
                return found
    return graph.nodes[node].get("label", node) if node in graph else str(node)


def term(area: str, value: str, lang: str | None = None) -> str:
    """The learner-facing name of a coded value, e.g. term("side", "karabakh_armenian", "es").

    area is "side", "kind", "type" (relation type), "certainty" or "phase" (the last two are
    shared with the other widgets); an unknown value is shown as is.
    """
    return _term(area, str(value), resolve_language(lang))


@lru_cache(maxsize=1024)
def _term(area: str, value: str, lang: str) -> str:
    key = f"{area}.{value}" if area in ("certainty", "phase") else f"network.{area}.{value}"
    return t(key, lang) if value and has(key, "en") else value
