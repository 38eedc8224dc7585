"""The actor network in tidy tables (notebook 05): names not ids, human headers, no index column.

The metrics and text modules return full tables with machine column names (`only_path_pairs`,
`source_ids`, `actor_id`) that tests and other helpers use. These functions show the same results
the way a learner reads them, one call per sentence of the notebook:

    relations_table(ds, ["R065", "R092"])   -> relations as sentences: who, what kind of tie, whom
    relation_counts(ds)                     -> relations per type and certainty
    network_counts(ds)                      -> the sanity counts: actors, ties, relations
    brokers(G), central_actors(G)           -> the ranking tables
    tied_to_all(G, [a, b, c])               -> actors tied to each of the given actors
    neighbours_table(G, "Heydar Aliyev"), chain_table(G, a, b), network_ties(G), why_tie(G, a, b)
    most_central(sensitivity), ranks_of(sensitivity, "Nizami Bahmanov")
    gephi_file(G)                           -> a GEXF file in a temporary folder
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .dataset import shared_dataset
from .graph import resolve_actor, term
from .learner_tables import header
from .learner_tables import tidy_frame as tidy
from .strings import resolve_language, t
from .tables import Table, pick_rows
from .ui import format_date

KINDS_ALL = ["people", "delegations", "institutions", "documents"]


def _label(ds, actor_id: str, lang: str) -> str:
    match = ds.actors.loc[ds.actors["id"] == actor_id, f"label_{lang}"]
    return match.iloc[0] if len(match) else actor_id


def relations_table(ds=None, ids=None, lang: str | None = None) -> Table:
    """Relations by id (all when None) read as sentences: who, kind of tie, towards whom, date,
    certainty, sources."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rel = ds.relations
    if ids is not None:
        rel = pick_rows(rel, ids, "relation")
    frame = pd.DataFrame({
        "id": rel["id"], "who": [_label(ds, a, lang) for a in rel["source"]],
        "type": [term("type", x, lang) for x in rel["type"]],
        "whom": [_label(ds, a, lang) for a in rel["target"]],
        "date": [format_date(d, p, lang) for d, p in zip(rel["date"], rel["precision"], strict=True)],
        "certainty": [t(f"certainty.{c}", lang) for c in rel["certainty"]], "sources": rel["source_ids"],
    })
    return tidy(frame, {"id": "relation", "who": "who", "type": "tie", "whom": "towards", "date": "date",
                        "certainty": "certainty", "sources": "sources"}, lang)


def relation_counts(ds=None, lang: str | None = None) -> Table:
    """How many relations of each kind of tie there are, by certainty, with a total per kind."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    rel = ds.relations
    levels = [c for c in ("certain", "probable", "disputed", "unknown") if c in set(rel["certainty"])]
    rows = []
    for kind, group in rel.groupby("type", sort=True):
        row = {header("tie", lang): term("type", kind, lang)}
        for level in levels:
            row[t(f"certainty.{level}", lang)] = int((group["certainty"] == level).sum())
        row[header("total", lang)] = len(group)
        rows.append(row)
    return Table(pd.DataFrame(rows))


def network_counts(ds=None, lang: str | None = None) -> Table:
    """The sanity counts: actors and ties in the network built from every relation (no date filter,
    every kind of actor), the relations behind them, and the actors that have no relation."""
    from .graph import negotiation_graph

    ds, lang = shared_dataset(ds), resolve_language(lang)
    graph = negotiation_graph(ds, kinds=KINDS_ALL)
    lonely = sorted(_label(ds, a, lang) for a in set(ds.actors["id"]) - set(graph))
    frame = pd.DataFrame({
        header("what", lang): [t("table.count.actors", lang), t("table.count.ties", lang),
                               t("table.count.relations", lang), t("table.count.lonely", lang)],
        header("count", lang): [graph.number_of_nodes(), graph.number_of_edges(), graph.graph["relations"],
                                len(lonely)],
        header("names", lang): ["", "", "", ", ".join(lonely)],
    })
    return Table(frame)


def central_actors(graph: nx.Graph, top: int | None = 8, lang: str | None = None) -> Table:
    """The most central actors: rank, actor, side, degree (actors tied to) and betweenness."""
    from .metrics import centrality_table

    table = centrality_table(graph, lang)
    table = table.head(top) if top else table
    return tidy(table, {"rank": "rank", "actor": "actor", "side": "side", "degree": "degree",
                        "betweenness": "betweenness"}, lang)


def brokers(graph: nx.Graph, top: int | None = 8, kind: str | None = None, lang: str | None = None) -> Table:
    """Who sits between sides: rank, actor, side, brokerage, pairs for which it is the only way
    through, and the sides it connects most. `kind` ('person', 'delegation'...) keeps one kind."""
    from .metrics import brokerage_table

    table = brokerage_table(graph, lang)
    if kind is not None:
        table = table[[graph.nodes[a].get("kind") == kind for a in table["actor_id"]]]
    table = table.head(top) if top else table
    return tidy(table, {"rank": "rank", "actor": "actor", "side": "side", "brokerage": "brokerage",
                        "only_path_pairs": "only_path", "between_sides": "between_sides"}, lang)


def tied_to_all(graph: nx.Graph, actors, lang: str | None = None) -> Table:
    """The actors tied directly to every one of `actors` (names or ids), with their side and for how
    many pairs of sides each is the only way through."""
    from .metrics import brokerage_table

    lang = resolve_language(lang)
    ids = [resolve_actor(a, graph) for a in actors]
    common = set.intersection(*(set(nx.all_neighbors(graph, a)) if graph.is_directed()
                                else set(graph.neighbors(a)) for a in ids)) - set(ids)
    table = brokerage_table(graph, lang)
    table = table[table["actor_id"].isin(common)].sort_values("actor", kind="stable")
    return tidy(table, {"actor": "actor", "side": "side", "only_path_pairs": "only_path"}, lang)


def neighbours_table(graph: nx.Graph, actor: str, lang: str | None = None) -> Table:
    """Everyone tied to `actor` (its ego network, the actor itself first): side, kinds of tie, sources."""
    from .metrics import ego_network

    table = ego_network(graph, actor, lang=lang)
    return tidy(table, {"actor": "actor", "side": "side", "types": "ties", "source_ids": "sources"}, lang)


def chain_table(graph: nx.Graph, start: str, end: str, lang: str | None = None) -> Table:
    """The shortest chain of ties from `start` to `end`: step, actor, tie to the next, sources."""
    from .metrics import mediation_path

    table = mediation_path(graph, start, end, lang)
    return tidy(table, {"step": "step", "actor": "actor", "side": "side", "tie_to_next": "tie_to_next",
                        "source_ids": "sources"}, lang)


def network_ties(graph: nx.Graph, lang: str | None = None) -> Table:
    """Every tie of the network: the two actors, kinds of tie, first date, certainty, sources."""
    from .network_text import edge_table

    lang = resolve_language(lang)
    table = edge_table(graph, lang)
    table = table.assign(first=[format_date(d, "day", lang) for d in table["first_date"]])
    return tidy(table, {"actor_a": "actor", "actor_b": "other_actor", "types": "ties", "first": "first_date",
                        "certainty": "certainty", "source_ids": "sources"}, lang)


def why_tie(graph: nx.Graph, a: str, b: str, ds=None, lang: str | None = None) -> Table:
    """Why is this tie here? The relations behind the tie between `a` and `b`, with their sources."""
    from .network_text import tie_relations

    lang = resolve_language(lang)
    table = tie_relations(graph, a, b, ds, lang)
    table = table.assign(when=[format_date(d, "day", lang) for d in table["date"]])
    return tidy(table, {"relation_id": "relation", "from": "who", "type": "tie", "to": "towards", "when": "date",
                        "certainty": "certainty", "note": "note", "source_ids": "sources"}, lang)


CODINGS = ("baseline", "no_mediators", "directed", "institutions_merged", "no_disputed")


def most_central(sensitivity: pd.DataFrame, lang: str | None = None) -> Table:
    """For each coding of `coding_sensitivity`, the actor(s) ranked first."""
    lang = resolve_language(lang)
    rows = [{header("coding", lang): t(f"table.coding.{c}", lang),
             header("most_central", lang): ", ".join(sensitivity.loc[sensitivity[c] == 1, "actor"])}
            for c in CODINGS if c in sensitivity]
    return Table(pd.DataFrame(rows))


def ranks_of(sensitivity: pd.DataFrame, actor: str, lang: str | None = None) -> Table:
    """One actor's rank under each coding of `coding_sensitivity` (blank: the coding removes it)."""
    lang = resolve_language(lang)
    match = sensitivity[(sensitivity["actor"] == actor) | (sensitivity["actor_id"] == actor)]
    if match.empty:
        from .suggest import did_you_mean
        raise KeyError(f"{actor!r} is not in this table; {did_you_mean(actor, sensitivity['actor'])}")
    row = match.iloc[0]
    return Table(pd.DataFrame([{header("coding", lang): t(f"table.coding.{c}", lang),
                                header("rank", lang): "" if pd.isna(row[c]) else int(row[c])}
                               for c in CODINGS if c in sensitivity]))


def gephi_file(graph: nx.Graph, name: str = "bishkek_network.gexf", folder=None, lang: str | None = None):
    """Write `graph` for Gephi (GEXF) into `folder` (default: a new temporary folder); return the path."""
    import tempfile
    from pathlib import Path

    from .export import export_graph

    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="bishkek-network-"))
    return export_graph(graph, folder / name, lang)


def rankings(graph: nx.Graph, top: int | None = 8, lang: str | None = None):
    """The centrality table, then the brokerage table (the answer to 'who sat in between?')."""
    from .learner_tables import show_tables

    return show_tables(central_actors(graph, top, lang), brokers(graph, top, lang=lang))


def coding_summary(sensitivity: pd.DataFrame, actor: str, lang: str | None = None):
    """Who ranks first under each coding, then one actor's rank under each coding."""
    from .learner_tables import show_tables

    return show_tables(most_central(sensitivity, lang), ranks_of(sensitivity, actor, lang))
