"""The text alternative of a network drawing, and where each tie comes from.

For screen-reader users and printed handouts, every network figure comes with:
- `describe_network(G)`: a few sentences (how many actors and ties, which dates, whether
  documents are included, who is most connected, who sits most often between others, who
  brokers between which sides, whether the network falls into separate parts);
- `edge_table(G)`: one row per tie with both actors, the kinds of relation, dates, certainty and
  source ids (a DataFrame: sort it by any column).
`tie_relations(G, a, b)` answers "why is this tie here?": the relations behind one tie, each with
its date, certainty, note and the full references of its sources.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from .dataset import shared_dataset
from .graph import CERTAINTY_ORDER, NetworkError, node_label, resolve_actor, term
from .metrics import _scores, pairs_through
from .strings import resolve_language, t


def _number(value: float, digits: int, lang: str) -> str:
    """0.38 in English, 0,38 in Spanish."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "es" else text


def _names_with_counts(items, lang) -> str:
    return t("network.text.list_sep", lang).join(f"{name} ({count})" for name, count in items)


def describe_network(graph: nx.Graph, lang: str | None = None, top: int = 3) -> str:
    """A plain-language description of the network (the figure's text alternative), one
    sentence per line: counts, dates, documents in or out, sides, kinds of tie, certainty, the
    most connected actors, who lies most often in between, who brokers between which sides,
    and whether the network falls into separate parts."""
    lang = resolve_language(lang)
    lines = _head_lines(graph, lang)
    if graph.number_of_edges() == 0:
        return "\n".join(lines + [t("network.text.empty", lang)])
    lines += _composition_lines(graph, lang)
    lines += _centrality_lines(graph, lang, top)
    parts = sorted((len(p) for p in (nx.weakly_connected_components(graph) if graph.is_directed()
                                     else nx.connected_components(graph))), reverse=True)
    lines.append(t("network.text.one_component", lang) if len(parts) == 1 else
                 t("network.text.components", lang, n=len(parts), size=parts[0]))
    return "\n".join(lines)


def _head_lines(graph, lang) -> list[str]:
    from .ui import format_date
    g, lines = graph.graph, []
    if graph.number_of_edges():
        relations = sum(d.get("weight", 1) for _, _, d in graph.edges(data=True))
        lines.append(t("network.text.counts", lang, actors=graph.number_of_nodes(),
                       ties=graph.number_of_edges(), relations=relations))
    if g.get("start") and g.get("end"):
        lines.append(t("network.text.window", lang, start=format_date(g["start"], "day", lang),
                       end=format_date(g["end"], "day", lang)))
    documents = "documents_in" if g.get("documents_included") else "documents_out"
    lines.append(t(f"network.text.{documents}", lang))
    return lines


def _counted(counter: Counter, area: str, lang: str, order=None) -> str:
    keys = order if order is not None else sorted(counter, key=lambda x: (-counter[x], x))
    return _names_with_counts([(term(area, k, lang), counter[k]) for k in keys if counter[k]], lang)


def _composition_lines(graph, lang) -> list[str]:
    sides = Counter(s for _, s in graph.nodes(data="side"))
    types = Counter(x for _, _, d in graph.edges(data=True) for x in d.get("types", [d.get("type")]))
    certainty = Counter(d.get("certainty") for _, _, d in graph.edges(data=True))
    return [t("network.text.sides", lang, sides=_counted(sides, "side", lang)),
            t("network.text.types", lang, types=_counted(types, "type", lang)),
            t("network.text.certainty", lang,
              certainty=_counted(certainty, "certainty", lang, CERTAINTY_ORDER))]


def _best(scores, names, top) -> list[int]:
    """Indices of the `top` highest scores (ties in alphabetical order of the names)."""
    return sorted(range(len(names)), key=lambda i: (-scores[i], names[i]))[:top]


def _centrality_lines(graph, lang, top) -> list[str]:
    nodes, between, broker, _ = _scores(graph)
    name = [node_label(graph, v, lang) for v in nodes]
    by_degree = sorted(range(len(nodes)), key=lambda i: (-graph.degree(nodes[i]), name[i]))
    lines = [t("network.text.most_ties", lang,
               actors=_names_with_counts([(name[i], graph.degree(nodes[i])) for i in by_degree[:top]], lang))]
    by_between = [i for i in _best(between, name, top) if between[i] > 0]
    lines.append(t("network.text.most_between", lang,
                   actors=_names_with_counts([(name[i], _number(between[i], 2, lang)) for i in by_between], lang))
                 if by_between else t("network.text.no_between", lang))
    by_broker = [i for i in _best(broker, name, top) if broker[i] > 0]
    for i in by_broker:
        only, by_sides = pairs_through(graph, i)
        pairs = sorted(by_sides.items(), key=lambda x: (-x[1], x[0]))[:3]
        side_pairs = t("network.text.list_sep", lang).join(
            t("network.text.side_pair", lang, a=term("side", a, lang), b=term("side", b, lang))
            for (a, b), _ in pairs)
        lines.append(t("network.text.broker", lang, actor=name[i], sides=side_pairs,
                       score=_number(broker[i], 1, lang), only=only))
    if not by_broker:
        lines.append(t("network.text.no_brokers", lang))
    return lines


EDGE_COLUMNS = ["actor_a", "actor_b", "types", "relations", "first_date", "last_date", "certainty",
                "source_ids", "relation_ids", "directions", "actor_a_id", "actor_b_id"]


def edge_table(graph: nx.Graph, lang: str | None = None) -> pd.DataFrame:
    """One row per tie: actor_a, actor_b, types, relations (count), first_date, last_date,
    certainty (the surest of its relations), source_ids, relation_ids, directions (who acted on
    whom, for directed relations), actor_a_id, actor_b_id. Sorted by date, then names."""
    lang = resolve_language(lang)
    name = {v: node_label(graph, v, lang) for v in graph}
    rows = []
    for u, v, d in graph.edges(data=True):
        a, b = (u, v) if graph.is_directed() or name[u] <= name[v] else (v, u)
        directions = (x.split(">") for x in d.get("directions", []))
        rows.append((
            name[a], name[b],
            ", ".join(term("type", x, lang) for x in dict.fromkeys(d.get("types", [d.get("type")]))),
            d.get("weight", 1), d.get("date"), d.get("date_end"), term("certainty", d.get("certainty", ""), lang),
            d.get("source_ids", ""), ";".join(d.get("relation_ids", [])),
            "; ".join(dict.fromkeys(f"{name.get(s, s)} → {name.get(e, e)}" for s, e in directions)),
            a, b,
        ))
    table = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return table.sort_values(["first_date", "actor_a", "actor_b"], kind="stable").reset_index(drop=True)


def tie_relations(graph: nx.Graph, a: str, b: str, ds=None, lang: str | None = None) -> pd.DataFrame:
    """Why is this tie here? One row per relation behind the tie between actors `a` and `b`:
    relation_id, from, to, type, date, certainty, place, note, source_ids, sources (full
    references, with each source's perspective)."""
    from .citations import sources_table
    lang = resolve_language(lang)
    u, v = resolve_actor(a, graph), resolve_actor(b, graph)
    data = [graph.edges[x, y] for x, y in ((u, v), (v, u)) if graph.has_edge(x, y)]
    if not data:
        raise NetworkError(f"there is no tie between {node_label(graph, u, lang)} and {node_label(graph, v, lang)} "
                           "in this view of the network.")
    ds = shared_dataset(ds)
    rows, seen = [], set()
    for d in data:
        for i, rid in enumerate(d["relation_ids"]):
            if rid in seen:
                continue
            seen.add(rid)
            src, dst = d["directions"][i].split(">")
            refs = sources_table(ds, d["relation_source_ids"][i], lang)
            rows.append({
                "relation_id": rid, "from": node_label(graph, src, lang), "to": node_label(graph, dst, lang),
                "type": term("type", d["types"][i], lang), "date": d["dates"][i],
                "certainty": term("certainty", d["certainties"][i], lang), "place": d["places"][i],
                "note": d["notes"][i], "source_ids": d["relation_source_ids"][i],
                "sources": " | ".join(f"{r.id}: {r.reference} ({r.perspective})" for r in refs.itertuples()),
            })
    return pd.DataFrame(rows).sort_values(["date", "relation_id"], kind="stable").reset_index(drop=True)
