"""Metrics checked against small networks whose answers are known by hand, and against networkx."""

import networkx as nx
import pytest
from network_toy_data import toy_network_dataset

from helpers.graph import EmptyNetworkError, NetworkError, negotiation_graph
from helpers.metrics import (
    brokerage_table,
    centrality_table,
    components_table,
    ego_network,
    mediation_path,
    shortest_path_counts,
)


def sided(edges, sides, directed=False):
    """A graph from an edge list, with a side (and a label = id) on every node."""
    g = nx.DiGraph(edges) if directed else nx.Graph(edges)
    for node in g:
        g.nodes[node].update(side=sides[node], kind="person", label=str(node).upper())
    return g


def two_delegations_and_a_mediator():
    """A1-A2 (Azerbaijani) and B1-B2 (Armenian) meet only through the mediator M."""
    return sided([("A1", "A2"), ("B1", "B2"), ("A1", "M"), ("B1", "M")],
                 {"A1": "azerbaijani", "A2": "azerbaijani", "B1": "armenian", "B2": "armenian", "M": "russian"})


def row(table, actor_id):
    return table.set_index("actor_id").loc[actor_id]


def test_star_centre_is_most_central():
    g = sided([("c", x) for x in "abde"], {"c": "russian", "a": "azerbaijani", "b": "armenian",
                                           "d": "cis", "e": "international"})
    table = centrality_table(g, lang="en")
    assert table.iloc[0]["actor_id"] == "c" and table.iloc[0]["rank"] == 1
    assert row(table, "c")["degree"] == 4
    assert row(table, "c")["betweenness"] == pytest.approx(1.0)  # on every path between the others
    assert (table.set_index("actor_id").drop("c")["betweenness"] == 0).all()
    assert set(table.loc[table["actor_id"] != "c", "rank"]) == {2}  # the leaves tie


def test_mediator_as_only_path_between_two_delegations_is_the_broker():
    table = brokerage_table(two_delegations_and_a_mediator(), lang="en")
    top = table.iloc[0]
    assert top["actor_id"] == "M" and top["rank"] == 1
    assert top["brokerage"] == pytest.approx(4)  # A1-B1, A1-B2, A2-B1, A2-B2
    assert top["only_path_pairs"] == 4
    assert top["between_sides"] == "Armenian (Republic of Armenia) – Azerbaijani"
    a1 = row(table, "A1")  # carries A2 to M, B1 and B2
    assert a1["brokerage"] == pytest.approx(3) and a1["only_path_pairs"] == 3
    assert a1["between_sides"].split("; ")[0] == "Armenian (Republic of Armenia) – Azerbaijani"
    assert row(table, "A2")["brokerage"] == 0 and row(table, "A2")["between_sides"] == ""


def test_pairs_on_the_same_side_do_not_count_as_brokerage():
    g = sided([("a", "m"), ("m", "b")], {"a": "azerbaijani", "m": "russian", "b": "azerbaijani"})
    assert row(brokerage_table(g), "m")["brokerage"] == 0
    assert row(centrality_table(g), "m")["betweenness"] == pytest.approx(1.0)


def test_two_equal_paths_share_the_brokerage():
    g = sided([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")],
              {"a": "azerbaijani", "d": "armenian", "b": "russian", "c": "cis"})
    table = brokerage_table(g)
    assert row(table, "b")["brokerage"] == pytest.approx(0.5)
    assert row(table, "b")["only_path_pairs"] == 0


def test_brokerage_top_keeps_the_first_rows():
    table = brokerage_table(two_delegations_and_a_mediator(), top=2)
    assert list(table["actor_id"]) == ["M", "A1"] or list(table["actor_id"]) == ["M", "B1"]


@pytest.mark.parametrize("n, m, directed", [(12, 20, False), (30, 60, True), (450, 1300, False)])
def test_betweenness_matches_networkx(n, m, directed):
    base = nx.gnm_random_graph(n, m, seed=3, directed=directed)  # over 400 nodes: single precision
    g = sided(base.edges(), {v: "abc"[v % 3] for v in base}, directed=directed)
    expected = nx.betweenness_centrality(g)
    table = centrality_table(g).set_index("actor_id")
    for node, value in expected.items():
        assert table.loc[node, "betweenness"] == pytest.approx(value, abs=1e-5)


def test_path_counts_on_a_square():
    g = sided([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")], dict.fromkeys("abcd", "x"))
    nodes, _, dist, count = shortest_path_counts(g)
    i = {v: k for k, v in enumerate(nodes)}
    assert dist[i["a"], i["d"]] == 2 and count[i["a"], i["d"]] == 2
    assert dist[i["a"], i["b"]] == 1 and count[i["a"], i["b"]] == 1


def test_toy_dataset_ranking_worked_out_by_hand():
    g = negotiation_graph(toy_network_dataset(), lang="en")
    table = centrality_table(g).set_index("actor_id")
    # 7 actors, 15 pairs of others each. Azer One splits the tree into {Azer Two}, {delegation, CIS},
    # {Mediator, Armen, Karabakh}: 1*2 + 1*3 + 2*3 = 11 pairs; Mediator Mia: 9; the delegation: 5.
    assert table.loc["az1", "betweenness"] == pytest.approx(11 / 15, abs=1e-6)
    assert table.loc["med", "betweenness"] == pytest.approx(9 / 15, abs=1e-6)
    assert table.loc["del_az", "betweenness"] == pytest.approx(5 / 15, abs=1e-6)
    assert list(table["rank"].iloc[:3]) == [1, 2, 3]
    assert table.loc["med", "degree"] == 3 and table.loc["med", "relations"] == 4  # two relations to Azer One
    assert table.loc["med", "side"] == "Russian" and table.loc["med", "kind"] == "Person"


def test_tables_use_the_language_asked_for():
    g = negotiation_graph(toy_network_dataset(), lang="en")
    table = centrality_table(g, lang="es").set_index("actor_id")
    assert table.loc["med", "actor"] == "Mediadora Mia"
    assert table.loc["med", "side"] == "Ruso"


def test_ego_network_radius_one_and_two():
    g = negotiation_graph(toy_network_dataset(), lang="en")
    one = ego_network(g, "Mediator Mia")
    assert dict(zip(one["actor_id"], one["steps"], strict=True)) == {"med": 0, "am1": 1, "az1": 1, "ka1": 1}
    first = one.set_index("actor_id").loc["az1"]
    assert first["relation_ids"] == "R008;R001" and first["via"] == "Mediator Mia"
    assert first["types"] == "negotiated with"
    two = ego_network(g, "med", radius=2)
    assert set(two.loc[two["steps"] == 2, "actor_id"]) == {"del_az", "az2"}


def test_mediation_path_step_by_step():
    g = negotiation_graph(toy_network_dataset(), lang="en")
    path = mediation_path(g, "Armen One", "Azer Two")
    assert list(path["actor_id"]) == ["am1", "med", "az1", "az2"]
    assert list(path["step"]) == [0, 1, 2, 3]
    assert path.iloc[1]["relation_ids"] == "R008;R001"
    assert path.iloc[2]["tie_to_next"] == "instructed"
    assert path.iloc[-1]["tie_to_next"] == ""


def test_mediation_path_errors_are_readable():
    g = sided([("a", "b"), ("c", "d")], dict.fromkeys("abcd", "x"))
    with pytest.raises(NetworkError, match="no chain of ties links A and C"):
        mediation_path(g, "a", "c")
    with pytest.raises(NetworkError, match="same actor"):
        mediation_path(g, "a", "A")
    with pytest.raises(NetworkError, match="Did you mean"):
        mediation_path(g, "a", "bb")


def test_components_of_two_disjoint_pairs():
    g = sided([("a", "b"), ("c", "d")], {"a": "cis", "b": "cis", "c": "russian", "d": "cis"})
    table = components_table(g)
    assert list(table["component"]) == [1, 2] and list(table["size"]) == [2, 2]
    assert table.iloc[0]["actors"] == "A; B" and table.iloc[1]["actor_ids"] == "c;d"
    assert table.iloc[1]["sides"] == "CIS bodies, Russian"


def test_metrics_on_an_empty_view_explain_instead_of_crashing():
    g = negotiation_graph(toy_network_dataset(), relation_types="hosted")
    for metric in (centrality_table, brokerage_table, components_table):
        with pytest.raises(EmptyNetworkError, match="Try a wider date window"):
            metric(g)


def test_scores_are_recounted_when_the_graph_changes():
    g = two_delegations_and_a_mediator()
    assert row(brokerage_table(g), "M")["brokerage"] == pytest.approx(4)
    g.add_edge("A1", "B1")  # a direct channel: the mediator is no longer needed
    assert row(brokerage_table(g), "M")["brokerage"] == 0
