"""Export to GEXF, GraphML and CSV, re-read with networkx and pandas."""

import networkx as nx
import pandas as pd
import pytest
from network_toy_data import toy_network_dataset

from helpers.export import export_graph
from helpers.graph import NetworkError, negotiation_graph


@pytest.fixture()
def graph():
    return negotiation_graph(toy_network_dataset(), lang="en")


def test_gexf_round_trip_keeps_attributes_and_positions(graph, tmp_path):
    path = export_graph(graph, tmp_path / "network.gexf")
    back = nx.read_gexf(path)
    assert set(back) == set(graph) and back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["med"]["label"] == "Mediator Mia" and back.nodes["med"]["side"] == "russian"
    assert "position" in back.nodes["med"]["viz"] and "color" in back.nodes["med"]["viz"]
    tie = back.edges["med", "az1"]
    assert tie["relation_ids"] == "R008;R001" and tie["source_ids"] == "S03;S01"
    assert tie["relation_type"] == "negotiated_with" and tie["dates"] == "1994-04-20;1994-05-04"
    assert tie["date"] == "1994-04-20" and float(tie["weight"]) == 2


def test_graphml_round_trip(graph, tmp_path):
    back = nx.read_graphml(export_graph(graph, tmp_path / "network.graphml"))
    assert set(back) == set(graph)
    tie = back.edges["med", "az1"]
    assert tie["types"] == "negotiated_with;negotiated_with" and tie["certainty"] == "certain"
    assert tie["notes"] == "Note 8;Note 1" and tie["directed"] is False
    assert back.graph["documents_included"] is False and "_actors" not in back.graph


def test_directed_graph_exports_as_directed(tmp_path):
    g = negotiation_graph(toy_network_dataset(), directed=True)
    assert nx.read_graphml(export_graph(g, tmp_path / "d.graphml")).is_directed()
    assert nx.read_gexf(export_graph(g, tmp_path / "d.gexf")).is_directed()


def test_csv_edge_list(graph, tmp_path):
    table = pd.read_csv(export_graph(graph, tmp_path / "ties.csv"))
    assert len(table) == graph.number_of_edges()
    first = table.iloc[0]
    assert first["relation_ids"] == "R008;R001" and first["first_date"] == "1994-04-20"
    assert {"actor_a_id", "actor_b_id", "source_ids", "certainty"} <= set(table.columns)


def test_unknown_format_names_the_allowed_endings(graph, tmp_path):
    with pytest.raises(NetworkError, match=r"\.gexf, \.graphml, \.csv.*did you mean '\.gexf'"):
        export_graph(graph, tmp_path / "network.gexff")
    assert not (tmp_path / "network.gexff").exists()


# ------------------------------------------------------------------ exports that cannot hurt

def _relabelled(graph, make):
    """The graph with every actor label and tie note replaced by `make(old)`."""
    g = graph.copy()
    for node in g:
        g.nodes[node]["label"] = make(g.nodes[node]["label"])
    for _, _, data in g.edges(data=True):
        data["notes"] = [make(n) for n in data.get("notes", [])]
    return g


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(graph, tmp_path, start):
    g = _relabelled(graph, lambda label: f"{start}HYPERLINK(\"http://x\",\"{label}\")")
    table = pd.read_csv(export_graph(g, tmp_path / "ties.csv", lang="en"), dtype=str, keep_default_na=False)
    names = list(table["actor_a"]) + list(table["actor_b"])
    written = "\n" if start == "\r" else start  # line ends are written as newlines
    assert names and all(n.startswith(f"'{written}HYPERLINK") for n in names)
    for cell in table.to_numpy().ravel():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert list(table["relation_ids"]) == list(pd.read_csv(export_graph(graph, tmp_path / "plain.csv"),
                                                           dtype=str)["relation_ids"])  # other cells as they were


def test_gexf_and_graphml_stay_well_formed_with_control_characters(graph, tmp_path):
    import xml.etree.ElementTree as ET

    controls = "".join(chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE])
    g = _relabelled(graph, lambda label: f"{label}{controls}<&>\"'")
    for name in ("n.gexf", "n.graphml"):
        path = export_graph(g, tmp_path / name)
        ET.parse(path)  # raises on malformed XML
        back = (nx.read_gexf if name.endswith("gexf") else nx.read_graphml)(path)
        assert back.nodes["med"]["label"] == "Mediator Mia\ufffd<&>\"'"  # controls removed, the rest kept
