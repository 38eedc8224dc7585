"""The text alternative (description, edge table) and 'why is this tie here?'."""

import pytest
from network_toy_data import toy_network_dataset

from helpers.graph import NetworkError, negotiation_graph
from helpers.network_text import describe_network, edge_table, tie_relations


@pytest.fixture()
def ds():
    return toy_network_dataset()


def test_description_counts_and_documents_sentence(ds):
    text = describe_network(negotiation_graph(ds, lang="en"), lang="en")
    lines = text.splitlines()
    assert lines[0] == "The network shows 7 actors and 6 ties, coded from 7 relations in the dataset."
    assert "Documents (such as the protocol itself) are not shown as actors" in text
    assert "All actors are linked in one connected network." in text


def test_description_names_the_most_central_and_the_brokers(ds):
    text = describe_network(negotiation_graph(ds), lang="en")
    assert "Most often in between others (betweenness, from 0 to 1): Azer One (0.73); Mediator Mia (0.60)" in text
    # Azer One lies on the shortest chains of 10 pairs of actors from different sides, all of them alone
    broker = next(line for line in text.splitlines() if line.startswith("Azer One brokers between"))
    assert "brokerage between sides 10.0" in broker and "the only link for 10 pairs" in broker
    assert "Actors by side: Azerbaijani (3)" in text


def test_description_with_documents_and_dates(ds):
    text = describe_network(negotiation_graph(ds, start="1994-05-05", end="1994-05-08",
                                              kinds=["people", "documents"]), lang="en")
    assert "Ties dated from 5 May 1994 to 8 May 1994." in text
    assert "Documents (such as the protocol) are shown as actors" in text
    assert "Ties by certainty: certain (3); disputed (1)." in text


def test_description_in_spanish(ds):
    text = describe_network(negotiation_graph(ds, lang="es"), lang="es")
    assert text.startswith("La red muestra 7 actores y 6 lazos")
    assert "Mediadora Mia" in text


def test_description_of_an_empty_view(ds):
    text = describe_network(negotiation_graph(ds, relation_types="hosted"), lang="en")
    assert "No ties match these filters" in text


def test_description_separate_parts(ds):
    g = negotiation_graph(ds, relation_types=["member_of", "instructed", "consulted", "mediated", "signed"])
    text = describe_network(g, lang="en")
    assert "All actors are linked" in text  # Azer Two - Azer One - delegation - CIS assembly
    g2 = negotiation_graph(ds, relation_types=["negotiated_with", "mediated"])
    assert "falls into 2 separate parts; the largest has 4 actors" in describe_network(g2, lang="en")


def test_edge_table_one_row_per_tie_sortable(ds):
    table = edge_table(negotiation_graph(ds), lang="en")
    assert len(table) == 6
    first = table.iloc[0]  # sorted by first date: the 20 April talks come first
    assert (first["actor_a"], first["actor_b"]) == ("Azer One", "Mediator Mia")
    assert first["relations"] == 2 and first["relation_ids"] == "R008;R001" and first["source_ids"] == "S03;S01"
    assert first["types"] == "negotiated with" and first["certainty"] == "certain"
    instructed = table[table["types"] == "instructed"].iloc[0]
    assert instructed["directions"] == "Azer Two → Azer One"
    assert table.sort_values("relations", ascending=False).iloc[0]["relations"] == 2


def test_why_is_this_tie_here(ds):
    g = negotiation_graph(ds, lang="en")
    why = tie_relations(g, "Mediator Mia", "Azer One", ds=ds, lang="en")
    assert list(why["relation_id"]) == ["R008", "R001"]
    assert list(why["date"]) == ["1994-04-20", "1994-05-04"]
    assert why.iloc[0]["note"] == "Note 8" and why.iloc[0]["source_ids"] == "S03"
    assert "Author C" in why.iloc[0]["sources"] and "Page C" in why.iloc[0]["sources"]
    assert why.iloc[1]["from"] == "Mediator Mia" and why.iloc[1]["to"] == "Azer One"


def test_why_for_actors_without_a_tie(ds):
    with pytest.raises(NetworkError, match="no tie between"):
        tie_relations(negotiation_graph(ds), "Armen One", "Karabakh One", ds=ds)
