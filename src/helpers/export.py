"""Save the network for other tools: Gephi (GEXF), yEd/Cytoscape (GraphML), spreadsheets (CSV).

`export_graph(G, "network.gexf")` picks the format from the file's ending. Every node keeps its
label, side and kind; every tie its relation types, dates, certainty, relation ids and source ids,
so the evidence travels with the network. GEXF and GraphML only hold single values (text,
numbers, true/false), so lists are written as text joined with ";" and dates as YYYY-MM-DD.
A tie's main relation type is written as `relation_type` (GEXF keeps the name "type" for
directed/undirected).
The CSV file is an edge list (one row per tie, the same columns as `edge_table` plus ids).
GEXF files also carry the drawing's positions and side colours, so Gephi opens the same picture.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from .graph import NetworkError
from .suggest import did_you_mean

FORMATS = (".gexf", ".graphml", ".csv")


def _flat(value):
    """A value GEXF/GraphML can hold: lists -> 'a;b', dates -> 'YYYY-MM-DD', None/NaN -> ''."""
    if isinstance(value, (list, tuple, set)):
        return ";".join(_flat(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` whose node, tie and graph attributes are all single values."""
    flat = graph.__class__()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items() if not k.startswith("_")})
    flat.add_nodes_from((n, {k: _flat(v) for k, v in d.items()}) for n, d in graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        data = {("relation_type" if k == "type" else k): _flat(x) for k, x in d.items()}
        flat.add_edge(u, v, **data)
    return flat


def export_graph(graph: nx.Graph, path, lang: str | None = None, positions: bool = True) -> Path:
    """Write `graph` to `path` (.gexf, .graphml or .csv, chosen by the ending); return the path.

    positions: for GEXF, also store each actor's position and side colour for Gephi.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        hint = did_you_mean(suffix or path.name, FORMATS)
        raise NetworkError(f"cannot export to {path.name!r}: the file name must end in "
                           + ", ".join(FORMATS) + (f" ({hint})" if hint else ""))
    if suffix == ".csv":
        from .network_text import edge_table
        edge_table(graph, lang).assign(
            first_date=lambda d: d["first_date"].map(_flat), last_date=lambda d: d["last_date"].map(_flat),
        ).to_csv(path, index=False, encoding="utf-8")
        return path
    flat = flat_copy(graph)
    if suffix == ".gexf":
        if positions and flat.number_of_nodes():
            _add_viz(graph, flat)
        nx.write_gexf(flat, path)
    else:
        nx.write_graphml(flat, path)
    return path


def _add_viz(graph: nx.Graph, flat: nx.Graph) -> None:
    """Gephi's 'viz' attributes: position (scaled up) and the side colour of each actor."""
    from matplotlib.colors import to_rgb

    from .layout import layout_positions
    from .network_plot import SIDE_COLOURS
    pos = layout_positions(graph)
    for node, data in flat.nodes(data=True):
        r, g, b = (int(round(255 * c)) for c in to_rgb(SIDE_COLOURS.get(data.get("side"), "#999999")))
        x, y = pos[node]
        data["viz"] = {"position": {"x": round(x * 400, 2), "y": round(y * 400, 2), "z": 0.0},
                       "color": {"r": r, "g": g, "b": b, "a": 1.0}}
