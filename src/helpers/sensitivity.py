"""The network is an interpretation: how coding choices change who looks central.

`coding_sensitivity()` builds the network several times, each time changing ONE coding choice,
and ranks the actors each time. The table shows each actor's rank under every coding, so a
learner can see whose importance depends on how the ties were coded.

The codings (each compared with the baseline: undirected, mediators in, institutions kept as
separate nodes, disputed ties in):
- no_mediators: actors on the mediating sides (Russian, CIS, international, Iranian) left out.
- directed: directed relations run one way only (who instructed, addressed or reported to whom).
- institutions_merged: each institution (delegation, state, organisation) is replaced by the
  people who acted for it (who "represented" it or were its members in the filtered relations):
  its ties become ties of each of them. A delegation's talks then count as talks of each of its
  members. Institutions that no person acted for stay as they are.
- no_disputed: ties whose certainty is "disputed" left out.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .dataset import shared_dataset
from .graph import KIND_GROUPS, NetworkError, expand_kinds, filter_relations, negotiation_graph, require_ties, term
from .metrics import brokerage_table, centrality_table, rank_by
from .strings import resolve_language
from .suggest import did_you_mean

MEDIATOR_SIDES = ("russian", "cis", "international", "iranian")
INSTITUTION_KINDS = ("delegation", "state", "unrecognised_entity", "organisation")
CODINGS = ("baseline", "no_mediators", "directed", "institutions_merged", "no_disputed")
METRICS = ("betweenness", "degree", "brokerage")


def coding_graphs(ds=None, lang: str | None = None, **filters) -> dict[str, nx.Graph]:
    """The network under each coding (see the module docstring), with the same filters."""
    ds, lang = shared_dataset(ds), resolve_language(lang)
    base = negotiation_graph(ds, lang=lang, **filters)
    graphs = {"baseline": base}
    keep = [v for v, side in base.nodes(data="side") if side not in MEDIATOR_SIDES]
    graphs["no_mediators"] = _copy_graph(base.subgraph(keep))
    graphs["directed"] = negotiation_graph(ds, lang=lang, directed=True, **filters)
    graphs["institutions_merged"] = merge_institutions(base, ds, **filters)
    certainty = filters.pop("certainty", None) or ("certain", "probable", "disputed", "unknown")
    certainty = [certainty] if isinstance(certainty, str) else list(certainty)
    undisputed = [c for c in certainty if c != "disputed"]
    graphs["no_disputed"] = negotiation_graph(ds, lang=lang, certainty=undisputed, **filters)
    return graphs


def _copy_graph(view: nx.Graph) -> nx.Graph:
    graph = view.copy()
    graph.graph.update(view.graph)
    return graph


def delegates(ds, **filters) -> dict[str, list[str]]:
    """institution id -> the people who acted for it: those who "represented" it or were its
    members ("member_of"), in the relations that pass the same filters (kinds aside)."""
    # who belongs to what depends on the dates and certainty chosen, not on the types or kinds shown
    filters = {k: v for k, v in filters.items() if k in ("start", "end", "phases", "certainty")}
    relations = filter_relations(ds, kinds=list(KIND_GROUPS), **filters)
    kind = dict(zip(ds.actors["id"], ds.actors["kind"], strict=True))
    links = relations[relations["type"].isin(["represented", "member_of"])
                      & relations["target"].map(kind).isin(INSTITUTION_KINDS)
                      & (relations["source"].map(kind) == "person")]
    return {institution: sorted(set(group["source"])) for institution, group in links.groupby("target", sort=True)}


def merge_institutions(graph: nx.Graph, ds, **filters) -> nx.Graph:
    """A copy of `graph` in which each institution is replaced by the people who acted for it:
    a tie of the institution becomes a tie of each of them (ties are merged where they meet).
    Institutions nobody represented (in the filtered relations) stay as they are."""
    people = {k: v for k, v in delegates(ds, **filters).items() if k in graph}
    merged = graph.__class__()
    merged.graph.update(graph.graph)
    info = ds.actors.set_index("id")
    lang = graph.graph.get("lang", "en")

    def add_node(node):
        if node not in merged:
            data = dict(graph.nodes[node]) if node in graph else {
                "label": info.at[node, f"label_{lang}"], "side": info.at[node, "side"],
                "kind": info.at[node, "kind"]}
            merged.add_node(node, **data)

    for node in graph:
        for new in people.get(node, [node]):
            add_node(new)
    for u, v, data in graph.edges(data=True):
        for a in people.get(u, [u]):
            for b in people.get(v, [v]):
                if a == b:
                    continue
                if merged.has_edge(a, b):
                    _add_weight(merged.edges[a, b], data)
                else:
                    merged.add_edge(a, b, **{k: (list(x) if isinstance(x, list) else x)
                                             for k, x in data.items()})
    return merged


def _add_weight(target: dict, data: dict) -> None:
    """Merge the relations of tie `data` into tie `target` (weight, relation ids, types, sources)."""
    target["weight"] = target.get("weight", 1) + data.get("weight", 1)
    for key in ("relation_ids", "types"):
        target[key] = list(target.get(key, [])) + list(data.get(key, []))
    both = f"{target.get('source_ids', '')};{data.get('source_ids', '')}".split(";")
    target["source_ids"] = ";".join(dict.fromkeys(s for s in both if s))


def coding_sensitivity(ds=None, metric: str = "betweenness", lang: str | None = None,
                       **filters) -> pd.DataFrame:
    """Rank of every actor under each coding, side by side, sorted by the baseline rank.

    Columns: actor, actor_id, side, then one rank column per coding (baseline, no_mediators,
    directed, institutions_merged, no_disputed; empty where the coding removes the actor), then
    biggest_change (largest move up or down from the baseline rank, in places).
    metric: "betweenness" (ties broken by degree), "degree" or "brokerage" (between sides).
    filters: the same as negotiation_graph (start, end, phases, relation_types, certainty, kinds).
    """
    if metric not in METRICS:
        hint = did_you_mean(str(metric), METRICS)
        raise NetworkError(f"unknown metric {metric!r}" + (f" ({hint})" if hint else "")
                           + f"; choose from: {', '.join(METRICS)}")
    ds, lang = shared_dataset(ds), resolve_language(lang)
    expand_kinds(filters.get("kinds"))  # check early, with a clear message
    graphs = coding_graphs(ds, lang=lang, **filters)
    require_ties(graphs["baseline"])
    ranks = {name: _ranks(g, metric, lang) for name, g in graphs.items()}
    ids = list(ranks["baseline"].index) + sorted(set().union(*(r.index for r in ranks.values()))
                                                 - set(ranks["baseline"].index))
    side_of = dict(zip(ds.actors["id"], ds.actors["side"], strict=True))
    label_of = dict(zip(ds.actors["id"], ds.actors[f"label_{lang}"], strict=True))
    table = pd.DataFrame({"actor": [label_of.get(a, a) for a in ids], "actor_id": ids,
                          "side": [term("side", side_of.get(a, ""), lang) for a in ids]})
    for name in CODINGS:
        table[name] = pd.array([ranks[name].get(a) for a in ids], dtype="Int64")
    moves = table[list(CODINGS[1:])].sub(table["baseline"], axis=0).abs()
    table["biggest_change"] = moves.max(axis=1, skipna=True).astype("Int64")
    table.attrs["metric"] = metric
    table.attrs["top"] = {name: (table.loc[table[name] == 1, "actor"].tolist()) for name in CODINGS}
    table.attrs["nodes"] = {name: g.number_of_nodes() for name, g in graphs.items()}
    table.attrs["ties"] = {name: g.number_of_edges() for name, g in graphs.items()}
    return table.reset_index(drop=True)


def _ranks(graph: nx.Graph, metric: str, lang: str) -> pd.Series:
    """actor id -> rank (1 = most central) under `metric`."""
    if graph.number_of_edges() == 0:  # nothing to rank under this coding
        return pd.Series(dtype="Int64")
    if metric == "brokerage":
        table = brokerage_table(graph, lang)
    else:
        table = centrality_table(graph, lang)
        if metric == "degree":
            table = table.sort_values(["degree", "relations", "actor"], ascending=[False, False, True],
                                      kind="stable")
            table["rank"] = rank_by(table, ["degree", "relations"])
    return pd.Series(list(table["rank"]), index=list(table["actor_id"]))
