"""Building the negotiation network: filters, tie aggregation, attributes, names and errors."""

import copy

import networkx as nx
import pandas as pd
import pytest
from network_toy_data import toy_network_dataset

from helpers.graph import (
    EmptyNetworkError,
    NetworkError,
    UnknownActorError,
    expand_kinds,
    negotiation_graph,
    relation_phases,
    relation_spans,
    require_ties,
    resolve_actor,
)


@pytest.fixture()
def ds():
    return toy_network_dataset()


def edges(graph):
    return {tuple(sorted(e)) for e in graph.edges()}


def test_default_view_leaves_documents_and_isolated_actors_out(ds):
    g = negotiation_graph(ds, lang="en")
    assert set(g) == {"med", "az1", "az2", "am1", "ka1", "del_az", "org_cis"}
    assert edges(g) == {("az1", "med"), ("am1", "med"), ("ka1", "med"), ("az1", "del_az"),
                        ("del_az", "org_cis"), ("az1", "az2")}
    assert g.graph["documents_included"] is False
    assert not g.is_directed()


def test_documents_can_be_included(ds):
    g = negotiation_graph(ds, kinds=["people", "documents"])
    assert "doc" in g and "del_az" not in g and "org_cis" not in g
    assert g.graph["documents_included"] is True
    assert g.edges["az1", "doc"]["type"] == "refused_to_sign"


def test_kind_groups_and_schema_kinds():
    assert expand_kinds(None) == ["person", "delegation", "state", "unrecognised_entity", "organisation"]
    assert expand_kinds("institutions") == ["state", "unrecognised_entity", "organisation"]
    assert expand_kinds(["person", "documents"]) == ["person", "document"]


def test_several_relations_between_two_actors_become_one_tie(ds):
    tie = negotiation_graph(ds).edges["med", "az1"]
    assert tie["weight"] == 2
    assert tie["relation_ids"] == ["R008", "R001"]  # in date order
    assert tie["dates"] == ["1994-04-20", "1994-05-04"]
    assert tie["source_ids"] == "S03;S01"
    assert tie["relation_source_ids"] == ["S03", "S01"]
    assert tie["date"] == pd.Timestamp("1994-04-20") and tie["date_end"] == pd.Timestamp("1994-05-04")
    assert tie["notes"] == ["Note 8", "Note 1"]


def test_tie_type_is_the_most_frequent_and_certainty_the_surest(ds):
    extra = pd.DataFrame([{**ds.relations.iloc[2].to_dict(), "id": "R011", "type": "consulted",
                           "certainty": "disputed"}])
    ds.relations = pd.concat([ds.relations, extra], ignore_index=True)
    tie = negotiation_graph(ds).edges["med", "ka1"]
    assert tie["types"] == ["negotiated_with", "consulted"]
    assert tie["type"] == "negotiated_with"  # one each: the schema's order decides
    assert tie["certainty"] == "probable"  # probable beats disputed


def test_node_and_tie_attributes_trace_back_to_sources(ds):
    g = negotiation_graph(ds, lang="es")
    assert g.nodes["med"]["label"] == "Mediadora Mia"
    assert (g.nodes["med"]["side"], g.nodes["med"]["kind"]) == ("russian", "person")
    tie = g.edges["med", "am1"]
    assert tie["relation_ids"] == ["R002"] and tie["source_ids"] == "S02"
    assert tie["notes"] == ["Nota 2"] and tie["places"] == ["Biskek"]


def test_date_window_one_day(ds):
    g = negotiation_graph(ds, start="1994-05-04", end="1994-05-04")
    assert edges(g) == {("az1", "med"), ("am1", "med"), ("ka1", "med"), ("az1", "del_az"), ("del_az", "org_cis")}
    assert g.edges["med", "az1"]["relation_ids"] == ["R001"]


def test_a_tie_dated_to_the_month_counts_all_month(ds):
    g = negotiation_graph(ds, start="1994-05-20", end="1994-05-25")
    assert edges(g) == {("del_az", "org_cis")}
    assert negotiation_graph(ds, start="1994-06-01", end="1994-06-30").number_of_edges() == 0


def test_a_table_with_dates_as_text_gives_the_same_network(ds):
    """A relations table made by hand (dates as 'YYYY-MM-DD' text) is parsed, not rejected."""
    as_text = ds.relations.assign(date=ds.relations["date"].dt.strftime("%Y-%m-%d"),
                                  date_end=ds.relations["date_end"].dt.strftime("%Y-%m-%d"))
    assert not pd.api.types.is_datetime64_any_dtype(as_text["date"])  # text (object, or str in pandas 3)
    first, last = relation_spans(as_text)
    expected_first, expected_last = relation_spans(ds.relations)
    assert list(first) == list(expected_first) and list(last.fillna(0)) == list(expected_last.fillna(0))
    by_hand = copy.copy(ds)
    by_hand.relations = as_text
    window = {"start": "1994-05-04", "end": "1994-05-25"}
    assert edges(negotiation_graph(by_hand, **window)) == edges(negotiation_graph(ds, **window))


def test_phase_from_event_or_from_nearest_event(ds):
    phases = relation_phases(ds.relations, ds.events)
    assert phases.tolist() == ["negotiation", "negotiation", "negotiation", "negotiation", "signing", "signing",
                               "signing", "context", "negotiation", "signing"]
    assert edges(negotiation_graph(ds, phases="context")) == {("az1", "med")}
    g = negotiation_graph(ds, phases=["signing"], kinds=["people", "documents"])
    assert edges(g) == {("am1", "doc"), ("az1", "doc"), ("az2", "doc"), ("az1", "az2")}


def test_relation_type_and_certainty_filters(ds):
    assert edges(negotiation_graph(ds, relation_types="negotiated_with")) == {
        ("az1", "med"), ("am1", "med"), ("ka1", "med")}
    g = negotiation_graph(ds, certainty=["disputed"], kinds=["people", "documents"])
    assert edges(g) == {("az2", "doc")}
    assert "ka1" not in negotiation_graph(ds, certainty=["certain"])


def test_directed_coding_keeps_direction(ds):
    g = negotiation_graph(ds, directed=True)
    assert g.is_directed()
    assert g.has_edge("az2", "az1") and not g.has_edge("az1", "az2")  # "instructed" runs one way
    assert g.has_edge("med", "az1") and g.has_edge("az1", "med")  # talks run both ways


def test_empty_result_is_an_empty_graph_and_metrics_say_so_kindly(ds):
    g = negotiation_graph(ds, relation_types="hosted")
    assert g.number_of_nodes() == 0
    with pytest.raises(EmptyNetworkError, match="no ties match these filters") as err:
        require_ties(g)
    assert isinstance(err.value, ValueError)
    assert "relation_types=hosted" in str(err.value)


@pytest.mark.parametrize("kwargs, expected", [
    ({"relation_types": "negociated_with"}, "did you mean 'negotiated_with'"),
    ({"certainty": "sure"}, "choose from: certain, probable, disputed, unknown"),
    ({"phases": "signin"}, "did you mean 'signing'"),
    ({"kinds": ["peple"]}, "did you mean 'people'"),
    ({"start": "1994-13-01"}, "YYYY-MM-DD"),
    ({"start": "1994-05-10", "end": "1994-05-01"}, "is after the end date"),
])
def test_wrong_arguments_give_learner_readable_errors(ds, kwargs, expected):
    with pytest.raises(NetworkError, match=expected):
        negotiation_graph(ds, **kwargs)


def test_unknown_language_is_refused(ds):
    with pytest.raises(ValueError, match="unknown language"):
        negotiation_graph(ds, lang="fr")


@pytest.mark.parametrize("name", ["az1", "Azer One", "azer one", "Azer Uno", "Cəlilov", "celilov"])
def test_resolve_actor_by_id_label_variant_case_and_accents(ds, name):
    assert resolve_actor(name, ds) == "az1"


def test_resolve_actor_by_a_single_word_of_the_name(ds):
    assert resolve_actor("Mia", ds) == "med"
    assert resolve_actor("Karabakh", ds) == "ka1"


def test_ambiguous_name_lists_the_candidates(ds):
    with pytest.raises(UnknownActorError, match="matches several actors") as err:
        resolve_actor("One", ds)
    for label in ("Azer One", "Armen One", "Karabakh One"):
        assert label in str(err.value)


def test_unknown_name_suggests_the_closest(ds):
    with pytest.raises(UnknownActorError, match="Did you mean 'Mediator Mia'"):
        resolve_actor("Mediatr Mia", ds)


def test_actor_known_but_not_in_the_view(ds):
    g = negotiation_graph(ds)
    with pytest.raises(NetworkError, match="has no tie in this view"):
        resolve_actor("Commentator Cal", g)


def test_graph_made_elsewhere_still_resolves_names():
    g = nx.Graph()
    g.add_edge("x", "y")
    g.nodes["x"]["label"] = "Xavier"
    assert resolve_actor("xavier", g) == "x"


def test_an_adapted_copy_may_add_a_relation_type(tmp_path):
    """A lecturer's copy of the data can add a relation type to its own schema and filter by it."""
    import json
    import shutil

    from helpers import load_dataset, negotiation_graph
    from helpers.dataset import DEFAULT_DATA_DIR

    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    relations = next(r for r in package["resources"] if r["name"] == "relations")
    spec = next(f for f in relations["schema"]["fields"] if f["name"] == "type")
    spec["constraints"]["enum"].append("corresponded_with")
    (copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    lines = (copy / "relations.csv").read_text(encoding="utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    first[header.index("type")] = "corresponded_with"
    (copy / "relations.csv").write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    graph = negotiation_graph(load_dataset(copy), relation_types=["corresponded_with"])
    assert graph.number_of_edges() == 1
