"""The tidy tables of notebooks 03-06 (signing, readings, network_tables): human headers in both
languages, names not ids, no index column, clear errors, and the numbers the data give."""

import networkx as nx
import pandas as pd
import pytest

import helpers
from helpers.learner_tables import Tables, tidy_frame
from helpers.readings import VOICE_GROUPS, group_voices, voice_group
from helpers.tables import Table


@pytest.fixture(scope="module")
def ds():
    return helpers.load_dataset()


@pytest.fixture(scope="module")
def g_may(ds):
    return helpers.negotiation_graph(ds, start="1994-04-15", end="1994-05-12")


def no_machine_headers(table):
    assert isinstance(table, Table)
    for column in table.columns:
        assert "_" not in column and column[:1].isupper(), f"machine header {column!r}"
    assert "<th></th>" not in table._repr_html_().replace(" ", "")  # no blank index header cell


def test_tidy_frame_keeps_orders_and_renames_and_shows_no_index():
    frame = pd.DataFrame({"source_ids": ["S04;S11"], "who": ["x"], "drop": [1]}, index=[7])
    table = tidy_frame(frame, {"who": "who", "source_ids": "sources"}, "en")
    assert list(table.columns) == ["Who", "Sources"] and table.iloc[0].tolist() == ["x", "S04, S11"]
    assert ">7<" not in table._repr_html_() and "7" not in repr(table).split("\n")[1][:2]
    es = tidy_frame(frame, {"who": "who", "source_ids": "sources"}, "es")
    assert list(es.columns) == ["Quién", "Fuentes"]


def test_signatures_table_names_people_and_marks_the_disputed_one(ds):
    table = helpers.signatures_table(ds)
    no_machine_headers(table)
    assert "Nizami Bahmanov" in set(table["Signed by"]) and "p_bahmanov" not in table.to_string()
    assert table.loc[table["Signed by"] == "Nizami Bahmanov", "Certainty"].item() == "disputed"
    assert list(helpers.signatures_table(ds, lang="es").columns)[:2] == ["Firmado por", "Lado"]


def test_signature_counts_by_day_and_side_leave_out_the_disputed_signature(ds):
    by_day = helpers.signature_counts(ds, by="day")
    assert by_day.iloc[:, 0].tolist() == ["5 May 1994", "8 May 1994", "Total"]
    assert by_day["Signatures"].tolist() == [6, 1, 7]
    assert helpers.signature_counts(ds, by="side")["Signatures"].tolist() == [2, 1, 4, 7]
    with pytest.raises(ValueError, match="by must be 'day' or 'side'"):
        helpers.signature_counts(ds, by="month")


def test_signature_counts_follow_an_adapted_dataset(ds):
    copy = ds.copy()
    rel = copy.tables["relations"]
    row = rel[rel["source"] == "p_bahmanov"].index
    copy.tables["relations"].loc[row, "certainty"] = "certain"  # a lecturer codes the signature as certain
    assert helpers.signature_counts(copy, by="day")["Signatures"].tolist() == [6, 2, 8]


def test_ceasefire_table_and_two_documents(ds):
    cease = helpers.ceasefire_table(ds)
    assert cease["Place"].tolist() == ["Baku", "Yerevan", "Stepanakert"]
    both = helpers.two_documents(ds)
    no_machine_headers(both)
    assert len(both) == 2 and "Rasul Guliyev" in both["Signatories"].iloc[0]
    with pytest.raises(ValueError, match="unknown document"):
        helpers.signatures_table(ds, "treaty")


def test_name_spellings_finds_the_seeds_misspelling(ds):
    table = helpers.name_spellings("Bajramov", ds)
    assert table["Found"].item() == "Nizami Bahmanov" and "Bakhmanov" in table["Spellings seen in the sources"].item()


def test_amendments_table_reads_clause_and_change(ds):
    table = helpers.amendments_table(ds)
    assert table["Change"].tolist() == ["a word inserted", "a word replaced"]
    assert table["Word after"].iloc[0] == "international"
    assert helpers.amendments_table(ds, lang="es")["Cláusula"].iloc[0] == "Guion 4 (párrafo 5)"


def test_every_voice_of_the_data_belongs_to_one_group(ds):
    assert sum(len(v) for v in VOICE_GROUPS.values()) == len({v for m in VOICE_GROUPS.values() for v in m})
    assert all(voice_group(v, ds) for v in helpers.voices(ds))
    assert voice_group("nobody") is None and voice_group("nobody", ds) is None
    assert helpers.claims_table(ds, group="russian")["Voice"].str.startswith("Vladimir Kazimirov").all()
    with pytest.raises(ValueError, match="unknown voice group"):
        helpers.claims_table(ds, group="russians")


def test_voice_groups_come_from_the_data_when_it_has_them(ds):
    copy = ds.copy()
    copy.tables["interpretations"] = ds.interpretations.assign(
        voice_group=["third_state" if v == "kazimirov" else "armenian" for v in ds.interpretations["voice"]])
    assert voice_group("kazimirov", copy) == "international" and voice_group("seed", copy) == "armenian"
    assert "kazimirov" in group_voices("international", copy)


def test_verification_table_counts_every_claim(ds):
    table = helpers.verification_table(ds)
    counts = table[["Checked against the sources", "Partly checked", "Not verified"]].sum(axis=1)
    assert counts.sum() == len(ds.interpretations)
    assert table.loc[table["Voice"].str.startswith("Vladimir Kazimirov"), "Group"].item() == "The Russian mediator"


def test_claims_table_one_voice_several_voices_one_aspect(ds):
    assert len(helpers.claims_table(ds, "kazimirov")) == (ds.interpretations["voice"] == "kazimirov").sum()
    both = helpers.claims_table(ds, ["armenian", "karabakh_armenian"])
    assert set(both["Voice"]) == {"Armenian accounts", "Karabakh Armenian accounts"}
    outcome = helpers.claims_table(ds, aspect="outcome")
    assert set(outcome["Aspect"]) == {"Outcome"} and len(outcome) == (ds.interpretations["aspect"] == "outcome").sum()
    with pytest.raises(ValueError, match="no interpretations for voice 'kazimirow'"):
        helpers.claims_table(ds, "kazimirow")


def test_terms_versions_and_evidence_tables(ds):
    loaded = helpers.terms_table(ds, loaded=True)
    assert set(loaded["Loaded term?"]) == {"yes"} and len(loaded) == ds.glossary["loaded"].sum()
    with pytest.raises(KeyError, match="occupied_territories"):
        helpers.terms_table(ds, ["occupied_territory"])
    versions = helpers.versions_table("signing_date", ds, value=True)
    assert {"1994-05-05", "1994-05-08", "1994-05-12"} == set(versions["Value"])
    assert "Six signatures on the Bishkek Protocol" in set(versions["Event"])
    several = helpers.versions_table(["protocol_denotes", "legal_nature"], ds, ids=True)
    assert several.columns[0] == "Disputed point" and "C045" in set(several["Id (to cite)"])
    events = helpers.evidence_events(ds, start="1994-05-09", end="1994-05-12")
    assert "ev_ceasefire_in_force" in set(events["Id (to cite)"]) and "ev_bishkek_signing" not in set(events["Id (to cite)"])
    assert helpers.evidence_interpretations(ds, ["I01"])["Voice"].item().startswith("Vladimir Kazimirov")
    assert helpers.source_perspectives(ds, "S15;S20")["Perspective"].tolist()[0] == "Russian mediator"


def test_network_tables_use_names_and_human_headers(ds, g_may):
    rel = helpers.relations_table(ds, ["R116"])
    assert rel.iloc[0].tolist()[:3] == ["R116", "Nizami Bahmanov", "signed"]
    counts = helpers.relation_counts(ds)
    assert counts["Total"].sum() == len(ds.relations)
    for table in (helpers.brokers(g_may), helpers.central_actors(g_may), helpers.neighbours_table(g_may, "Heydar Aliyev"),
                  helpers.chain_table(g_may, "Heydar Aliyev", "Samvel Babayan"), helpers.network_ties(g_may),
                  helpers.why_tie(g_may, "Kazimirov", "Heydar Aliyev", ds)):
        no_machine_headers(table)
    assert len(helpers.network_ties(g_may)) == g_may.number_of_edges()
    people = helpers.brokers(g_may, kind="person", top=None)
    assert people["Actor"].iloc[0] == "Vladimir Kazimirov"
    assert "Azerbaijani parliamentary delegation at Bishkek" not in set(people["Actor"])


def test_tied_to_all_and_sensitivity_tables(ds):
    graph = helpers.negotiation_graph(ds, start="1994-05-04", end="1994-05-05", relation_types="mediated")
    table = helpers.tied_to_all(graph, ["Azerbaijani parliamentary delegation at Bishkek", "del_am", "del_nk"])
    assert "Vladimir Kazimirov" in set(table["Actor"]) and len(table) == 8
    sens = helpers.coding_sensitivity(ds, start="1994-04-15", end="1994-05-12")
    first = helpers.most_central(sens)
    assert first["Coding"].tolist()[0] == "Baseline (as coded)" and first["Most central"].iloc[0] == "Vladimir Kazimirov"
    assert helpers.ranks_of(sens, "p_kazimirov")["Rank"].iloc[0] == 1
    with pytest.raises(KeyError, match="not in this table"):
        helpers.ranks_of(sens, "Nobody Atall")
    summary = helpers.coding_summary(sens, "Vladimir Kazimirov")
    assert isinstance(summary, Tables) and len(summary.tables) == 2 and "Most central" in summary._repr_html_()


def test_gephi_file_writes_a_readable_gexf(g_may, tmp_path):
    path = helpers.gephi_file(g_may, folder=tmp_path)
    assert path.parent == tmp_path and nx.read_gexf(path).number_of_edges() == g_may.number_of_edges()


def test_answers_for_predict_then_reveal_hold_several_tables(ds, g_may):
    answer = helpers.signatures_counted(ds)
    html = answer._repr_html_()
    assert len(answer.tables) == 3 and "Signed by" in html and "Total" in html
    assert len(helpers.rankings(g_may).tables) == 2
