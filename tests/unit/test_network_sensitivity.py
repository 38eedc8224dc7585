"""Coding-choice sensitivity: ranks under each coding, worked out by hand on the toy network."""

import pandas as pd
import pytest
from network_toy_data import toy_network_dataset

from helpers.graph import EmptyNetworkError, NetworkError
from helpers.sensitivity import CODINGS, coding_graphs, coding_sensitivity, delegates


@pytest.fixture()
def ds():
    return toy_network_dataset()


def ranks(table, coding):
    return {a: (None if pd.isna(r) else int(r)) for a, r in zip(table["actor_id"], table[coding], strict=True)}


def test_table_has_one_rank_column_per_coding(ds):
    table = coding_sensitivity(ds, lang="en")
    assert list(table.columns) == ["actor", "actor_id", "side", *CODINGS, "biggest_change"]
    assert list(table["actor_id"][:3]) == ["az1", "med", "del_az"]  # sorted by the baseline rank


def test_baseline_ranks(ds):
    # betweenness 11/15, 9/15, 5/15; the four others have 0 and one tie each, so they share rank 4
    assert ranks(coding_sensitivity(ds), "baseline") == {
        "az1": 1, "med": 2, "del_az": 3, "am1": 4, "ka1": 4, "az2": 4, "org_cis": 4}


def test_without_mediators(ds):
    # Mediator Mia (Russian) and the CIS assembly leave; Armen One and Karabakh One lose their only tie
    assert ranks(coding_sensitivity(ds), "no_mediators") == {
        "az1": 1, "del_az": 2, "az2": 2, "am1": 4, "ka1": 4, "med": None, "org_cis": None}


def test_directed_ties_make_the_mediator_first(ds):
    # one-way ties (Azer One -> delegation, Azer Two -> Azer One) cut paths through Azer One:
    # Mediator Mia lies on 10 of 30 ordered paths, Azer One on 7
    r = ranks(coding_sensitivity(ds), "directed")
    assert r["med"] == 1 and r["az1"] == 2


def test_institution_merged_into_the_person_who_acted_for_it(ds):
    assert delegates(ds) == {"del_az": ["az1"]}  # the CIS assembly has no person acting for it
    merged = coding_graphs(ds)["institutions_merged"]
    assert "del_az" not in merged and merged.has_edge("az1", "org_cis")
    assert merged.edges["az1", "org_cis"]["relation_ids"] == ["R009"]
    r = ranks(coding_sensitivity(ds), "institutions_merged")
    assert r["del_az"] is None
    assert r["az1"] == 1 and r["med"] == 1  # both now lie on 7 of 10 paths and have 3 ties


def test_disputed_ties_out(ds):
    table = coding_sensitivity(ds, kinds=["people", "documents"])
    assert table.attrs["ties"]["no_disputed"] == table.attrs["ties"]["baseline"] - 1  # Azer Two - protocol
    same = coding_sensitivity(ds)  # no disputed tie without documents: nothing changes
    assert (same["no_disputed"] == same["baseline"]).all()


def test_biggest_change_is_the_largest_move_from_the_baseline(ds):
    table = coding_sensitivity(ds).set_index("actor_id")
    for _, r in table.iterrows():
        moves = [abs(r[c] - r["baseline"]) for c in CODINGS[1:] if not pd.isna(r[c])]
        assert r["biggest_change"] == max(moves)
    assert table.loc["med", "biggest_change"] == 1


def test_degree_metric(ds):
    r = ranks(coding_sensitivity(ds, metric="degree"), "baseline")
    assert r["az1"] == 1 and r["med"] == 1  # three neighbours and four relations each


def test_filters_pass_through_and_errors_are_clear(ds):
    table = coding_sensitivity(ds, start="1994-04-15", end="1994-04-30")
    assert set(table["actor_id"]) == {"med", "az1"}
    with pytest.raises(NetworkError, match="did you mean 'betweenness'"):
        coding_sensitivity(ds, metric="betweeness")
    with pytest.raises(EmptyNetworkError):
        coding_sensitivity(ds, start="1990-01-01", end="1990-01-02")
