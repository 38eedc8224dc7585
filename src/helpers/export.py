"""Save the network for other tools: Gephi (GEXF), yEd/Cytoscape (GraphML), spreadsheets (CSV).

`export_graph(G, "network.gexf")` picks the format from the file's ending. Every node keeps its
label, side and kind; every tie its relation types, dates, certainty, relation ids and source ids,
so the evidence travels with the network. GEXF and GraphML only hold single values (text,
numbers, true/false), so lists are written as text joined with ";" and dates as YYYY-MM-DD.
A tie's main relation type is written as `relation_type` (GEXF keeps the name "type" for
directed/undirected).
The CSV file is an edge list (one row per tie, the same columns as `edge_table` plus ids).
GEXF files also carry the drawing's positions and side colours, so Gephi opens the same picture.

Exports are safe to open whatever the data held (a lecturer's copy is untrusted text):
- CSV: a text cell that starts with =, +, -, @, a tab or a line break would be run as a
  formula by a spreadsheet; such cells are written with a leading apostrophe ('=1+1), which
  spreadsheets show as text (control characters are dropped, line ends written as newlines);
- GEXF/GraphML: characters XML cannot hold (control characters, U+FFFE, U+FFFF, lone surrogates)
  are removed or replaced with U+FFFD, so the files are always well-formed XML.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd

from .graph import NetworkError
from .safe_text import clean_text
from .suggest import did_you_mean

FORMATS = (".gexf", ".graphml", ".csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")  # what spreadsheets may read as a formula's start
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # dropped: control characters
_NOT_XML_CHAR = re.compile("[\ud800-\udfff\ufffe\uffff]")  # replaced: not characters at all


def xml_text(text: str) -> str:
    """`text` holding only characters XML 1.0 allows (controls removed, non-characters -> U+FFFD)."""
    return _NOT_XML_CHAR.sub("\ufffd", _NOT_XML.sub("", text))


def csv_safe(value):
    """A CSV cell a spreadsheet shows as text: '=1+1' becomes "'=1+1"; control characters are
    dropped and line ends become '\\n' (as the loader reads them); other values unchanged."""
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _flat(value):
    """A value GEXF/GraphML can hold: lists -> 'a;b', dates -> 'YYYY-MM-DD', None/NaN -> ''."""
    if isinstance(value, (list, tuple, set)):
        return ";".join(_flat(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, (bool, int, float)):
        return value
    return xml_text(str(value))


def _node_id(node):
    """A node id XML can hold (ids are written as attributes)."""
    return xml_text(node) if isinstance(node, str) else node


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` whose node, tie and graph attributes are all single values."""
    flat = graph.__class__()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items() if not k.startswith("_")})
    flat.add_nodes_from((_node_id(n), {k: _flat(v) for k, v in d.items()}) for n, d in graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        data = {("relation_type" if k == "type" else k): _flat(x) for k, x in d.items()}
        flat.add_edge(_node_id(u), _node_id(v), **data)
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
        table = edge_table(graph, lang).assign(
            first_date=lambda d: d["first_date"].map(_flat), last_date=lambda d: d["last_date"].map(_flat))
        table = table.map(csv_safe)
        table.columns = [csv_safe(c) for c in table.columns]
        table.to_csv(path, index=False, encoding="utf-8")
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
    pos = {_node_id(n): xy for n, xy in layout_positions(graph).items()}
    for node, data in flat.nodes(data=True):
        r, g, b = (int(round(255 * c)) for c in to_rgb(SIDE_COLOURS.get(data.get("side"), "#999999")))
        x, y = pos[node]
        data["viz"] = {"position": {"x": round(x * 400, 2), "y": round(y * 400, 2), "z": 0.0},
                       "color": {"r": r, "g": g, "b": b, "a": 1.0}}
