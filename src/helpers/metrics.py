"""Network measures a history student can read, as tables with actor names.

- `centrality_table`: for each actor, its degree (how many others it had ties with), its number
  of relations, and its betweenness (how often it lies on the shortest chains of ties between
  two OTHER actors: 0 = never, 1 = on every shortest chain between every other pair).
- `brokerage_table`: who sits between SIDES. For every pair of actors from different sides (say
  an Azerbaijani and a Karabakh Armenian actor), we look at the shortest chains of ties between
  them. An actor in the middle of such a chain brokers between those sides. `brokerage` adds up,
  pair by pair, the share of shortest chains that pass through the actor (1 for a pair whose every
  shortest chain passes through it); `only_path_pairs` counts the pairs for which it is the only
  way through; `between_sides` names the sides it connects. A mediator who is the only link
  between two delegations scores on every pair of their members.
- `ego_network`: everyone within one (or more) steps of an actor, with the ties that link them.
- `mediation_path`: the shortest chain of ties from one actor to another, step by step.
- `components_table`: the separate parts of the network (groups with no tie between them).

How the counting works: from every actor at once, we walk the ties step by step (breadth-first)
and count the shortest chains to every other actor, using matrix arithmetic (numpy: one row per
starting actor), so that a network of a thousand actors still takes well under a second. Tests check the results against
networkx's own functions and against small networks whose answers are known by hand.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .graph import NetworkError, node_label, require_ties, resolve_actor, term
from .strings import resolve_language

# ---------------------------------------------------------------- shortest chains, counted

BIG = 400  # networks with more actors than this count in single precision (see below)


def shortest_path_counts(graph: nx.Graph, double: bool | None = None):
    """Distances and numbers of shortest paths between every pair of nodes.

    Returns (nodes, adjacency, dist, count): dist[s, v] is the number of steps from s to v
    (inf if unreachable) and count[s, v] the number of different shortest paths.
    Big networks (over BIG actors) count in single precision, which is twice as fast and still
    exact while counts stay below 2**24; beyond that it counts again in double precision.
    """
    nodes = list(graph.nodes)
    n = len(nodes)
    dtype = np.float64 if (double if double is not None else n <= BIG) else np.float32
    index = {node: i for i, node in enumerate(nodes)}
    adj = np.zeros((n, n), dtype=dtype)
    for u, v in graph.edges():
        adj[index[u], index[v]] = 1.0
        if not graph.is_directed():
            adj[index[v], index[u]] = 1.0
    dist = np.full((n, n), np.inf, dtype=dtype)
    np.fill_diagonal(dist, 0)
    count = np.eye(n, dtype=dtype)
    unvisited = ~np.eye(n, dtype=bool)
    frontier = np.eye(n, dtype=dtype)  # numbers of shortest paths ending at this step's nodes
    step = 0
    while True:
        reached = frontier @ adj  # one more step along the ties, from every start at once
        new = (reached > 0) & unvisited
        if not new.any():
            break
        step += 1
        unvisited &= ~new
        np.copyto(dist, step, where=new)
        np.copyto(count, reached, where=new)
        frontier = np.multiply(reached, new, dtype=dtype)
    if dtype == np.float32 and count.max() >= 2 ** 24:  # too many paths for single precision
        return shortest_path_counts(graph, double=True)
    return nodes, adj, dist, count


def _dependencies(adj, dist, count, weights):
    """Brandes' accumulation for all sources at once: dep[k][s, v] = sum over targets t of
    weights[k][s, t] * (share of shortest s-t paths through v)."""
    n = adj.shape[0]
    longest = int(dist[np.isfinite(dist)].max()) if n else 0
    inverse = np.divide(1.0, count, out=np.zeros_like(count), where=count > 0)
    deps = [np.zeros_like(count) for _ in weights]
    for step in range(longest - 1, 0, -1):
        at_next = dist == step + 1
        at_step = dist == step
        stacked = np.vstack([(w + d) * inverse * at_next for w, d in zip(weights, deps, strict=True)])
        back = stacked @ adj.T  # one step back along the ties
        for k in range(len(weights)):
            np.copyto(deps[k], count * back[k * n:(k + 1) * n], where=at_step)
    return deps


def _sides(graph: nx.Graph, nodes) -> np.ndarray:
    return np.array([graph.nodes[v].get("side", "") for v in nodes], dtype=object)


def _scores(graph: nx.Graph):
    """Betweenness (normalised as in networkx) and cross-side brokerage for every node.

    Kept with the graph (graph.graph["_scores"]) so that the tables and the text alternative of
    one view count only once; a change to the graph's nodes, ties or sides counts again."""
    stamp = (graph.is_directed(), tuple(graph.nodes(data="side")), tuple(graph.edges()))
    cached = graph.graph.get("_scores")
    if cached is not None and cached[0] == stamp:
        return cached[1]
    result = _count_scores(graph)
    graph.graph["_scores"] = (stamp, result, {})  # the dict keeps pairs_through answers
    return result


def pairs_through(graph: nx.Graph, i: int):
    """(only_path_pairs, share per pair of sides) for the i-th node of the graph (remembered)."""
    _, _, _, (dist, count, sides) = _scores(graph)
    memo = graph.graph["_scores"][2]
    if i not in memo:
        memo[i] = _pairs_through(i, dist, count, sides, graph.is_directed())
    return memo[i]


def _count_scores(graph: nx.Graph):
    nodes, adj, dist, count = shortest_path_counts(graph)
    n = len(nodes)
    if n == 0:
        return nodes, np.zeros(0), np.zeros(0), (dist, count, np.array([], dtype=object))
    reach = (np.isfinite(dist) & ~np.eye(n, dtype=bool)).astype(dist.dtype)
    sides = _sides(graph, nodes)
    cross = reach * (sides[:, None] != sides[None, :])
    dep_all, dep_cross = _dependencies(adj, dist, count, [reach, cross])
    between = dep_all.sum(axis=0, dtype=np.float64)
    broker = dep_cross.sum(axis=0, dtype=np.float64)
    if not graph.is_directed():  # each pair was counted from both ends
        between, broker = between / 2, broker / 2
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if not graph.is_directed():
        scale *= 2
    return nodes, between * scale, broker, (dist, count, sides)


# ---------------------------------------------------------------- tables

def _base(graph, nodes, lang):
    return pd.DataFrame({
        "actor": [node_label(graph, v, lang) for v in nodes],
        "actor_id": nodes,
        "side": [term("side", graph.nodes[v].get('side', ''), lang) for v in nodes],
        "kind": [term("kind", graph.nodes[v].get('kind', ''), lang) for v in nodes],
    })


def centrality_table(graph: nx.Graph, lang: str | None = None) -> pd.DataFrame:
    """One row per actor: rank, actor, actor_id, side, kind, degree, relations, betweenness.

    degree = number of other actors it had ties with; relations = number of relations behind
    those ties; betweenness = share of shortest chains between other pairs that pass through it.
    Sorted by betweenness, then degree (rank 1 = most central; equal scores share a rank).
    A network without ties raises EmptyNetworkError (a ValueError) with a friendly message.
    """
    lang = resolve_language(lang)
    require_ties(graph)
    nodes, between, _, _ = _scores(graph)
    table = _base(graph, nodes, lang)
    table["degree"] = [len(set(graph.predecessors(v)) | set(graph.successors(v))) if graph.is_directed()
                       else graph.degree(v) for v in nodes]
    table["relations"] = [int(graph.degree(v, weight="weight")) for v in nodes]
    table["betweenness"] = np.round(between, 6)
    table = table.sort_values(["betweenness", "degree", "actor"], ascending=[False, False, True],
                              kind="stable")
    table.insert(0, "rank", rank_by(table, ["betweenness", "degree"]))
    return table.reset_index(drop=True)


def rank_by(table: pd.DataFrame, columns) -> list[int]:
    """Competition ranks (1, 2, 2, 4...) of rows already sorted best-first by `columns`."""
    keys = list(zip(*(table[c] for c in columns), strict=True))
    ranks, previous = [], None
    for position, key in enumerate(keys, start=1):
        ranks.append(ranks[-1] if key == previous else position)
        previous = key
    return ranks


def brokerage_table(graph: nx.Graph, lang: str | None = None, top: int | None = None) -> pd.DataFrame:
    """Who sits between sides: rank, actor, actor_id, side, brokerage, only_path_pairs, between_sides.

    brokerage = over all pairs of actors from different sides, the summed share of their shortest
    chains that pass through this actor; only_path_pairs = pairs for which it is the only way
    through; between_sides = the (up to three) pairs of sides it connects most, largest share first. Actors that
    broker nothing are listed with 0. `top` keeps only the first rows (faster on big networks).
    """
    lang = resolve_language(lang)
    require_ties(graph)
    nodes, _, broker, _ = _scores(graph)
    table = _base(graph, nodes, lang)
    table["brokerage"] = np.round(broker, 6)
    table["_i"] = range(len(nodes))
    table = table.sort_values(["brokerage", "actor"], ascending=[False, True], kind="stable")
    if top is not None:
        table = table.head(top)
    only, between = [], []
    for i, score in zip(table["_i"], table["brokerage"], strict=True):
        pairs, by_sides = pairs_through(graph, i) if score > 0 else (0, {})
        only.append(pairs)
        strongest = sorted(by_sides.items(), key=lambda x: (-x[1], x[0]))[:3]
        between.append("; ".join(f"{term('side', a, lang)} – {term('side', b, lang)}" for (a, b), _ in strongest))
    table["only_path_pairs"] = only
    table["between_sides"] = between
    table.insert(0, "rank", rank_by(table, ["brokerage"]))
    return table.drop(columns="_i").reset_index(drop=True)


def _pairs_through(v, dist, count, sides, directed):
    """For node v: how many cross-side pairs have v on every shortest path, and the share of
    shortest paths through v summed per pair of sides."""
    n = dist.shape[0]
    on_path = np.isfinite(dist) & (dist[:, v][:, None] + dist[v, :][None, :] == dist)
    on_path[v, :] = on_path[:, v] = False
    np.fill_diagonal(on_path, False)
    names, codes = np.unique(sides.astype(str), return_inverse=True)
    on_path &= codes[:, None] != codes[None, :]
    if not directed:
        on_path &= np.triu(np.ones((n, n), dtype=bool), 1)
    rows, cols = np.nonzero(on_path)
    share = (count[rows, v].astype(np.float64) * count[v, cols]) / count[rows, cols]
    only = int(np.sum(share >= 1 - 1e-6))
    low, high = np.minimum(codes[rows], codes[cols]), np.maximum(codes[rows], codes[cols])
    sums = np.bincount(low * len(names) + high, weights=share, minlength=len(names) ** 2)
    by_sides = {(str(names[k // len(names)]), str(names[k % len(names)])): float(total)
                for k, total in enumerate(sums) if total > 0}
    return only, by_sides


def ego_network(graph: nx.Graph, actor: str, radius: int = 1, lang: str | None = None) -> pd.DataFrame:
    """Everyone within `radius` steps of `actor`: actor, actor_id, side, kind, steps, via, types,
    relation_ids, source_ids (the ties to the actor itself, or on the way, with their sources)."""
    lang = resolve_language(lang)
    centre = resolve_actor(actor, graph)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    steps = nx.single_source_shortest_path_length(undirected, centre, cutoff=radius)
    paths = nx.single_source_shortest_path(undirected, centre, cutoff=radius)
    rows = []
    for node, d in sorted(steps.items(), key=lambda x: (x[1], node_label(graph, x[0], lang))):
        previous = paths[node][-2] if d > 0 else None
        tie = _tie(graph, previous, node) if previous else {}
        rows.append({"actor": node_label(graph, node, lang), "actor_id": node,
                     "side": term("side", graph.nodes[node].get('side', ''), lang),
                     "kind": term("kind", graph.nodes[node].get('kind', ''), lang),
                     "steps": d, "via": node_label(graph, previous, lang) if previous else "",
                     "types": ", ".join(term("type", x, lang) for x in dict.fromkeys(tie.get("types", []))),
                     "relation_ids": ";".join(tie.get("relation_ids", [])),
                     "source_ids": tie.get("source_ids", "")})
    return pd.DataFrame(rows)


def ego_nodes(graph: nx.Graph, actor_id: str, radius: int = 1) -> set:
    """The ids of the actor and everyone within `radius` steps (directions ignored)."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    return set(nx.single_source_shortest_path_length(undirected, actor_id, cutoff=radius))


def _tie(graph, u, v) -> dict:
    """Attributes of the tie between u and v, whichever way it runs (merged if both ways)."""
    if graph.has_edge(u, v) and graph.is_directed() and graph.has_edge(v, u):
        a, b = graph.edges[u, v], graph.edges[v, u]
        merged = dict(zip(a["relation_ids"] + b["relation_ids"], a["types"] + b["types"], strict=True))
        both = (a["source_ids"] + ";" + b["source_ids"]).split(";")
        sources = ";".join(dict.fromkeys(s for s in both if s))
        return {**a, "relation_ids": list(merged), "types": list(merged.values()), "source_ids": sources}
    if graph.has_edge(u, v):
        return graph.edges[u, v]
    return graph.edges[v, u]


def mediation_path(graph: nx.Graph, start: str, end: str, lang: str | None = None) -> pd.DataFrame:
    """The shortest chain of ties from `start` to `end`, one row per actor on it:
    step, actor, actor_id, side, kind, tie_to_next (relation types), relation_ids, source_ids.

    Names can be ids, labels, variants or surnames. Directions are ignored (a chain of contacts).
    If several chains are equally short, the first in a fixed order (by actor id) is shown.
    """
    lang = resolve_language(lang)
    a, b = resolve_actor(start, graph), resolve_actor(end, graph)
    if a == b:
        raise NetworkError(f"start and end are the same actor ({node_label(graph, a, lang)}); "
                           "pick two different actors.")
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    try:
        paths = sorted(nx.all_shortest_paths(undirected, a, b))
    except nx.NetworkXNoPath:
        raise NetworkError(f"no chain of ties links {node_label(graph, a, lang)} and {node_label(graph, b, lang)} in "
                           "this view of the network (they are in separate components).") from None
    path = paths[0]
    rows = []
    for i, node in enumerate(path):
        tie = _tie(graph, node, path[i + 1]) if i + 1 < len(path) else {}
        rows.append({"step": i, "actor": node_label(graph, node, lang), "actor_id": node,
                     "side": term("side", graph.nodes[node].get('side', ''), lang),
                     "kind": term("kind", graph.nodes[node].get('kind', ''), lang),
                     "tie_to_next": ", ".join(term("type", x, lang)
                                              for x in dict.fromkeys(tie.get("types", []))),
                     "relation_ids": ";".join(tie.get("relation_ids", [])),
                     "source_ids": tie.get("source_ids", "")})
    table = pd.DataFrame(rows)
    table.attrs["equally_short_paths"] = len(paths)
    return table


def components_table(graph: nx.Graph, lang: str | None = None) -> pd.DataFrame:
    """The separate parts of the network, largest first: component, size, actors, actor_ids, sides."""
    lang = resolve_language(lang)
    require_ties(graph)
    parts = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    parts = sorted((sorted(p, key=lambda v: node_label(graph, v, lang)) for p in parts),
                   key=lambda p: (-len(p), node_label(graph, p[0], lang)))
    return pd.DataFrame({
        "component": range(1, len(parts) + 1),
        "size": [len(p) for p in parts],
        "actors": ["; ".join(node_label(graph, v, lang) for v in p) for p in parts],
        "actor_ids": [";".join(p) for p in parts],
        "sides": [", ".join(term("side", s, lang) for s in
                            sorted({graph.nodes[v].get("side", "") for v in p})) for p in parts],
    }, columns=["component", "size", "actors", "actor_ids", "sides"])
