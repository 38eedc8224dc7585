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
